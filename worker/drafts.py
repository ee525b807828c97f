"""Plans built from the scenario analysis, one builder per diagram type.

A builder decides which candidates become elements and which clauses become links. It asks a
`Chooser` for two numbers: how likely a candidate is to be drawn, and how likely a pair is to
be linked. The rule-of-thumb chooser here gives the analysis-only draft; the learned planner
(worker.planner) answers the same questions from what the training diagrams drew.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Protocol

from worker import lexicon as lx
from worker.activity_loops import loops_back
from worker.activity_notes import PARALLEL_LIST, parallel_parts, read_notes
from worker.analysis import (
    ARROW,
    ASKS_FOR_A,
    COUNTED_NAMES,
    KINDS_LABEL,
    MEASURED_IN,
    NAME_WORD,
    SHOW_HOW,
    Analysis,
    Candidate,
    Clause,
    Relation,
    analyse,
    counted_items,
    display,
    heading_line,
    name_key,
    salience,
    singular,
    singular_key,
    story_moment,
    third_person,
    user_story,
    verb_base,
)
from worker.plan import Link, Plan, Step, element_key
from worker.sequence_notes import read_messages
from worker.states import Machine, past_participle, read_machine
from worker.usecase_links import add_include_extend, merge_shortened
from worker.usecase_notes import noted_doers, read_roles

MAX_ELEMENTS = {
    "class": 14,
    "object": 16,
    "component": 18,
    "sequence": 10,
    "usecase": 20,
    "state": 16,
    "timing": 8,
    "activity": 20,
}


class Chooser(Protocol):
    def element_scores(self, analysis: Analysis, diagram_type: str) -> dict[str, float]: ...

    def element_threshold(self, diagram_type: str) -> float: ...

    def element_floor(self, diagram_type: str) -> int: ...

    def element_share(self, diagram_type: str) -> float: ...


class RuleChooser:
    """The analysis alone: salience, squashed to 0..1, with a fixed cut."""

    def element_scores(self, analysis: Analysis, diagram_type: str) -> dict[str, float]:
        scores = {}
        # "Students enroll ... a student pays": the plural and the singular are one thing,
        # and each counts the other's uses.
        uses: dict[str, float] = {}
        for cand in analysis.candidates.values():
            if not cand.action:
                twin = singular_key(cand.name)
                uses[twin] = uses.get(twin, 0) + _uses(cand)
        acted_on = _acted_on(analysis)
        acting = {c.subject for c in analysis.clauses if verb_base(c.verb or "") is not None}
        for cand in analysis.candidates.values():
            value = salience(cand)
            if not cand.action:
                value += uses[singular_key(cand.name)] - _uses(cand)
            if diagram_type in ("class", "object", "component") and cand.owned and not cand.subject:
                value -= 3
            elif diagram_type in ("class", "object"):
                # What people add, pay with and look up is what a domain model holds, and
                # so is whoever acts ("The manager reviews it").
                thing = cand.role == "thing" and cand.key in acted_on
                value += 1.5 * (thing or cand.key in acting)
            if diagram_type == "component" and cand.role == "system":
                value += 3
            elif diagram_type == "component" and cand.key in acting and cand.role != "actor":
                value += 1.5  # "Prometheus scrapes metrics": a part that does something
            elif diagram_type == "component" and singular(cand.head) in _DATA_HEADS:
                value -= 3  # "publishes order events": what goes between parts, not a part
            if diagram_type in ("sequence", "usecase", "timing") and cand.role in (
                "actor",
                "system",
            ):
                value += 3
            if cand.full == 0:
                value -= 2
            scores[cand.key] = 1 / (1 + pow(2.718, -(value - 5) / 2))
        return scores

    def element_threshold(self, diagram_type: str) -> float:
        return 0.5

    def element_floor(self, diagram_type: str) -> int:
        return 2

    def element_share(self, diagram_type: str) -> float:
        return 0.0  # the fixed cut alone


# What parts of a system pass to each other: a link's label in a component diagram.
_DATA_HEADS = {
    "event",
    "message",
    "data",
    "request",
    "record",
    "metric",
    "notification",
    "email",
    "file",
    "log",
    "report",
    "payload",
    "update",
    "result",
    "response",
    "command",
}


def _acted_on(analysis: Analysis) -> set[str]:
    """What a clause does something to: its objects, and what it puts something into or
    works with ("adds products to the cart"), but not "by title" or "for each day", nor what
    something "is", "becomes" or has."""
    found: set[str] = set()
    for clause in analysis.clauses:
        verb = clause.verb or ""
        if clause.subject is None or verb in lx.HAS_VERBS or verb_base(verb) in (None, "become"):
            continue
        found.update(clause.objects)
        text = clause.text.lower()
        for key in clause.targets:
            name = analysis.candidates[key].name.lower()
            at = text.find(name)
            before = text[:at].split()[-3:] if at > 0 else []
            if set(before) & {"to", "into", "with", "in", "on", "from"}:
                found.add(key)
    return found


def _uses(cand: Candidate) -> float:
    return cand.count + 2 * cand.subject + cand.object + cand.target


SHORT_SCENARIO = 10  # sentences; the data set's use cases run to 20-40
# The headings of a use case document, as the data set writes each scenario; a user's own
# text, however long, seldom has two of them.
_DOCUMENT_SECTIONS = frozenset(
    "actors preconditions postconditions flow triggers exceptions scenarios".split()
    + ["business rules"]
)


def _short(analysis: Analysis) -> bool:
    """A user's own text (a few lines, or prose, stories or notes of any length), not a use
    case document with its sections (Actors, Preconditions, Flow ...), which the learned cuts
    were calibrated on."""
    sections = {s.section for s in analysis.sentences}
    return len(analysis.sentences) <= SHORT_SCENARIO or len(sections & _DOCUMENT_SECTIONS) < 2


def _scores(analysis: Analysis, chooser: Chooser, diagram_type: str) -> dict[str, float]:
    """The chooser's scores; for a short scenario, a learned chooser's are averaged with the
    analysis' own, since it learned from long use case texts only."""
    scores = chooser.element_scores(analysis, diagram_type)
    if isinstance(chooser, RuleChooser) or not _short(analysis):
        return scores
    rules = RuleChooser().element_scores(analysis, diagram_type)
    return {key: (value + rules.get(key, 0.0)) / 2 for key, value in scores.items()}


def _choose(
    analysis: Analysis, chooser: Chooser, diagram_type: str, allowed=None
) -> list[Candidate]:
    """Candidates to draw, best first: above the chooser's threshold, no duplicates (a plural
    and its singular, a head and the phrase it ends), at most the type's maximum."""
    scores = _scores(analysis, chooser, diagram_type)
    threshold = chooser.element_threshold(diagram_type)
    # However low their scores, the best few are drawn: a diagram of two boxes says little.
    floor = chooser.element_floor(diagram_type)
    if not isinstance(chooser, RuleChooser) and _short(analysis):
        # A learned cut is calibrated on long use case texts; a short scenario still gets at
        # least as many elements as the analysis alone would draw, in the learned order.
        floor = max(floor, len(_choose(analysis, RuleChooser(), diagram_type, allowed)))
    # "Author(name)": the name before a compact list is a class the user declared, drawn
    # first; a one-word item of the list is its attribute, never an element of its own.
    owners = set(analysis.lists) if diagram_type in ("class", "object") else set()
    items = {name_key(i) for found in analysis.lists.values() for i in found if " " not in i}
    items = items - owners if owners else set()
    ranked = sorted(
        analysis.candidates.values(),
        key=lambda c: (c.key not in owners, -scores.get(c.key, 0), c.first),
    )
    chosen: list[Candidate] = []
    short = _short(analysis)
    # "Try again" asks for more than the cut gives: this many past it, best first.
    extra = getattr(chooser, "extra", 0)
    # A long text with many likely elements draws more of them than one with a few. With
    # calibrated scores, drawing the k best has an expected F1 of about 2·Σp / (k + P), P the
    # scores' sum; one more element raises it while its score beats Σp / (k + P), and the
    # learned share scales that bar (0: the fixed cut alone). A short text keeps the cut.
    share = 0.0 if short else chooser.element_share(diagram_type)
    expected = sum(scores.values())
    drawn_score = 0.0
    for cand in ranked:
        if (allowed is not None and not allowed(cand)) or cand.key in items:
            continue
        if cand.key in _KIND_WORDS:
            continue  # ("are all kinds of health event": the kinds are named, not a "Kind")
        used = cand.subject or cand.target or cand.object > cand.owned
        if short and (cand.full == 0 or (cand.owned and not used)):
            # In a few sentences, a word never used as a whole phrase ("Address" of "email
            # address") or only ever owned by something is a part, not an element.
            continue
        if diagram_type == "class":
            cand = _by_its_head(cand, analysis)
        said_short = next(
            (
                c
                for c in chosen
                if _in_full(cand, c)
                or (diagram_type in ("component", "sequence") and _named_once_in_full(cand, c))
            ),
            None,
        )
        if said_short is not None:
            # ("the central mart server" once, "the mart server" after): one thing, drawn by
            # its full name
            chosen[chosen.index(said_short)] = cand
            continue
        if _duplicate(cand, chosen):
            continue
        if short and diagram_type not in ("class", "object") and _generic(cand, analysis):
            continue  # "each service" where the order and payment services are named
        shorter = _named_shorter(cand, chosen, analysis) if short else None
        if shorter is not None:
            # "The frontend" after "a React frontend": one thing, drawn by its full name.
            chosen[chosen.index(shorter)] = cand
            continue
        score = scores.get(cand.key, 0)
        if share:
            below = score < share * drawn_score / (len(chosen) + expected)
        else:
            below = score < threshold
        if below and len(chosen) >= floor:
            if extra <= 0:
                break
            extra -= 1
        chosen.append(cand)
        drawn_score += score
        if len(chosen) >= MAX_ELEMENTS[diagram_type]:
            break
    return chosen


_KIND_WORDS = frozenset("kind kinds sort sorts".split())


def _acronym_of(short: str, long: str) -> bool:
    """ "RIS" of "Radiology Information System": a capitalised short name made of the
    initials of a longer one's words, one of them a compound that gives two ("AODB" of
    "Airport Operational Database": data-base)."""
    words = [w.upper() for w in long.split() if w.lower() not in lx.FUNCTION_WORDS]
    if len(short) < 2 or not short.isupper() or " " in short or len(words) < 2:
        return False
    initials = "".join(w[0] for w in words)
    if short == initials:
        return True
    if len(short) != len(words) + 1:
        return False
    for index, word in enumerate(words):
        if short[:index] + short[index + 2 :] != initials[:index] + initials[index + 1 :]:
            continue
        tails = [word[i:] for i in range(3, len(word) - 2) if word[i] == short[index + 1]]
        if short[index] == word[0] and any(t.lower() in _COMPOUND_TAILS for t in tails):
            return True
    return False


# the second halves of compounds that acronyms spell with a letter of their own
_COMPOUND_TAILS = frozenset("base ware way book board point flow work line store box".split())


# Words that single out the one thing of its kind a system has, no other kind of it
_ONE_OF_A_KIND = frozenset("central main existing shared primary".split())


def _one_word_more(cand: Candidate, other: Candidate) -> bool:
    """Whether cand is other's name, of two words or more, with one word before it."""
    words, others = cand.name.lower().split(), other.name.lower().split()
    return len(others) >= 2 and len(words) == len(others) + 1 and words[1:] == others


def _in_full(cand: Candidate, other: Candidate) -> bool:
    """Whether cand is other said in full: "Central Mart Server" of "Mart Server"."""
    return _one_word_more(cand, other) and cand.name.split()[0].lower() in _ONE_OF_A_KIND


def _named_once_in_full(cand: Candidate, other: Candidate) -> bool:
    """Whether a part is named once in full before the text shortens it: "an ultrasonic bay
    sensor" first, "bay sensors" after."""
    return (
        _one_word_more(cand, other)
        and cand.count == 1
        and other.count >= 2
        and cand.first <= other.first
    )


def _duplicate(cand: Candidate, chosen: list[Candidate]) -> bool:
    sing = singular_key(cand.name)
    for other in chosen:
        if singular_key(other.name) == sing:
            return True
        if _acronym_of(cand.name, other.name) or _acronym_of(other.name, cand.name):
            return True
        words, others = cand.name.lower().split(), other.name.lower().split()
        # ("PACS Server" beside "PACS", "OIS System" beside "OIS": a system by its initials,
        # and the same one named with what it is)
        short, longer = sorted((cand.name.split(), other.name.split()), key=len)
        if (
            len(short) == 1
            and len(longer) == 2
            and short[0].isupper()
            and len(short[0]) >= 2
            and longer[0] == short[0]
            and singular(longer[1].lower()) in ("server", "service", "system")
        ):
            return True
        # "Service" beside "Order Service": the head alone adds nothing.
        if len(words) < len(others) and others[-len(words) :] == words:
            return True
        # "Closest Driver" beside "Driver": the same kind of thing, picked out by the moment.
        if len(words) == len(others) + 1 and words[1:] == others and words[0] in _PASSING:
            return True
        # "Virtual Tour Guide System" beside "Virtual Tour Guide": one thing, named twice.
        longer, shorter = (words, others) if len(words) > len(others) else (others, words)
        if len(longer) == len(shorter) + 1 and longer[:-1] == shorter:
            short = cand if len(words) < len(others) else other
            # (but "the homeowner" is someone, and "the homeowner app" what they use)
            person = singular(short.head) in lx.PERSON_WORDS and not short.described_as_system
            if longer[-1] in _SAME_THING_SUFFIXES and not person:
                return True
            # "Dispatch asks ..." beside "the dispatch service": the service by its first
            # word, when that word only ever acts ("Order" beside "Order Service" is also
            # placed, stored or owned, and stays a thing of its own).
            if (
                longer[-1] in ("service", "server")
                and short.subject
                and not short.object
                and not short.target
                and not short.owned
            ):
                return True
        if (
            len(others) < len(words)
            and words[-len(others) :] == others
            and len(others) == 1
            and other.role != "actor"
        ):
            return False
    return False


def _by_its_head(cand: Candidate, analysis: Analysis) -> Candidate:
    """ "A granted application gets one patent", "in max 1 open loan": the class is the
    Application or the Loan the text names more often on its own; the word before it says
    which one, or how it stands, for the moment."""
    words = cand.name.lower().split()
    if len(words) != 2 or not (
        _participle(words[0]) or words[0] in _PASSING | _DANGLING | {"open", "latest"}
    ):
        return cand
    head = analysis.candidates.get(singular_key(words[1]))
    return head if head is not None and head.count > cand.count else cand


def _generic(cand: Candidate, analysis: Analysis) -> bool:
    """A one-word name that several longer names end in ("Service" beside "Order Service" and
    "Payment Service"): the kind of them all, not a part of its own."""
    if cand.words != 1 or cand.role == "actor":
        return False
    if cand.name.isupper() and singular(cand.head.lower()) not in lx.SYSTEM_WORDS:
        return False  # ("SMIB" beside "linked machines' SMIBs": a part's own short name)
    longer = [
        c
        for c in analysis.candidates.values()
        if c.words > 1 and c.full and not c.action and singular(c.head) == singular(cand.head)
    ]
    return len(longer) >= 2


def _named_shorter(
    cand: Candidate, chosen: list[Candidate], analysis: Analysis
) -> Candidate | None:
    """A chosen one-word name that cand spells out in full ("Frontend" of "React Frontend"),
    when the text calls only one thing by it ("a home club and an away club" are two
    clubs, and Club stays)."""
    if not cand.full or cand.words < 2 or cand.action:
        return None  # "Manage Course" is something done to the course, not its name
    # ("A job is either a full rethatch or a patch repair; a ridge job also records ...": a
    # thing is no short name of a kind of it)
    kinds = {(rel.source, rel.target) for rel in analysis.relations if rel.kind == "isa"}
    for other in chosen:
        if (cand.key, other.key) in kinds:
            continue
        if other.words == 1 and other.role != "actor" and cand.head == other.head:
            rivals = [
                c
                for c in analysis.candidates.values()
                if c.key != cand.key
                and c.head == other.head
                and c.words > 1
                and c.full
                and not c.action
                and not cand.key.endswith(c.key)
            ]
            if not rivals:
                return other
    return None


# Words that pick one of a kind out for the moment, not a kind of its own.
_PASSING = set(
    "nearby closest nearest available selected new current assigned chosen desired specific"
    " relevant appropriate existing registered corresponding particular given"
    # ("a successful mating leads to a cria": the mating, as it turned out)
    " successful unsuccessful".split()
)
# Words that name the same thing once more when added to a name ("Order" and "Order
# Database" are two things; "Ride-hailing Platform" and "Ride-hailing Platform App" are one).
_SAME_THING_SUFFIXES = {"system", "application", "app", "platform", "website", "portal", "tool"}
# Values a thing has, never a class or an object of their own: "Received Date", "Name",
# "Path" (of "file path"). The data set's references never draw one.
_VALUE_HEADS = frozenset("date name number initial".split())
_VALUE_WORDS = _VALUE_HEADS | frozenset(
    "time path set price amount count total title description value id code type quantity".split()
)


# When something happens is a value, never a thing: "June", "Sunday 6 April", "Leaves 14:45";
# so are counts read as names ("Ten", "Xs").
_WHEN = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)\b|\d{1,2}:\d{2}",
    re.I,
)


# What a value is ("passenger count", "departure time"), never a class of its own when the
# text lists it as something another thing is kept with.
_VALUE_HEADS = frozenset(
    "count time date name title number price fee fare cost amount total balance weight length"
    " height width size colour color score age capacity rate limit code id plate year".split()
)


def _measured_in(cand: Candidate, analysis: Analysis) -> bool:
    """ "amount in KSh": what the text counts an amount in everywhere it names it."""
    name = rf"\b{re.escape(cand.name)}\b"
    everywhere = len(re.findall(name, analysis.scenario, re.I))
    return everywhere > 0 and everywhere == len(
        re.findall(MEASURED_IN + name, analysis.scenario, re.I)
    )


def _a_value(cand: Candidate) -> bool:
    head = singular(cand.head)
    if cand.words <= 3 and _WHEN.search(cand.name):
        return True
    if cand.words == 1 and (head in lx.NUMBER_WORDS or head in ("x", "xs")):
        return True
    return head in _VALUE_HEADS or (cand.words == 1 and head in _VALUE_WORDS)


def chosen_candidates(analysis: Analysis, chooser: Chooser, diagram_type: str) -> list[Candidate]:
    """The elements a builder of diagram_type starts from (what the pair model is trained on)."""
    if diagram_type in ("sequence", "timing"):
        return _participants(analysis, chooser, diagram_type)
    if diagram_type == "usecase":
        return _choose(analysis, chooser, "usecase")
    return _choose(analysis, chooser, diagram_type)


def _learned_links(
    plan: Plan, analysis: Analysis, chooser, chosen: list[Candidate], kind: str
) -> bool:
    """Links the learned pair model draws between chosen elements; False without one."""
    scorer = getattr(chooser, "pair_scores", None)
    if scorer is None or _short(analysis):
        # The link model learned from long texts; a few sentences say their links outright.
        return False
    scores = scorer(analysis, plan.diagram_type, chosen)
    if not scores:
        return False
    threshold = chooser.pair_threshold(plan.diagram_type)
    labels = {(r.source, r.target): r for r in analysis.relations}
    names = {c.key: _name(c, plan.diagram_type) for c in chosen}
    drawn = {(link.source, link.target) for link in plan.links}
    # A diagram where everything joins everything says nothing: at most this many links in
    # all, the likeliest first.
    room = int(LINKS_PER_ELEMENT * len(chosen)) - len(plan.links)
    for (a, b), p in sorted(scores.items(), key=lambda kv: -kv[1]):
        if p < threshold or (names[a], names[b]) in drawn or (names[b], names[a]) in drawn:
            continue
        if room <= 0:
            break
        room -= 1
        drawn.add((names[a], names[b]))
        rel = labels.get((a, b))
        link_kind = kind
        label = ""
        if rel is not None:
            link_kind = {"has": "composition", "isa": "generalisation"}.get(rel.kind, kind)
            if rel.kind == "has" and _refers_to(rel, analysis, analysis.candidates[b]):
                link_kind = kind
            label = _link_label(rel.label, analysis, 4) if rel.kind == "action" else ""
        plan.links.append(Link(names[a], names[b], link_kind, label))
    return True


LINKS_PER_ELEMENT = 1.0


def _link_label(label: str, analysis: Analysis, limit: int) -> str:
    """A link's label without the names the diagram already shows: "calls payment service"
    on the link to the inventory service, from "calls the payment service and the inventory
    service", is "calls"; "uploads pictures" stays as it is; "taught by exactly" ends at
    "taught by"."""
    words = label.split()[:limit]
    names = {
        tuple(c.name.lower().split())
        for c in analysis.candidates.values()
        if c.full and c.role in ("actor", "system")
    }
    for i in range(1, len(words)):
        rest = tuple(w.lower() for w in words[i:])
        if (
            any(rest[: len(name)] == name for name in names)
            or rest[0] in _LABEL_COUNTS
            or rest[0][:1].isdigit()
        ):
            # ("covers exactly one vehicle": the count is drawn at the link's end)
            words = words[:i]
            break
    while len(words) > 1 and (
        words[-1].lower() in lx.FUNCTION_WORDS or words[-1].lower() in _DANGLING
    ):
        if words[-1].lower() == "by" and _participle(words[-2].lower()):
            break  # "handled by": a passive link reads along the line
        words.pop()
    return " ".join(words)


_LABEL_COUNTS = frozenset("exactly one zero many several multiple".split())


# Words that name a whole system after what it is for: "the virtual tour guide system".
_WHOLE_SYSTEM_WORDS = frozenset(
    "system systems app application platform software portal website site service".split()
)
# The parts of a device a person reads or presses: messages to them reach the device.
_FACES = frozenset("display screen touchscreen keypad reader scanner panel".split())
_PERSONAL_DEVICES = frozenset("phone phones mobile mobiles inbox".split())


def _resolver(analysis: Analysis, chosen: list[Candidate]):
    """Maps any candidate key to the chosen element it names (a plural, a head, a longer
    phrase ending in it), or None."""
    by_key = {c.key: c for c in chosen}
    by_sing = {singular_key(c.name): c for c in chosen}
    scenario = analysis.scenario.lower()

    def resolve(key: str | None) -> Candidate | None:
        if key is None:
            return None
        if key in by_key:
            return by_key[key]
        cand = analysis.candidates.get(key)
        if cand is None:
            return None
        found = by_sing.get(singular_key(cand.name))
        if found:
            return found
        words = cand.name.lower().split()
        longer = [
            o
            for o in chosen
            if o.words > len(words) and o.name.lower().split()[-len(words) :] == words
        ]
        # ("the mart server" is the "Central Mart Server", not the "Scanners Mart Server")
        longer = [o for o in longer if _in_full(o, cand)] or longer
        if len(words) >= 2 and len(longer) == 1:
            # "the object storage" is the "S3-compatible Object Storage" drawn, and "the
            # download service" the "Remote Download Service", though a "Download" is drawn
            return longer[0]
        for other in chosen:
            others = other.name.lower().split()
            if len(others) < len(words) and [singular(w) for w in words[-len(others) :]] == [
                singular(w) for w in others
            ]:
                return other
            # "virtual tour guide system" is the "Virtual Tour Guide" actor.
            if (
                len(words) == len(others) + 1
                and words[:-1] == others
                # (a "gas sensor" is no "gas": only what a whole system is called)
                and (
                    words[-1] in _WHOLE_SYSTEM_WORDS
                    # ("shows it on the exit terminal display": on the exit terminal)
                    or (words[-1] in _FACES and other.role != "actor")
                    # ("pushes a notification to every parent phone": to the parent; "the
                    # user's phone" is reached through whatever the text says)
                    or (
                        words[-1] in _PERSONAL_DEVICES
                        and other.role == "actor"
                        and " ".join(words) in scenario
                    )
                )
            ):
                return other
        named = [
            o for o in chosen if _acronym_of(o.name, cand.name) or _acronym_of(cand.name, o.name)
        ]
        if len(named) == 1:
            return named[0]  # ("the radiology information system" is the RIS drawn)
        if len(words) == 1:
            # "the frontend" is the "React Frontend", when only one chosen name ends so.
            spelled = [o for o in chosen if singular(o.head) == singular(words[0]) and not o.action]
            if len(spelled) == 1:
                return spelled[0]
            # "Dispatch asks ...": the chosen "Dispatch Service", as _duplicate merges them
            service = [o for o in chosen if _duplicate(cand, [o]) and o.words == 2]
            if len(service) == 1:
                return service[0]
        return None

    return resolve


def _named_for_what_they_do(head: str) -> bool:
    """ "buskers", "adopters", "cyclists": people named for what they do, in the plural (not
    "clearance numbers" or "orders", things that end so)."""
    return re.search(r"[a-z](?:er|or|ist|ant)s$", head) is not None and head not in _NOT_DOERS


_NOT_DOERS = frozenset(
    """numbers orders papers letters filters meters registers layers covers folders containers
    computers printers servers routers trailers chargers monitors sensors motors doors floors
    errors sectors factors mirrors indicators calculators elevators generators tractors
    connectors detectors controllers vouchers stickers posters banners answers corners quarters
    matters parameters markers counters lockers scooters""".split()
)


def _name(cand: Candidate, diagram_type: str) -> str:
    if _KEEP_FORM[0]:
        return cand.name
    if (
        diagram_type in ("class", "object", "component", "state", "timing")
        or cand.role == "actor"
        or singular(cand.head) in _TEAM_HEADS | _ORGANISATION_HEADS
        # ("would-be adopters", drawn as an actor: a Would-be Adopter)
        or (diagram_type == "usecase" and _named_for_what_they_do(cand.head))
    ):
        words = cand.name.split()
        words[-1] = singular(words[-1])
        return " ".join(words)
    return cand.name


def _phrase(clause: Clause, analysis: Analysis, limit: int = 6) -> str:
    """A clause's action as a short label: "submit papers", "asks auth service"."""
    label = re.split(r"\s*[,;:(]", clause.label, maxsplit=1)[0]
    words = label.split()
    if words and clause.verb in words[0].lower():
        base = verb_base(words[0]) or words[0].lower()
        words = [base] + words[1:]
    words = words[:limit]
    # A label cut short ends on a word that needs the next one: "follow designated",
    # "provide accurate and"; a particle after the verb stays ("sign in").
    while len(words) > 1 and (
        words[-1].lower() in lx.FUNCTION_WORDS
        or words[-1].lower() in _DANGLING
        or _participle(words[-1].lower())  # "follow the optimized routes", cut short
    ):
        if len(words) == 2 and words[1].lower() in _PARTICLES:
            break
        words.pop()
    return " ".join(words)


_PARTICLES = {"in", "out", "up", "off", "on", "back", "down"}


def _participle(word: str) -> bool:
    return len(word) > 4 and word.endswith("ed") and word not in _NOT_PARTICIPLES


_NOT_PARTICIPLES = {"speed", "breed", "embed", "proceed", "exceed", "succeed", "seabed"}


# Words that only modify what follows them; a label does not end on one.
_DANGLING = set(
    "designated relevant multiple accurate different various available necessary additional"
    " specific new required appropriate several certain other own such each every all any"
    " further detailed exactly least most one two three as based such".split()
)


# Whether names are written as the chooser picked them (a learned chooser picks the form the
# references use) or normalised to the singular (the rules). Set per build, read by _name.
_KEEP_FORM = [False]


def build_plan(
    scenario: str,
    diagram_type: str,
    chooser: Chooser | None = None,
    analysis: Analysis | None = None,
) -> Plan:
    analysis = analysis or analyse(scenario)
    chooser = chooser or RuleChooser()
    builder = _BUILDERS[diagram_type]
    # A short text is a user's own: classes and states take the singular, as UML writes them.
    _KEEP_FORM[0] = getattr(chooser, "keeps_form", False) and not _short(analysis)
    plan = builder(analysis, chooser)
    plan.title = _title(analysis) or plan.title
    return plan


def _title(analysis: Analysis) -> str:
    named = next(
        (s.text for s in analysis.sentences if s.section in ("name", "use case name", "title")), ""
    )
    return named[:60]


# --- structural types ----------------------------------------------------------------------


def _class_like(analysis: Analysis, chooser: Chooser, diagram_type: str) -> Plan:
    plan = Plan(diagram_type)
    # "The system shall store vehicles": the software being specified, not a class of it
    specified = re.search(
        r"\bthe system (?:shall|must|should|will)\b", analysis.scenario, re.I
    ) is not None and _short(analysis)

    narrator = _narrator(analysis.scenario)
    # ("window cleaning biz - want a proper data model before we ditch the spreadsheet": the
    # request for the diagram names nothing to draw)
    request = {
        s.index
        for s in analysis.sentences
        if re.search(
            # ("... and the booking side has outgrown the diary on the wall": why it is asked)
            r"\b(?:want|need|would like)\b.*\b(?:data model|model|diagram)\b"
            r"|\bha(?:s|ve) outgrown\b"
            # ("I'd like to pin down what we actually need to record": the request, too)
            r"|\bwhat (?:we|i) (?:\w+ )?need to (?:record|store|keep|track)\b"
            # ("My father started our coin shop in 1979 and we still keep the stock in paper
            # ledgers": the story of the business, before what it keeps)
            r"|\b(?:started|founded|opened|set up)\b.*\bin (?:19|20)\d\d\b"
            # ("My name is Yann Le Goff and I run a small sail loft in Vannes": who writes)
            r"|\bmy name is\b|^I (?:run|own|manage) (?:a|an|the|our)\b"
            r"|\bstill (?:keep|use|do|run|track)\b.*\b(?:paper|spreadsheets?|ledgers?|notebooks?"
            r"|excel|whiteboard|calendar)\b"
            # ("our notebooks are not enough anymore": what the writer works with now)
            r"|\bour\s+(?:paper\s+)?(?:notebooks?|spreadsheets?|ledgers?|excel|whatsapp|paper"
            r"|binders?|diar(?:y|ies))\s+(?:is|are)\s+(?:not|no longer)\b"
            # ("we're moving our carnival organisation out of notebooks and WhatsApp": what is
            # left behind)
            r"|\b(?:out of|away from|instead of|replacing|to replace)\s+(?:the |our |an? )?"
            r"(?:\w+ ){0,2}(?:paper|spreadsheets?|ledgers?|notebooks?|excel|whiteboard|calendars?"
            r"|whatsapp|e-?mails?|google sheets?|binders?|folders?|post-its?|diar(?:y|ies))\b",
            s.text,
            re.I,
        )
    }
    # ("Records for Kasap Demir (whole-animal butcher, Hackney) - stories for the developer":
    # whose records they are, named only in the heading)
    if heading_line(analysis.scenario):
        request.add(0)
    # ("my daughter says ...", "my husband and I": the writer's family, not what is kept)
    family = {
        m.group(1).lower()
        for m in re.finditer(rf"\b(?:my|our)\s+({_FAMILY})\b", analysis.scenario, re.I)
    }

    kept_of_another = {name_key(item) for items in analysis.attributes.values() for item in items}

    def allowed(c: Candidate) -> bool:
        if c.sentences and c.sentences <= request:
            return False
        # ("Sell Book" is something done, never a class or an object; "wants a proper model
        # of its members" asks for the diagram)
        if c.role == "action" or (c.head in _ASKED_FOR and c.count == 1) or _a_value(c):
            return False
        if diagram_type == "class" and c.key in analysis.only_story_roles:
            return False  # "As the club secretary, I want ...": who asks, not what is kept
        if c.key in narrator and c.count == 1:
            return False  # "We are a small patent firm and want a model": who speaks
        if family & set(c.name.lower().split()) and c.count <= 2:
            return False
        if c.name.split()[0].lower() in _SOME:
            return False  # "filed in different countries": which ones, not a class
        if lx.a_unit(c.name) or _measured_in(c, analysis):
            return False  # ("a case height in centimetres": how it is measured)
        if (
            c.count == 1
            and c.key in kept_of_another
            and c.head in _VALUE_HEADS
            and not analysis.attributes.get(c.key)
            and not analysis.lists.get(c.key)
        ):
            return False  # ("every trip logged with ..., passenger count and ...": the trip's)
        return not c.name[0].isdigit() and not (specified and c.key == "system")

    chosen = _choose(analysis, chooser, diagram_type, allowed=allowed)
    resolve = _resolver(analysis, chosen)
    if diagram_type == "class":
        _add_named_kinds(analysis, chosen)
        resolve = _resolver(analysis, chosen)
    if diagram_type == "class" and _short(analysis):
        # "Cars, motorcycles and trucks are kinds of vehicles": the text says each one is a
        # class of its own.
        for rel in analysis.relations:
            child = analysis.candidates.get(rel.source)
            parent = resolve(rel.target) if rel.kind == "isa" else None
            # ("a savings account" resolves to the Account drawn: it is a class of its own)
            if parent and child and resolve(rel.source) in (None, parent) and child not in chosen:
                chosen.append(child)
        # "store vessels with an IMO number, name and passenger capacity": a thing the text
        # lists attributes of is a class.
        for key, items in [*analysis.attributes.items(), *analysis.lists.items()]:
            cand = analysis.candidates.get(key)
            if cand and len(items) >= 2 and allowed(cand) and resolve(key) is None:
                chosen.append(cand)
                resolve = _resolver(analysis, chosen)
        # "Each order belongs to one customer": a count on the far end of what a class does
        # makes that end a class too, unless the text lists it as something a class has.
        listed = {
            name_key(item)
            for items in [*analysis.attributes.values(), *analysis.lists.values()]
            for item in items
        }
        for rel in analysis.relations:
            ends = [analysis.candidates.get(rel.source), analysis.candidates.get(rel.target)]
            if (
                rel.kind == "has"
                and rel.multiplicity in ("*", "1..*", "0..*")
                and None not in ends
                and allowed(ends[1])
                and singular(ends[1].head) != ends[1].head  # (written as many: "deadlines")
                and ends[1].words == 1
                and ends[1] not in chosen
                and resolve(ends[1].key) is None
                and resolve(rel.source) is not None
            ):
                # "Applications have many deadlines, each with a due date": many of a thing
                # are instances of a class, not one value
                chosen.append(ends[1])
                continue
            if rel.kind != "action" or not rel.multiplicity or None in ends:
                continue
            if any(e.action or e.key in listed or not allowed(e) for e in ends):
                continue
            if not _counted(analysis.sentences[rel.sentence].text, ends[1].name):
                continue  # "borrow up to five books at a time": the count is not the time's
            for end, other in ((ends[1], rel.source), (ends[0], rel.target)):
                if end not in chosen and resolve(end.key) is None and resolve(other) is not None:
                    chosen.append(end)
        resolve = _resolver(analysis, chosen)
    chosen_keys = {c.key for c in chosen}
    for cand in chosen:
        element = plan.add(
            _name(cand, diagram_type), "class" if diagram_type == "class" else "object"
        )
        attrs = analysis.lists.get(cand.key, []) + [
            a for a in analysis.attributes.get(cand.key, [])
        ]
        for sing_key in (singular_key(cand.name),):
            for owner, items in analysis.attributes.items():
                named = analysis.name(owner)
                if owner != cand.key and (
                    singular_key(named) == sing_key
                    # ("every public tree with a tree ID, ...": the Tree's, when no Public
                    # Tree is drawn)
                    or (
                        len(named.split()) > 1
                        and singular_key(named.split()[-1]) == sing_key
                        and owner not in chosen_keys
                        and resolve(owner) in (None, cand)
                    )
                    # ("each order has an order number" when the Framing Order is drawn)
                    or (
                        len(named.split()) == 1
                        and len(cand.name.split()) > 1
                        and singular_key(named) == singular_key(cand.name.split()[-1])
                        and owner not in chosen_keys
                        and resolve(owner) in (None, cand)
                    )
                ):
                    attrs += items
        # (two candidates may be drawn as one element: "marionettes" and "marionette")
        seen = {singular_key(a) for a in element.attributes}
        for attr in attrs:
            key = singular_key(attr)
            target = resolve(re.sub(r"[^a-z0-9]", "", attr.lower()))
            if (
                key in seen
                or (target is not None and target.key in chosen_keys)
                or len(element.attributes) >= 6
            ):
                continue
            seen.add(key)
            element.attributes.append(attr)
    done = set()
    parents = {}  # the drawn parent of each drawn kind
    # ("Nurses and care assistants shall be recorded as caregivers": that they are kinds of
    # caregiver says more than the verb that says it)
    for rel in sorted(analysis.relations, key=lambda r: r.kind != "isa"):
        a, b = resolve(rel.source), resolve(rel.target)
        if not a or not b or a.key == b.key:
            continue
        pair = (a.key, b.key)
        if pair in done or (b.key, a.key) in done:
            continue
        if rel.kind == "has" and (a.key, parents.get(b.key)) in done:
            continue  # ("an order has garments - jackets, trousers ...": it has the garments)
        if rel.kind == "isa":
            parents[a.key] = b.key
        done.add(pair)
        source, target = _name(a, diagram_type), _name(b, diagram_type)
        if rel.kind == "isa":
            plan.links.append(Link(source, target, "generalisation"))
        elif (
            rel.kind == "has"
            and diagram_type == "class"
            and (
                b.role == "actor"
                # ("every puzzle to have ... exactly one setter", the setter with a name and a fee
                # of its own: one it refers to, not a part)
                or (rel.multiplicity in ("1", "0..1") and "name" in _own_attributes(analysis, b))
            )
        ):
            # "an application has exactly one responsible attorney": someone is no part of it
            plan.links.append(Link(source, target, "association", "", "", rel.multiplicity))
        elif rel.kind == "has" and diagram_type == "class" and _refers_to(rel, analysis, b):
            owns = _owning(rel)
            # ("members may own telescopes": any number, as a part would be)
            many = rel.multiplicity or ("*" if owns else "")
            plan.links.append(Link(source, target, "association", "owns" if owns else "", "", many))
        elif rel.kind == "has":
            plan.links.append(Link(source, target, "composition", "", "1", rel.multiplicity or "*"))
        else:
            label = _link_label(rel.label, analysis, 4)
            if diagram_type == "object":
                plan.links.append(Link(source, target, "association", label))
            else:
                plan.links.append(Link(source, target, "association", label, "", rel.multiplicity))
    if diagram_type == "class":
        _link_what_records_an_action(plan, analysis, chosen, resolve)
    _learned_links(plan, analysis, chooser, chosen, "association")
    _connect_leftovers(plan, analysis, chosen, resolve, "association")
    return plan


# What a text asks for when it says what it wants drawn: "a proper model of ...".
_SOME = frozenset(
    "different various several multiple other many current latest previous next".split()
)
_WE_ARE = re.compile(
    r"\b(?:we|my [a-z]+ and i) (?:are|run|own|manage|operate) (?:a|an) ((?:[\w-]+ ){0,4}?[\w-]+)"
    r"(?= and | that | who |[,.;]|$)",
    re.I,
)


_FAMILY = (
    r"father|mother|dad|mum|mom|daughter|son|husband|wife|partner|brother|sister|uncle|aunt"
    r"|grandfather|grandmother|grandad|gran"
)


# "Our bike repair shop keeps customers ...": the writer's business, doing what it does
_OUR_BUSINESS = re.compile(
    r"^(?:our|my) ((?:[\w-]+ ){0,3}(?:shop|business|company|firm|studio|store|garage|salon"
    r"|bakery|workshop))(?= [a-z]+s\b)",
    re.I,
)


def _narrator(scenario: str) -> set[str]:
    """The names "We are a small patent attorney firm" gives whoever writes: "Firm",
    "Attorney Firm" and so on."""
    found = _WE_ARE.search(scenario) or _OUR_BUSINESS.search(scenario.strip())
    words = found.group(1).split() if found else []
    return {singular_key(" ".join(words[i:])) for i in range(len(words))}


_ASKED_FOR = frozenset("model diagram overview snapshot".split())
_COUNT_WORDS = r"(?:one|two|three|four|five|six|ten|many|several|more|multiple|\d+)"


def _counted(sentence: str, name: str) -> bool:
    """Whether the sentence counts the thing named: "one customer", "one or more insured
    items", "up to two parents"."""
    words = [re.escape(w) for w in name.lower().split()]
    if not words:
        return False
    named = r"\s+".join(words[:-1] + [words[-1] + r"(?:s|es)?"])
    return re.search(rf"\b{_COUNT_WORDS}\s+(?:[a-z-]+\s+)?{named}\b", sentence.lower()) is not None


def _add_named_kinds(analysis: Analysis, chosen: list[Candidate]) -> None:
    """ "... car policies (...) from home policies (...), both being kinds of policy": a list
    the text names as kinds of one thing is a hierarchy, drawn in a text of any length."""
    children: dict[str, list[str]] = {}
    either: dict[tuple[str, int], list[str]] = {}
    for rel in analysis.relations:
        if rel.kind == "isa" and rel.label == KINDS_LABEL:
            children.setdefault(rel.target, []).append(rel.source)
        elif rel.kind == "isa":
            either.setdefault((rel.target, rel.sentence), []).append(rel.source)
    keys = {c.key for c in chosen}
    # ("performances are either peals or quarter peals": the kinds of a drawn class, when
    # one sentence names two or more)
    for (parent, _), kinds in either.items():
        if parent in keys and len(set(kinds)) >= 2:
            children.setdefault(parent, []).extend(kinds)
    for parent, kinds in children.items():
        for key in [parent, *kinds]:
            if key not in keys and key in analysis.candidates:
                chosen.append(analysis.candidates[key])
                keys.add(key)


def _link_what_records_an_action(plan: Plan, analysis: Analysis, chosen, resolve) -> None:
    """ "Students enrol in courses; each enrolment records the grade": the Enrolment is the
    enrolling of a student in a course, so it is linked to both."""
    linked = {(link.source, link.target) for link in plan.links}
    linked |= {(b, a) for a, b in linked}
    for rel in analysis.relations:
        a, b = resolve(rel.source), resolve(rel.target)
        verb = verb_base(rel.label.split()[0]) if rel.label else None
        if rel.kind != "action" or not a or not b or a.key == b.key or not verb or len(verb) < 4:
            continue
        for record in chosen:
            noun = record.name.split()[-1].lower()
            if record.key in (a.key, b.key) or not noun.startswith(verb) or noun == verb:
                continue
            name = _name(record, "class")
            for end in (a, b):
                pair = (name, _name(end, "class"))
                if pair not in linked:
                    plan.links.append(Link(*pair, "association", "", "*", "1"))
                    linked |= {pair, pair[::-1]}


def _connect_leftovers(plan: Plan, analysis: Analysis, chosen, resolve, kind: str) -> None:
    """An element no link reaches is joined to the element it shares most sentences with; in
    a few sentences, where "its driver is employee Karl Stein" names its owner only by a
    pronoun, to the one acting in the nearest sentence."""
    linked = {link.source for link in plan.links} | {link.target for link in plan.links}
    names = {c.key: plan.elements[i].name for i, c in enumerate(chosen) if i < len(plan.elements)}
    short = _short(analysis)

    def distance(a: Candidate, b: Candidate) -> int:
        return min(abs(i - j) for i in a.sentences for j in b.sentences) if a.sentences else 99

    # ("counter sales never belong to a ticket": the one thing not to join them by)
    refused = {
        frozenset((c.subject, key))
        for c in analysis.clauses
        if c.negated and c.subject
        for key in c.objects + c.targets
    }
    for cand in chosen:
        name = names.get(cand.key)
        if name is None or name in linked or len(chosen) < 2:
            continue
        others = [
            o
            for o in chosen
            if o.key != cand.key and o.key in names and frozenset((o.key, cand.key)) not in refused
        ]
        if not others:
            continue
        best = max(
            others,
            key=lambda o: (
                len(o.sentences & cand.sentences),
                -distance(o, cand),
                o.subject,
                -o.first,
            ),
        )
        if best.sentences & cand.sentences or (short and distance(best, cand) <= 2):
            plan.links.append(Link(names[best.key], name, kind))
            linked |= {name, names[best.key]}


def _class(analysis: Analysis, chooser: Chooser) -> Plan:
    plan = _class_like(analysis, chooser, "class")
    if not _short(analysis):
        _operations_from_steps(plan, analysis)
    return plan


# A class lists at most this many of the steps it takes as operations.
MAX_OPERATIONS = 5


def _operations_from_steps(plan: Plan, analysis: Analysis) -> None:
    """What each class does in a use case's flow ("the tour guide generates the virtual
    tour") as its operations (generateTour()), in the order the text has them."""
    classes = {e.key: e for e in plan.elements}
    resolve = _resolver(
        analysis, [analysis.candidates[k] for k in classes if k in analysis.candidates]
    )
    for variants, index in zip(analysis.actions, analysis.action_sentences, strict=False):
        if analysis.sentences[index].section in _FACT_SECTIONS:
            continue
        owner = resolve(analysis.action_subjects.get(variants[0]))
        element = classes.get(owner.key) if owner is not None else None
        if element is None or len(element.operations) >= MAX_OPERATIONS:
            continue
        readable = _readable(variants, analysis, 3)
        operation = analysis.candidates[readable[0]].name if readable else ""
        if operation and operation not in element.operations:
            element.operations.append(operation)


def _readable(variants: list[str], analysis: Analysis, most: int) -> list[str]:
    """The spellings of a clause's verb phrase that read as an action, in their order."""
    return [k for k in variants if _reads_as_action(analysis.candidates[k].name, most)]


def _reads_as_action(name: str, most: int = 3) -> bool:
    """ "Generate Tour", "Search For Sports Event", not "Generate Based", "Present With
    Representing" or "Customer Selects Product": a verb, then its object."""
    words = name.lower().split()
    if not 1 <= len(words) <= most or verb_base(words[0]) is None:
        return False
    if len(words) > 1 and (
        words[-1] in lx.FUNCTION_WORDS or words[-1] in _NOT_OBJECTS or _adverb(words[-1])
    ):
        return False  # "Generate Based", "Maintain Effectively": the object is missing
    if len(words) > 1 and words[-1].endswith("ed"):
        return False  # "Deliver Ordered": the object is missing
    # "Present With Representing": a gerund after a preposition is a clause, not an object.
    return not any(
        w in _NOT_OBJECTS or (w.endswith("ing") and before in lx.FUNCTION_WORDS)
        for before, w in zip(words, words[1:], strict=False)
    )


def _adverb(word: str) -> bool:
    """ "effectively", "manually", not "supply", "assembly" or "family"."""
    return word.endswith("ly") and not word.endswith(("ply", "bly", "ily"))


# Words the analysis may read as a noun that never end or fill an action's name.
_NOT_OBJECTS = {"based", "if", "as", "whether", "according", "accordingly", "them", "it"}


def _object(analysis: Analysis, chooser: Chooser) -> Plan:
    # (a long list of notes names more than the instances a snapshot reading finds)
    # (a long text that names things one by one in sentences is a snapshot all the same;
    # long notes read better by what they list)
    named = len(analysis.instances)
    # (sentences ended by a stop, "... boarded 16:01." too)
    said = len(re.findall(r"[\w)%'\"]\.(?:\s|$)", analysis.scenario))
    lines = len(analysis.sentences)
    if named >= 2 and (
        lines <= SHORT_SCENARIO
        or (2 * named >= lines and 2 * said >= lines)
        # ("- court 1 (indoor): QF-1 in progress", "  - pair 3: Laia Puig + Marc Ferrer":
        # notes that name a thing on nearly every line are a snapshot of those things)
        or 5 * named >= 4 * lines
    ):
        return _instance_objects(analysis)
    return _class_like(analysis, chooser, "object")


def _a_persons_name(name: str, kind: str) -> bool:
    """ "crew member Dev", "captain Al": a short name of someone, not a code ("gate B")."""
    return name[1:].islower() and kind.split()[-1].lower() in lx.PERSON_WORDS


def _instance_objects(analysis: Analysis) -> Plan:
    """A snapshot of named things ("customer Jane Doe", "order 5531"): one object each,
    linked where a sentence names two of them, by the verb between them."""
    plan = Plan("object")
    names = {}
    values = _measured_values(analysis)
    for name, kind in analysis.instances.items():
        if name in values:
            continue
        label = (
            name
            if not kind or name.startswith(f"{kind} ")
            else f"{kind} {name}"
            if any(ch.isdigit() for ch in name)
            or (len(name) <= 3 and not _a_persons_name(name, kind))
            else f"{name} : {kind}"
        )
        coloured = kind.lower() in lx.COLOURS
        # ("Ana Beatriz Lima's silver Corolla FKL-2B19": the car's colour, not its kind)
        element = plan.add(name if coloured else label, "object")
        if coloured:
            element.attributes.append(f'colour = "{kind.lower()}"')
        names[name] = element.name
    absorbed: set[str] = set()  # names drawn as another object's value
    for sentence in analysis.sentences:
        found = sorted(
            (at, n)
            for n in names
            if (at := _instance_at(sentence.text, n, analysis.instances[n])) >= 0
        )
        listed, owner = _counted_list(plan, analysis, names, sentence.text, absorbed)
        verb = last_source = last_label = ""
        listing: tuple[str, str] | None = None  # the source and label of the last verb's link
        owners: dict[str, str] = {}  # a value's name -> the name of the thing it is said of
        aside = None  # the name a parenthesis is about: "Maria Silva (frequent flyer FF-2231)"
        with_source = ""  # who has the people named after ", with"
        for (start, a), (end, b) in zip(found, found[1:], strict=False):
            if b in listed:
                continue  # linked with the list it is named in
            if a in listed and owner:
                a, start = owner, _named_at(sentence.text, owner)  # "..., on flight KL 1002"
            between = sentence.text[start + len(a) : end]
            # ("in wave B, with timing chip T-88120": what follows a value is said of its
            # owner)
            a = owners.get(a, a)
            if aside is not None and ")" in between:
                # What follows the parenthesis is said of the name before it.
                a, aside = aside, None
            elif (
                aside is not None
                and re.fullmatch(r"\s*,\s*[a-z ]*", between)
                and analysis.instances[b]
                and analysis.instances[b].split()[-1].lower() not in lx.PERSON_WORDS
                and re.search(r"\d", b)
            ):
                # ("slot B-4 (rack B, shelf 4)": the rest of the bracket is the slot's too)
                _absorb(plan, names, aside, b, analysis.instances[b])
                absorbed.add(b)
                continue
            elif "(" in between and ")" not in between:
                # ... and what it holds is one of its values: frequentFlyer = "FF-2231".
                aside = a
                _absorb(plan, names, a, b, analysis.instances[b])
                if not analysis.instances[b] and re.fullmatch(rf"{NAME_WORD} {NAME_WORD}", b):
                    # ("player card 5581 (Margaret Hale)": whose it is, drawn beside it)
                    plan.links.append(Link(names[a], names[b], "association", ""))
                absorbed.add(b)
                continue
            if re.match(
                r"^\s*(?:\([^)]*\))?\s*,\s*(?:is|are|was|sits|stands|waits)\b", between
            ) and (found[0][1] not in (a, b)):
                # ("Jumper Leo Marsh, age 9, wearing wristband W-118 (green), is on court 3": the
                # jumper is, not the wristband)
                a, start = found[0][1], found[0][0]
                between = sentence.text[start + len(a) : end]
                between = between[between.rindex(",") :]
            if re.fullmatch(r"\s*,\s*with\s+", between) and found[0][1] not in (a, b):
                # ("Boat 'Miti Nui' is out at line L-07, with Hina Teriitahi driving": the
                # boat is with her, not the line)
                a, with_source = found[0][1], found[0][1]
            elif with_source and re.match(r"\s+[a-z]+ing\b[^,]*\band\b", between):
                # ("... driving and our grafter, Chen Wei, working on board": him too)
                a, between = with_source, " with "
            if re.search(r",\s*(?:while|whereas)\s", between):
                # ("..., while Fatma Yilmaz has bucket B1": another clause, no link; what comes
                # before it, "bucket B2 with 23 toads", is still said of the thing)
                _said_of(plan, names[a], between, names)
                continue
            versus = re.fullmatch(
                r"\s*(?:\([^()]*\))?\s*(vs\.?|v\.|versus|d\.|beat|defeated)\s*", between
            )
            if versus:
                # ("Tomás Ríos (seed 1) d. Bruno Paz": who beat whom, not the bracket)
                beat = versus.group(1) in ("d.", "beat", "defeated")
                plan.links.append(Link(names[a], names[b], "association", "beat" if beat else "vs"))
                continue
            this = re.search(
                r"\b(?:this|that same)\s+([a-z]+)\s+(?=(?:is|was|were|are|has|had)\b"
                r"|(?!(?:with|as|for|from|this|its)\b)[a-z]+(?:ed|s)\b)",
                between,
            )
            meant = [
                n
                for at, n in found
                if this
                and at < end
                and n != b
                and analysis.instances.get(n, "").lower().split()[-1:] == [this[1]]
            ]
            if meant:
                # ("holds batch M-25-07 ..., and that this batch was made from rice lot R-311":
                # the batch was, not the tank)
                a, between = meant[-1], between[this.end() :]
                listing = None
            # ("Kenji Mori, I want to see that I am assigned to tank T-12": what the story
            # shows, not the wish around it)
            between = re.sub(
                r"^.*\b(?:want|wants|need|needs)\b[^.;]*?\bthat\s+(?:(?:i|we|it|they|he|she)\s+)?"
                r"(?:(?:am|is|are|was|were)\s+)?",
                " ",
                between,
                flags=re.I,
            )
            kind_words = analysis.instances[b].lower()
            after_comma = re.fullmatch(rf"\s*,\s*{re.escape(kind_words)}\s*", between, re.I)
            placed = re.search(rf"\b(?:in|at)\s+{re.escape(kind_words)}\s*$", between, re.I) and (
                analysis.instances[found[0][1]].lower() not in lx.VALUE_KINDS
            )
            if kind_words in lx.VALUE_KINDS and (after_comma or placed):
                # "vehicle Toyota Corolla, plate KR 4521X, mileage 41,200 km": values of the
                # thing named first, not things of their own; "Runner Aiko Tanaka is
                # registered ... in wave B": the wave is the runner's.
                owner = (
                    owners.get(a, a)
                    if after_comma
                    else _subject_or_what_it_has(sentence.text, found)
                )
                value = b + _unit(sentence.text[end + len(b) :])
                _absorb(plan, names, owner, b, analysis.instances[b], value)
                owners[b] = owner
                absorbed.add(b)
                continue
            listed_with = re.fullmatch(
                rf"\s*(?:,|,?\s+and)\s+(?:{re.escape(kind_words)}s?\s*)?", between, re.I
            )
            placed_at = _PLACED_AT.search(sentence.text[:start])
            between = _said_of(
                plan,
                names[a],
                between,
                names,
                counted_for=names[found[0][1]] if placed_at and found[0][1] != a else None,
            )
            kind_b = re.escape(analysis.instances[b])
            said = re.sub(rf"\b{kind_b}\s*$", "", between.strip(), flags=re.I)
            if not re.search(r"[A-Za-z]", said) and "," in said:
                # "holds booking XK9Q2 for flight LH 455 from ... on 14 May, seat 32A": the
                # seat after the comma is the booking's, what the sentence is about.
                a = _main_object(sentence.text, found, absorbed) or a
            elif last_label.endswith(" by") and re.match(r"\s*(?:in|at|on)\s", between):
                a = last_source  # (", parked by Jefferson in spot B3": the car is in B3)
            elif re.fullmatch(r"\s*,\s*(?:being\s+)?[a-z]+ed by\s*", between):
                # ("ticket V-0457 is the Corolla FKL-2B19, key on hook 12, parked by Jefferson":
                # the car was parked, not the hook said of it in passing)
                before = [(at, n) for at, n in found if at < start]
                if before:
                    at, n = before[-1]
                    if re.fullmatch(r"\s*,\s*[a-z][a-z ]*", sentence.text[at + len(n) : start]):
                        a = n
            kind_a = re.escape(analysis.instances.get(a, ""))
            placed_in = re.search(
                rf"\b(?:in|at|on|inside|within)\s+(?:the\s+)?(?:[a-z]+\s+)?(?:{kind_a}\s+)?$",
                sentence.text[:start],
                re.I,
            )
            if (
                placed_in
                and found[0][1] not in (a, b)
                and (_finite_verb(between) or re.match(r"\s*to [a-z]+\s", between))
            ):
                # "Rack R14 in hall B ... holds server web-07": the rack holds it, not the hall;
                # "van V-18 is parked at door 3 to collect lot 112": the van collects it
                a = found[0][1]
            clause = re.search(r"\band (?:is|are|was|were|has been|([a-z]+s))\b", between)
            if (
                clause
                # ("..., and waits for task T-5": the task the sentence is about waits)
                and (
                    clause.group(1) is None
                    or verb_base(clause.group(1)) not in (None, clause.group(1))
                )
                and found[0][1] != b
            ):
                # "WO-1187 asks for part BRK-22 and is scheduled on machine CNC-3": the
                # sentence's subject is scheduled, not the part; ("..., because battery B-IP12
                # is at zero stock and is on purchase order PO-77") the subject of its clause
                opened = [
                    m.end()
                    for m in re.finditer(r",\s*(?:because|since)\b|;", sentence.text[:start])
                ]
                a = next(n for at, n in found if at >= (opened[-1] if opened else 0))
                between = between[between.rindex(" and ") :]
            # (the words of a quoted title, "task T-5 'install shower tray'", say no verb)
            words = re.findall(r"[A-Za-z]+", re.sub(r"(?<!\w)'\w[^']*\w'(?!\w)", " ", between))
            verbs = [w for w in words if verb_base(w) or w in _LINKING_PREPOSITIONS]
            if listing and re.fullmatch(r"\s*(?:(?:in|at|on) [A-Z0-9][\w-]*\s+)?and\s*", said):
                # "holds server web-07 (...) in U10 and switch sw-b14": the list goes on
                plan.links.append(Link(names[listing[0]], names[b], "association", listing[1]))
                continue
            # (without the asides, one still open at a too: "(20 boxes, grade B) and")
            bare = re.sub(r"^[^(]*\)", "", re.sub(r"\([^()]*\)", "", said)).strip()
            if (
                re.fullmatch(r"(?:,|;|and)?", bare)  # (", and McAllister has ...": a clause)
                and analysis.instances.get(a)
                and analysis.instances.get(a) == analysis.instances.get(b)
            ):
                # "split into lot 112 (...), lot 113 (...) and lot 114": a list of its kind,
                # each item the next one's sibling, not linked to it
                if listing:
                    plan.links.append(Link(names[listing[0]], names[b], "association", listing[1]))
                continue
            if listed_with and all(
                _someone(n, analysis) or _full_name(n, analysis) for n in (a, b)
            ):
                # ("coxswain Mark Penrose, mechanic Lisa Trent and ...", "Deepak Yadav and
                # Sahil Verma are out": a list)
                continue
            if (
                "," in bare
                and not verbs
                and (
                    ARROW.match(sentence.text[end + len(b) :])
                    or _maps_one_thing(
                        sentence.text[sentence.text.rfind(",", 0, start) + 1 : start]
                        + a
                        + between.rsplit(",", 1)[0]
                    )
                )
            ):
                # ("ticket 114 -> coat on hook 14, ticket 115 -> parka on B15, attendant Jonas
                # at desk 2": an entry of notes that maps one thing says its own links; the
                # next entry is no link of it)
                continue
            if (
                a == b
                or names[a] == names[b]  # ("day 14 ... Day 14": one object)
                or (re.match(r"^\s*,\s*(?:and|but)\b", between) and not verbs)
                # ("with Lena Voss as operator, and the picked cones go onto kiln floor K1":
                # the cones go there, not Lena)
                or re.search(r",\s*(?:and|but|while)\s+the\s+[a-z]+", between)
                # ("I want to see that lot 112 was sold to buyer X ..., that lot 113 is on the
                # clock": each "that" says something new, unless it names the thing again)
                or (
                    (
                        that := re.search(
                            r",\s*(?:and\s+)?that\s(?!.*,\s*(?:and\s+)?that\s)", between
                        )
                    )
                    and _named_at(between[that.end() :], a) < 0
                )
            ):
                continue  # "..., and nurse Eva Berg is on duty": a new clause, not a link
            if (
                verb
                and verbs == ["to"]
                and ("from" in last_label.split() or verb_base(verb) in _JOINING_VERBS)
            ):
                # "ICE 578 runs from Berlin Hbf to Munich Hbf": the train runs to Munich,
                # Berlin does not; "RA-2291 links customer Tomasz Nowak to vehicle Toyota
                # Corolla": the agreement links both.
                a, verbs = last_source, [verb] + verbs
            else:
                verb = next((w for w in verbs if verb_base(w)), verb)
                acted = next((i for i, w in enumerate(words) if verb_base(w)), None)
                if acted is not None:
                    # "asks for 500 units of", "with 250 units, inspected by": the verb, and
                    # the word after it when that word joins it to the name
                    joined = words[acted + 1 : acted + 2]
                    verbs = [words[acted]] + [w for w in joined if w in _LINKING_PREPOSITIONS]
            last_source, last_label = a, " ".join(verbs[:3])
            if last_label:
                listing = (a, last_label)
            plan.links.append(Link(names[a], names[b], "association", last_label))
        if found:
            last = found[-1][1]
            # ("bus 42 is at stop Market Square with 23 passengers": how many it carries is
            # the bus's, not the stop's)
            placed = len(found) >= 2 and _PLACED_AT.search(sentence.text[: found[-1][0]])
            _said_of(
                plan,
                names[last],
                sentence.text[found[-1][0] + len(last) :],
                names,
                counted_for=names[found[0][1]] if placed else None,
            )
    names = {n: e for n, e in names.items() if n not in absorbed}
    for name, (slot, value) in values.items():
        # (a reading or a date in a line that names nothing is no value of the line before)
        # ("generator on till 23:00, solar battery bank 71%": a reading too)
        nearby = re.search(rf"°|%|\d (?:{_MONTHS})\b", value, re.I) is not None
        owner = _value_owner(analysis, name, names, values, nearby_only=nearby)
        element = plan.element(names[owner]) if owner else None
        if element is not None and not any(a.startswith(f"{slot} = ") for a in element.attributes):
            element.attributes.append(f"{slot} = {value}")
    _measures_said(plan, analysis, names)
    _parts_of(plan, analysis, names)
    _indented_parts(plan, analysis, names)
    _link_by_pronoun(plan, analysis, names)
    _owners_said(plan, analysis, names)
    _quantity_lines(plan, analysis, names)
    # ("leaves 14:45", "solved 18:14" left over: when, not a thing of the snapshot)
    when = {
        e.name for e in plan.elements if re.search(r"\d{1,2}:\d{2}", e.name) and not e.attributes
    }
    # ("on day 3 of the race", "day 18 of 28": when, or how far along, not a thing)
    when |= {
        e.name
        for e in plan.elements
        if re.fullmatch(r"(?:Day|Week|Month) \d+", e.name)
        and re.search(rf"\bon {e.name}\b|\b{e.name} of \d", analysis.scenario, re.I)
    }
    plan.elements = [e for e in plan.elements if e.name not in when]
    plan.links = [k for k in plan.links if k.source not in when and k.target not in when]
    # ("... on hire order GH-5521", "gown size M on hire": one link between two objects, the
    # one that says how they are linked)
    kept: dict[frozenset, Link] = {}
    for link in plan.links:
        pair = frozenset((link.source, link.target))
        if pair not in kept or (link.label and not kept[pair].label):
            kept[pair] = link
    plan.links = [
        link for link in plan.links if kept.get(frozenset((link.source, link.target))) is link
    ]
    return plan


# "Mia's bowl P-45", "Ana Beatriz Lima's silver Corolla": a person by name, then what is theirs
_OWNER = re.compile(rf"(?<![\w'’])({NAME_WORD}(?: {NAME_WORD}){{0,2}})['’]s ")


def _owners_said(plan: Plan, analysis: Analysis, names: dict[str, str]) -> None:
    """The people whose things a snapshot names ("Mia's bowl P-45"), each linked to the thing;
    what holds the thing holds it still ("shelf 1 holds Mia's bowl": not Mia)."""
    for sentence in analysis.sentences:
        for match in _OWNER.finditer(sentence.text):
            owner = match.group(1)
            if owner.split()[0].lower() in lx.FUNCTION_WORDS:
                continue  # ("It's Friday", "Here's what")
            rest = sentence.text[match.end() :]
            # (after a colour or the thing's kind, "bowl P-45": the thing by its name)
            skips = [0]
            for word in re.match(r"(?:[a-z]+ ){0,2}", rest).group(0).split():
                if word in lx.FUNCTION_WORDS:
                    break  # ("Jansen's to dock 12": where theirs goes, not whose the dock is)
                skips.append(rest.index(" ", skips[-1]) + 1)
            owned = next(
                (names[n] for at in skips for n in names if _named_at(rest[at:], n) == 0), None
            )
            if owned is None:
                continue
            # ("Ruth's scorecard" after "archers: Ruth Chandra (...)": the archer by her first
            # name)
            known = [n for n in names if n == owner or n.split()[0] == owner]
            person = names[known[0]] if known else plan.add(owner, "object").name
            # (no label: "Ruth's scorecard" and "Kirkby Moor's top scorer" are theirs, not owned)
            plan.links.append(Link(person, owned, "association", ""))


_NUMBER = r"\d[\d.,:]*\d|\d"
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_BELOW_ZERO = r"(?:[-−](?=\d[\d.,]*\s?°))?"  # ("a temperature of -4 °C")
# "with a target moisture of 9 %", "a measured distance of 611.8 km": a measure and its value
# ("with an expiry of 5 June 10:00": a date, all of it)
_MEASURE_OF = re.compile(
    r"\b(?:an?|the|its|their)\s+(?P<slot>(?:[a-z]+\s+)?[a-z]+)\s+of\s+"
    rf"(?P<value>\d{{1,2}} (?i:{_MONTHS})(?: \d{{4}})?(?: \d{{1,2}}:\d{{2}})?(?![\w:])"
    rf"|{_BELOW_ZERO}(?:{_NUMBER})(?:\s?(?:%|°\s?[CF]|[a-z]+(?:\s+per\s+[a-z]+)?))?)"
)
# "finished at 8.7 % moisture": a share of what follows it
_PERCENT_OF = re.compile(rf"(?P<value>(?:{_NUMBER})\s?%)\s+(?P<slot>[a-z]{{3,}})\b")
# "4.2 hectares", "each 75 kg", "at 62 °C": a value whose unit says what it measures
_UNIT_SLOTS = {
    "kg": "weight",
    "t": "weight",
    "km": "distance",
    "m": "length",
    "ha": "area",
    "hectares": "area",
    "acres": "area",
    "°C": "temperature",
    "°F": "temperature",
}
_UNIT_VALUE = re.compile(
    rf"(?<![\w.,])(?P<value>{_BELOW_ZERO}(?:{_NUMBER})\s?(?P<unit>kg|t|km|m|ha|hectares|acres|°\s?[CF]))(?![\w/])"
)


def _measures_said(plan: Plan, analysis: Analysis, names: dict[str, str]) -> None:
    """Measures a sentence gives in passing ("with a target moisture of 9 %", "each 75 kg",
    "which is 4.2 hectares"): values of the last thing named before them, a person only
    when nothing else is."""
    for sentence in analysis.sentences:
        text = sentence.text
        found = [(at, n) for n in names if (at := _named_at(text, n)) >= 0]
        taken: list[tuple[int, int]] = []
        said = []
        for match in _MEASURE_OF.finditer(text):
            words = [w for w in match.group("slot").split() if not w.endswith("ed")]
            if not words or set(words) & lx.FUNCTION_WORDS:
                continue
            slot = _slot(words)
            value = re.sub(
                r"\s+[a-z]+$",
                lambda w: "" if w.group().strip() in lx.FUNCTION_WORDS else w.group(),
                match.group("value"),
            )
            said.append((match.start(), slot, value))
            taken.append(match.span())
        for match in _PERCENT_OF.finditer(text):
            if match.group("slot") not in lx.FUNCTION_WORDS and not _inside(match, taken):
                said.append((match.start(), match.group("slot"), match.group("value")))
                taken.append(match.span())
        for match in _UNIT_VALUE.finditer(text):
            before = re.search(r"(\S+)\s*$", text[: match.start()])
            if (
                before
                and before.group(1).isalpha()
                and before.group(1) not in lx.FUNCTION_WORDS
                and match.group("value")[0].isdigit()  # ("set point -18 °C": read here)
            ):
                continue  # ("tare 14,860 kg", "gross weight 44,120 kg": read with its slot)
            if not _inside(match, taken) and not any(match.group("value") in n for n in names):
                slot = _UNIT_SLOTS[match.group("unit").replace(" ", "")]
                said.append((match.start(), slot, match.group("value").replace("° ", "°")))
        drawn = " ".join(a for e in plan.elements for a in e.attributes)
        for at, slot, value in said:
            if f'"{value}"' in drawn or f"= {value}" in drawn:
                continue  # (said already, under a slot of its own)
            # ("high water 05:12": a time, not a thing to hold values)
            before = [(i, n) for i, n in found if i < at and not re.search(r"\d:\d\d", n)]
            things = [(i, n) for i, n in before if not _someone(n, analysis)]
            owner = max(things or before, default=None)
            element = plan.element(names[owner[1]]) if owner else None
            if element is not None and not any(
                a.startswith(f"{slot} = ") for a in element.attributes
            ):
                element.attributes.append(f"{slot} = {value}")


def _inside(match: re.Match, spans: list[tuple[int, int]]) -> bool:
    return any(start <= match.start() < end for start, end in spans)


def _instance_at(text: str, name: str, kind: str) -> int:
    """Where text names an instance: a number of one or two digits only after its kind
    ("court 3", not the 3 of "seed 3" or "6-3") or opening a line of a list ("1 -> HS
    8517.62, origin CN"); -1 if not."""
    if kind and re.fullmatch(r"#?\d{1,2}", name):
        # ("line 1" of an order line, "seat 41" of seats)
        kind = kind.split()[-1]
        kind = re.escape(kind[:-1]) + "s?" if kind.endswith("s") else re.escape(kind)
        found = re.search(
            rf"(?:\b{kind}\s+|^\s*(?:[\w ]{{1,20}}:\s*)?(?:the\s+)?){re.escape(name)}"
            r"(?![\w-]|[.,]\d|:\d)",
            text,
            re.I,
        )
        return found.end() - len(name) if found else -1
    return _named_at(text, name)


def _named_at(text: str, name: str) -> int:
    """Where text names name as a whole: "slot 4" is not the 4 of "24 slots"; -1 if not."""
    # (nor the 4 of "26.4 t" or the C of "-18 °C")
    found = re.search(rf"(?<![\w.,/°-]){re.escape(name)}(?![\w-]|[.,]\d)", text)
    return found.start() if found else -1


def _indented_parts(plan: Plan, analysis: Analysis, names: dict[str, str]) -> None:
    """Notes that indent a line under another ("- dorm 3 (8 bunks)" then "  - booking
    BK-9917 ..."): the first thing the indented line names belongs to the line's above."""
    linked = {frozenset((link.source, link.target)) for link in plan.links}
    stack: list[tuple[int, str | None, str]] = []
    for line in analysis.scenario.splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        # (a note's line opens in lowercase: "dorm 3" is the Dorm 3 of its sentence)
        low = line.lower()
        named = min(
            ((at, n) for n in names if (at := _named_at(low, n.lower())) >= 0), default=None
        )
        element = names[named[1]] if named else None
        kind = analysis.instances.get(named[1], "") if named else ""
        while stack and stack[-1][0] >= indent:
            stack.pop()
        parent, parent_kind = stack[-1][1:] if stack else (None, "")
        if (
            parent
            and element
            and parent != element
            and frozenset((parent, element)) not in linked
            # ("- barrel B-117 full" then "  - barrel B-118 half full": another of its kind)
            and not (kind and kind == parent_kind)
        ):
            plan.links.append(Link(parent, element, "association"))
            linked.add(frozenset((parent, element)))
        stack.append((indent, element, kind))


def _finite_verb(text: str) -> bool:
    """Whether text says what something does or has ("has 42 units and currently holds",
    ", containing")."""
    return any(
        verb_base(w) and w.endswith(("s", "ing")) and w not in _LINKING_PREPOSITIONS
        for w in re.findall(r"[a-z]+", text)
    )


def _counted_list(
    plan: Plan, analysis: Analysis, names: dict[str, str], text: str, absorbed: set[str]
) -> tuple[set[str], str]:
    """ "Booking R-204 covers two passengers, Maria Lopez in seat 14A and Tom Berg in seat
    14B": the thing before the count is linked to each listed name by the verb before the
    count, and what an item says after its name is said of that name (seat = "14A"). Returns
    the names the list holds and that thing's name."""
    listed: set[str] = set()
    owner = ""
    for match in COUNTED_NAMES.finditer(text):
        before = [n for n in names if 0 <= text.find(n) < match.start()]
        owner = max(before, key=text.find) if before else ""
        said = text[text.find(owner) + len(owner) : match.start()] if owner else ""
        verb = next((w for w in re.findall(r"[A-Za-z]+", said) if verb_base(w)), "")
        for item in counted_items(match.group("list")):
            name = next((n for n in names if item.startswith(n)), None)
            if name is None:
                break
            listed.add(name)
            if owner:
                plan.links.append(Link(names[owner], names[name], "association", verb))
            for other in names:
                if other == name or other not in item:
                    continue
                listed.add(other)
                if analysis.instances[other].lower() in lx.VALUE_KINDS:
                    _absorb(plan, names, name, other, analysis.instances[other])
                    absorbed.add(other)
                else:
                    plan.links.append(Link(names[name], names[other], "association"))
    return listed, owner


# Kinds whose numbers measure the thing named before them: "level 27", "damage 42".
_MEASURES = frozenset(
    "damage defense defence durability health battery bikes slots members gold points"
    " started duration distance stock count charge fuel weight xp mana armor armour"
    # ("departing 23:55", "booked 10:00", "cycle 187/300": when or how far, not a thing)
    " departing arriving leaving booked reserved opened closed due cycle issued deposit"
    " used born".split()
)


# Kinds of place named by a number and a letter: "seat 7C", "bay 4F".
_SPOTS = frozenset(
    "seat row gate bay room bed desk table stand platform berth locker pitch".split()
)


def _measured_values(analysis: Analysis) -> dict[str, tuple[str, str]]:
    """Named "instances" that are numbers of a measure ("level 27", "wallet balance 12.50",
    "battery 90%"), by name: their slot and value, unit included."""
    found = {}
    for name, kind in analysis.instances.items():
        words = kind.lower().split()
        currency = re.fullmatch(r"([\d.,:]+) ([A-Z]{3})", name)
        degrees = re.fullmatch(r"([\d.,]+) ?(°?[CF])", name)
        if degrees and " " not in name and "°" not in name and words[-1:] and words[-1] in _SPOTS:
            degrees = None  # ("seat 7C", "row 12F": a place, not a temperature)
        if words and degrees:
            # ("setpoint 3.5 C": a temperature of the store)
            found[name] = (_slot(words), f"{degrees.group(1)} °{degrees.group(2).lstrip('°')}")
            continue
        on_day = re.match(rf"\s+({_MONTHS})\b", _text_after(analysis.scenario, name), re.I)
        if words and words[-1].endswith("ed") and re.fullmatch(r"\d{1,2}", name) and on_day:
            # ("lifted 28 sep", "last applied 02 dec": when it was done)
            found[name] = (_slot(words), f"{name} {on_day.group(1)}")
            continue
        # ("due 20 June", "born 2024-10-02": a date of the thing)
        date = (
            re.fullmatch(r"\d{1,2} [A-Z][a-z]+(?: \d{4})?|\d{4}-\d{2}-\d{2}", name)
            and words[-1] in _MEASURES
        )
        if not words or not (re.fullmatch(r"[\d.,:]+", name) or currency or date):
            continue
        # (where its kind names it: "sideslip 2 degrees", not the "2." of a list)
        at = re.search(
            rf"(?i:\b{re.escape(words[-1])})\s+{re.escape(name)}(?!\d|[.,:]\d)", analysis.scenario
        ) or _whole_number(analysis.scenario, name)
        after = analysis.scenario[at.end() :] if at else ""
        # ("humidity 68%", "bollard pull 65 t": a number with its unit measures, whatever its
        # kind)
        unit = _unit(after)
        measured = (
            unit == "%"
            or unit.strip() in _UNIT_SLOTS
            or unit.strip() in lx.UNITS
            or unit.strip() in _DOSE_UNITS
            or re.fullmatch(_SYMBOL_UNITS, unit.strip()) is not None
        )
        if at and re.match(r"\s?[cf]\b(?![-'’])", after):
            # ("back pan 101 c", notes' degrees)
            found[name] = (_slot(words), f"{name} °{after.strip()[0].upper()}")
            continue
        reading = re.match(rf"\s?({'|'.join(_READINGS)})\b", after, re.I)
        if at and reading:
            # ("concentrate 8 brix", "co2 910 ppm": a reading, with its unit)
            found[name] = (_slot(words), f"{name} {reading.group(1)}")
            continue
        # ("depth 0.86 m", "airmass 1.12": a number with a fraction measures, whatever its kind)
        if (
            words[-1] not in lx.VALUE_KINDS | _MEASURES
            and not re.fullmatch(r"\d+[.,]\d+", name)
            and not (measured and re.fullmatch(r"[\d.,]+", name))
        ):
            continue
        slot = words[-2] + words[-1].capitalize() if len(words) == 2 else words[-1]
        # ("total 24.00 EUR" names its unit already)
        unit = "" if currency or date or at is None else unit
        found[name] = (slot, name + unit)
    return found


def _whole_number(text: str, number: str) -> re.Match | None:
    """Where text says number as a whole: not the 1 of "1.68" or of "10:15"."""
    return re.search(rf"(?<![\w.,/°:-]){re.escape(number)}(?!\d|[.,:]\d)", text)


def _slot(words: list[str]) -> str:
    """An attribute's name from its words: "target moisture" -> targetMoisture."""
    return words[0] + "".join(w.capitalize() for w in words[1:])


def _text_after(text: str, name: str) -> str:
    at = re.search(rf"\b{re.escape(name)}\b", text)
    return text[at.end() :] if at else ""


# Units written as symbols: speed, force, torque, frequency, size, temperature.
_SYMBOL_UNITS = r"[a-z]{1,3}/[a-z]{1,2}|k?N|Nm|k?Hz|[KMGT]B|°[CF]"


def _unit(text: str) -> str:
    """The unit a value's text goes on with, as written after the value: "%" for "90%",
    " km" for "41,200 km", " EUR"; else ""."""
    # ("40 m/s", "612 N", "500 Hz", "15 degrees": units of speed, force, rate and angle)
    unit = re.match(
        rf"\s*(%|(?:{_SYMBOL_UNITS})\b|[a-z]{{1,3}}\b|EUR\b|USD\b|GBP\b|L\b|kW\b|MW\b|V\b"
        r"|[a-z]+\b)",
        text,
    )
    if unit is None or unit.group(1) in lx.FUNCTION_WORDS:
        return ""
    word = unit.group(1)
    if word.isalpha() and word.islower() and len(word) > 3 and word not in lx.UNITS:
        return ""  # ("15 degrees" is a unit, "15 players" is not)
    return unit.group(1) if unit.group(1) == "%" else f" {unit.group(1)}"


# When a thing happens or is due: said of a thing, not of the person named beside it.
_WHEN_SLOTS = frozenset("due started finished opened closed booked reserved issued".split())
# ("asks for paclitaxel 175 mg", "carboplatin 450 mg": a dose, the prescription's, not the
# patient's)
_DOSE_UNITS = frozenset("mg ml mcg µg".split())
_READINGS = ("brix", "ppm", "psi", "bar", "rpm", "lux", "gal")


def _full_name(name: str, analysis: Analysis) -> bool:
    """ "Sahil Verma" named with no kind: someone by first and last name."""
    return (
        not analysis.instances.get(name)
        and len(name.split()) == 2
        and _PERSONS_NAME.fullmatch(name) is not None
    )


# "Lucía Ferrer", "Owen Price", "Ana María Pérez": a first name and one or two more
_PERSONS_NAME = re.compile(rf"{NAME_WORD}(?: {NAME_WORD}){{1,2}}")


def _someone(name: str, analysis: Analysis) -> bool:
    """Whether a named thing is someone: "Owen Price" the electrician, not "Task T-4"."""
    kind = analysis.instances.get(name, "").lower()
    return bool(kind) and (
        kind.split()[-1] in lx.PERSON_WORDS
        # ("Lucía Ferrer": accented names too)
        or _PERSONS_NAME.fullmatch(name) is not None
    )


def _value_owner(
    analysis: Analysis, value: str, names: dict[str, str], values: dict, nearby_only: bool = False
) -> str | None:
    """The named thing a measured value is said of: the last one named before it in its
    sentence, else the first one of the sentence before."""
    for index, sentence in enumerate(analysis.sentences):
        number = _whole_number(sentence.text, value)
        if number is None:
            continue
        at = number.start()
        # (whole names: the "C" of bay C is not the C of "3.5 C")
        before = [(i, n) for n in names if 0 <= (i := _named_at(sentence.text, n)) < at]
        if values[value][0] in _WHEN_SLOTS or values[value][1].split()[-1] in _DOSE_UNITS:
            # "Task T-4 is assigned to electrician Owen Price, due 20 June": the task is due
            things = [(i, n) for i, n in before if not _someone(n, analysis)]
            before = things or before
        if before:
            return max(before)[1]
        heading = re.match(r"[^\w(]*:\s*", sentence.text[number.end() :])
        after = [(i, n) for n in names if (i := _named_at(sentence.text, n)) > at]
        if heading and after:
            return min(after)[1]  # ("tier 4: tray batch TB-4480, ...": the batch's tier)
        opened = sentence.text.rfind("(", 0, at)
        if nearby_only and _indented_under(analysis.scenario, sentence.text) and index:
            nearby_only = False  # ("  - back pan 101 c": said of the line it is under)
        if nearby_only or (opened >= 0 and ")" not in sentence.text[opened:at]):
            # ("two tugs, 'Sea Ox' (bollard pull 65 t)": a bracket's values are of what it
            # follows, here nothing drawn)
            return None
        if after and re.search(r"\bfor\b", sentence.text[at : min(after)[0]]):
            return min(after)[1]  # ("sideslip 0 degrees for run 214": the run's)
        for earlier in reversed(analysis.sentences[:index]):
            named = [(earlier.text.find(n), n) for n in names if n in earlier.text]
            if named:
                return min(named)[1]
    return None


def _indented_under(scenario: str, text: str) -> bool:
    """Whether the note line that holds text is indented deeper than the line before it."""
    lines = [line for line in scenario.splitlines() if line.strip()]
    for before, line in zip(lines, lines[1:], strict=False):
        if text[:30].lower() in line.lower():
            return len(line) - len(line.lstrip()) > len(before) - len(before.lstrip())
    return False


def _subject_or_what_it_has(text: str, found: list[tuple[int, str]]) -> str:
    """The thing a sentence is about: its subject, or what its subject has ("technician
    Milagros Huamán has ticket R-3393, ..., in status Waiting": the ticket is waiting)."""
    (at, first), *rest = found
    has = re.match(r"\s*,?\s*(?:has|have|holds|owns)\s+(?:[a-z]+\s+){0,2}", text[at + len(first) :])
    # (what it has named right after the verb: "Hall 4 has 112 stands, ..., at gate 4 North" is
    # still the hall's gate)
    return rest[0][1] if has and rest and rest[0][0] == at + len(first) + has.end() else first


def _main_object(text: str, found: list[tuple[int, str]], absorbed: set[str]) -> str | None:
    """The first named thing after the sentence's verb: what the sentence is about ("Show a
    snapshot of one booking:" before a colon asks for the diagram; it is not the verb)."""
    start = text.rfind(":", 0, found[0][0]) + 1 if found else 0
    for at, name in found:
        said = re.findall(r"[a-z]+", text[start:at])
        if name not in absorbed and any(verb_base(w) for w in said):
            return name
    return None


def _parts_of(plan: Plan, analysis: Analysis, names: dict[str, str]) -> None:
    """ "Carriage 7 of the train is the bistro car": the carriage belongs to the train named
    before, and what it is becomes its type."""
    kinds = {kind.lower(): name for name, kind in analysis.instances.items() if name in names}
    for sentence in analysis.sentences:
        for name in names:
            at = sentence.text.find(name)
            if at < 0:
                continue
            part = re.match(
                r"^\s+of the ([a-z]+)(?:\s+(?:is|are) (?:the|an?) ([a-z]+(?: [a-z]+)?))?",
                sentence.text[at + len(name) :],
            )
            if part is None or kinds.get(part.group(1)) in (None, name):
                continue
            plan.links.append(Link(names[kinds[part.group(1)]], names[name], "association"))
            element = plan.element(names[name])
            if part.group(2) and element is not None:
                element.attributes.append(f"type = {part.group(2)}")


def _absorb(
    plan: Plan, names: dict[str, str], owner: str, value: str, kind: str, shown: str = ""
) -> None:
    """The named thing becomes a value of the owner's object: frequentFlyer = "FF-2231"."""
    element = plan.element(names[owner])
    drawn = plan.element(names[value])
    words = kind.split()
    if element is None or drawn is None or not words:
        return  # ("(with a 'Blue Moon' mug)", "(driven by Sam Ortiz)": of no kind, itself)
    plan.elements.remove(drawn)
    slot = words[0].lower() + "".join(w.capitalize() for w in words[1:])
    element.attributes.append(f"{slot} = {shown or value}")


_PLACE = r"([A-Z][\w-]*(?: [A-Z][\w-]*){0,3})"
# What a sentence says of a named thing right after its name: "from Frankfurt to San
# Francisco", "on 14 May", ", a Boeing 747-8".
_VALUES = (
    ("id", re.compile(r"^\s*\((?:id|no\.?|number) ([\w-]+)\)")),
    ("from", re.compile(rf"^\s*(?:runs |flies |goes |travels )?from {_PLACE}\b")),
    ("to", re.compile(rf"^\s*to {_PLACE}\b")),
    (
        "date",
        re.compile(r"^\s*on (\d{1,2} [A-Z][a-z]+(?: \d{4})?|[A-Z][a-z]+ \d{1,2}(?:, \d{4})?)\b"),
    ),
    ("type", re.compile(r"^\s*,\s*an? ([A-Z][\w-]*(?: [\w.-]+){0,2}?)\s*(?=[.,;]|$)")),
)


# "... is at stop": a place the thing before it is at
_PLACED_AT = re.compile(
    r"\b(?:is|are|sits|stands|waits)\s+(?:at|in|on)\s+(?:the\s+)?(?:[\w-]+\s+)?$"
    # ("coach 'Skye Voyager' driven by Alasdair Munro, with 38 seats booked": the coach's)
    r"|\b(?:driven|led|run|operated|staffed|managed|owned)\s+by\s+$"
)


def _said_of(
    plan: Plan,
    element_name: str,
    text: str,
    names: dict[str, str],
    counted_for: str | None = None,
) -> str:
    """Values of the object read from the text after its name (places that are not named
    things of their own, a date, a type), as attributes; returns the text left. A count
    ("with 23 passengers") goes to counted_for where given."""
    element = plan.element(element_name)
    if element is None:
        return text
    holder = plan.element(counted_for) if counted_for else element
    holder = holder or element
    matched = True
    counting = False  # (after a count, "and 2 frogs" is another)
    while matched:
        matched = False
        for slot, pattern in _VALUES:
            found = pattern.match(text)
            if found is None or found.group(1) in names or any(n in found.group(1) for n in names):
                continue
            value = found.group(1)
            if not any(a.startswith(f"{slot} = ") for a in element.attributes):
                element.attributes.append(f"{slot} = {value}")
            text = text[found.end() :]
            matched = True
        bracket = _BRACKET.match(text)
        if bracket is not None and not any(_named_at(bracket.group(1), n) >= 0 for n in names):
            # "server web-07 (Dell R650, IP 10.20.14.7, status running)": its values
            for slot, value in _bracket_values(bracket.group(1)):
                if not any(a.startswith(f"{slot} = ") for a in element.attributes):
                    element.attributes.append(f"{slot} = {value}")
            text = text[bracket.end() :]
            matched = True
        counted = _COUNTED.match(text) or (_COUNTED_MORE.match(text) if counting else None)
        if counted is not None:
            counting = True
            # "lot L-01 with 250 units": units = 250
            slot = counted.group(2)
            if not any(a.startswith(f"{slot} = ") for a in holder.attributes):
                holder.attributes.append(f"{slot} = {counted.group(1)}")
            text = text[counted.end() :]
            matched = True
    return text


# ("with 23 common toads (17 male, 6 female) and 2 frogs": toads = 23, frogs = 2)
_COUNTED = re.compile(r"^\s*,?\s*with (\d[\d,.]*) (?:[a-z]+ (?=[a-z]+s\b))?([a-z]+)\b")
_COUNTED_MORE = re.compile(
    r"^\s*(?:\([^()]*\)\s*)?(?:,|and|, and)\s+(\d[\d,.]*) (?:[a-z]+ (?=[a-z]+s\b))?([a-z]+s)\b"
)
_BRACKET = re.compile(r"^\s*\(([^()]{1,160})\)")


def _bracket_values(text: str) -> list[tuple[str, str]]:
    """ "IP 10.20.14.7, status running, 48 ports": the slots and values a bracket lists. An
    item is one where the value has a digit, or the slot is a known kind of value; "Dell
    R650" or "senior women" say no slot."""
    found = []
    for item in re.split(r",\s+", text.strip()):
        counted = re.fullmatch(r"(\d+)\s+([a-z]{4,}s)", item)  # "48 ports", not "1,200 kg"
        if counted and counted.group(2) not in _COUNTED_TIMES:
            found.append((counted.group(2), counted.group(1)))
            continue
        # "IP 10.20.14.7", "day rate 420 EUR", "status running"
        pair = re.fullmatch(r"([a-z]+(?: [a-z]+)?|[A-Z]{2,})\s+(\d\S*(?: [A-Za-z%°]+)?|\w+)", item)
        if pair is None or set(pair.group(1).split()) & lx.FUNCTION_WORDS:
            continue
        slot = pair.group(1).lower().split()
        if pair.group(2)[0].isdigit() or slot[-1] in lx.VALUE_KINDS:
            found.append((_slot(slot), pair.group(2)))
    return found


_COUNTED_TIMES = frozenset("minutes hours seconds days weeks months years euros dollars".split())


# "2 x 'USB-C cable' at 9.90": a quantity of a named item at a price.
_QUANTITY_LINE = re.compile(
    r"(\d+)\s*[x×]\s*['\"‘“]?([^'\"’”,;:]+?)['\"’”]?\s+(?:at|for|@)\s+([\d.,]*\d)"
)


def _quantity_lines(plan: Plan, analysis: Analysis, names: dict[str, str]) -> None:
    """ "The order has two lines: 2 x 'USB-C cable' at 9.90 and 1 x 'Laptop stand' at 39.00":
    one object per line, with its quantity, item and price, linked to the order."""
    kinds = {kind.lower(): name for name, kind in analysis.instances.items()}
    for sentence in analysis.sentences:
        lines = _QUANTITY_LINE.findall(sentence.text)
        if not lines:
            continue
        text = sentence.text.lower()
        owner = next((n for n in names if n in sentence.text), None) or next(
            (name for kind, name in kinds.items() if re.search(rf"\b{re.escape(kind)}\b", text)),
            None,
        )
        if owner is None:
            continue
        noun = re.search(r"\b(lines?|items?|positions?|entries|entry)\b", text)
        part = display([singular(noun.group(1)) if noun else "line"])
        kind = f"{analysis.instances[owner]}{part}".replace(" ", "")
        for i, (quantity, item, price) in enumerate(lines, start=1):
            element = plan.add(f"{part} {i} : {kind}", "object")
            element.attributes += [
                f"quantity = {quantity}",
                f"item = {item.strip()}",
                f"price = {price}",
            ]
            plan.links.append(Link(names[owner], element.name, "association"))


_LINKING_PREPOSITIONS = ("of", "for", "with", "from", "to", "by")
_JOINING_VERBS = frozenset("link connect join match pair tie associate bind".split())
_PRONOUN_START = re.compile(r"^\s*(it|its|their|they|his|her)\b\s*", re.I)


_SNAPSHOT_SHOWS = re.compile(
    r"^\s*it\s+(?:(?:shall|should|must|will|can|may|needs? to)\s+)?(?:also\s+)?"
    r"(?:show|display|include|list|contain|hold)s?\b",
    re.I,
)


def _maps_one_thing(entry: str) -> bool:
    """ "ticket 115 -> green parka on hook B15": an entry of notes with a thing, an arrow and
    what it maps to (not "-> assigned to run 12/1", which goes on from the line before)."""
    mapped = ARROW.search(entry)
    return mapped is not None and re.search(r"\w", entry[: mapped.start()]) is not None


def _link_by_pronoun(plan: Plan, analysis: Analysis, names: dict[str, str]) -> None:
    """ "Its driver is employee Karl Stein", "It is paid by card payment P-88": an object
    that a sentence starting with a pronoun names belongs to the thing the sentence before
    was about (the order, the train), with the words between as the label ("driver",
    "paid by")."""
    linked = {link.source for link in plan.links} | {link.target for link in plan.links}
    kinds = {kind.lower(): name for name, kind in analysis.instances.items()}
    listing: tuple[str, str, set[str]] | None = None  # owner, label, kinds a list announced
    for index, sentence in enumerate(analysis.sentences):
        if listing is not None and sentence.text.startswith("and "):
            # "...: lot L-01 with 250 units; and lot L-02 ...": the list goes on
            owner, label, announced = listing
            for name in names:
                if name in sentence.text and analysis.instances[name].lower() in announced:
                    plan.links.append(Link(names[owner], names[name], "association", label))
            continue
        listing = None
        pronoun = _PRONOUN_START.match(sentence.text)
        # "The flight is operated with aircraft D-ABYA": the flight named before.
        named = re.match(
            r"^\s*the ([a-z]+(?: [a-z]+)??)\s+(?:is|are|was|has|had)\b\s*", sentence.text, re.I
        )
        if named is not None and named.group(1).lower() in kinds:
            pronoun = named
        elif pronoun is None or index == 0 or _SNAPSHOT_SHOWS.match(sentence.text):
            # ("It shall show booking BK-5540 ...": the snapshot shows it, not the thing
            # the sentence before named)
            continue
        first_at = min((sentence.text.find(n) for n in names if n in sentence.text), default=-1)
        # ("two lots": a list is announced by a plural)
        announced = {
            singular(w).lower()
            for w in re.findall(r"[A-Za-z]+", sentence.text[:first_at])
            if singular(w) != w
        }
        for name in names:
            if name not in sentence.text:
                continue
            # "It has produced two lots: lot L-01 ..., lot L-02 ...": each lot is its
            # product, whatever else the sentence links it to.
            listed = analysis.instances[name].lower() in announced and first_at > 0
            if names[name] in linked and not listed:
                continue
            owner = (
                kinds[named.group(1).lower()]
                if pronoun is named
                else _topic(analysis.sentences[index - 1].text, names, kinds, exclude=name)
            )
            if owner == name:
                continue
            if owner is None:
                continue
            kind = analysis.instances[name].lower().split()
            words = sentence.text[pronoun.end() : sentence.text.find(name)].split(":")[0].split()
            skip = lx.DETERMINERS | lx.PRONOUNS | lx.AUXILIARIES | lx.NUMBER_WORDS | set(kind)
            label = [w for w in words if w.lower() not in skip and singular(w.lower()) not in kind]
            shown = " ".join(label[:3])
            if listed:
                # "has produced two lots so far": produced
                acts = [w for w in label if verb_base(w.lower()) and w.lower() not in lx.HAS_VERBS]
                shown = (acts or label or [""])[0]
                listing = (owner, shown, {k for k in announced if k in kinds})
            plan.links.append(Link(names[owner], names[name], "association", shown))
            linked |= {names[owner], names[name]}


def _topic(text: str, names: dict[str, str], kinds: dict[str, str], exclude: str) -> str | None:
    """What a sentence is about: the named thing it starts with ("The order has ..." is order
    5531's kind; "train ICE 578 runs ..." names ICE 578), else None."""
    head = re.match(r"^\s*(?:the|a|an|our|this)?\s*([a-z]+(?:\s[a-z]+)?)", text, re.I)
    found = sorted((text.find(n), n) for n in names if n in text and n != exclude)
    if found and head is not None and found[0][0] < head.end():
        return found[0][1]  # ("Worksheet WS-2025-1190 ...": that worksheet, not another)
    if head is not None:
        for words in (head.group(1).lower(), head.group(1).lower().split()[0]):
            if words in kinds and kinds[words] != exclude:
                return kinds[words]
    return found[0][1] if found else None


def _component(analysis: Analysis, chooser: Chooser) -> Plan:
    plan = Plan("component")
    # ("slot floor systems - Casino Lumière, Namur - notes from walk-through": where the
    # notes were taken, named only in their heading, is no part)
    heading = {0} if heading_line(analysis.scenario) else set()

    def allowed(c: Candidate) -> bool:
        if heading and c.sentences <= heading:
            return False
        # ("Use Show Server" is something done, never a part)
        return c.role != "action" and (
            c.role != "actor" or c.listed_actor or bool(c.subject and _short(analysis))
        )

    chosen = _choose(analysis, chooser, "component", allowed=allowed)
    if _short(analysis):
        chosen = _with_parts_used(analysis, chooser, chosen, allowed)
        chosen += _reached_through(analysis, chosen)
        # "fetch questions from the Exam Delivery Service", "pulls jobs from a Redis queue":
        # what parts pass to each other is no part of its own.
        chosen = [c for c in chosen if not _passed_data(c)]
        # ("As the duty manager, I want ...": who asks is drawn where the text says what
        # they do with a part, and is no part to hang on one otherwise)
        in_use = _resolver(analysis, chosen)
        chosen = [
            c
            for c in chosen
            if c.key not in analysis.only_story_roles or _does_with_part(c, analysis, in_use)
        ]
    # "Each service owns its own database": one database per service, named after it.
    owned = {
        rel.target: (rel, owners)
        for rel in analysis.relations
        if rel.kind == "has"
        and (owners := _each(rel, analysis, chosen))
        and re.search(r"\b(?:its|their) own\b", analysis.sentences[rel.sentence].text, re.I)
    }
    # "Both APIs": the two APIs drawn, not a third part named "APIs".
    meant = {
        c.key
        for rel in analysis.relations
        for c in [analysis.candidates[rel.source]]
        if _each(rel, analysis, chosen)
    }
    meant |= {
        c.key
        for c in chosen
        if singular_key(c.name) in {singular_key(analysis.candidates[k].name) for k in meant}
    }
    chosen = [c for c in chosen if c.key not in owned and c.key not in meant]
    # ("the central husbandry server ... the husbandry server": one part; "over the local
    # network": the way parts talk, no part)
    text = " ".join(analysis.scenario.lower().split())
    places = {c.key for c in chosen if _only_a_place(c, analysis)}
    # ("the collector server in Ghent, which stores them": the server stores them)
    placed = {k: host.key for k in places if (host := _placed_after(analysis, k, chosen))}
    chosen = [
        c
        for c in chosen
        if not _only_a_medium(c, analysis)
        and c.key not in places
        and c.key not in _LANGUAGES  # ("a Discord bot written in Python": how it is made)
        and (
            (longer := _said_in_full(c, chosen, people=False)) is None
            # ("admin dashboard -> public api" names no "Admin Dashboard Public Api")
            or longer.name.lower() not in text
        )
    ]
    # ("The batch controller ... is an industrial PC that drives the PLC": what it is, no
    # second part; what the PC does, the controller does)
    chosen_keys = {c.key for c in chosen}
    for rel in analysis.relations:
        named = analysis.candidates[rel.source]
        if (
            rel.kind == "isa"
            and rel.target in chosen_keys
            and rel.source not in chosen_keys
            and named.capitalised
        ):
            # ("the Operator Console, a laptop app that ...": the part by its name)
            chosen = [named if c.key == rel.target else c for c in chosen]
            chosen_keys = {c.key for c in chosen}
    kinds = {
        rel.target: rel.source
        for rel in analysis.relations
        if rel.kind == "isa" and rel.source in chosen_keys
    }
    chosen = [c for c in chosen if c.key not in kinds]
    kinds |= placed
    named = _resolver(analysis, chosen)

    def resolve(key: str | None) -> Candidate | None:
        return named(kinds.get(key, key) if key else key)

    for cand in chosen:
        plan.add(_name(cand, "component"), _component_kind(cand.head, cand.key))
    for target, (rel, owners) in owned.items():
        part = analysis.candidates[target]
        for owner in owners:
            name = f"{_name(owner, 'component')} {_name(part, 'component')}"
            plan.add(name, _component_kind(part.head, part.key))
            plan.links.append(Link(_name(owner, "component"), name, "directed", _part_label(rel)))
    # ("The touchscreen cabinet runs the Jukebox Player": what a part runs is a program,
    # whatever a player may be elsewhere)
    run = {
        rel.target
        for rel in analysis.relations
        if rel.kind == "action" and re.match(r"(?:runs|hosts|executes)\b", rel.label)
    }
    people = {_name(c, "component") for c in chosen if _person(c) and c.key not in run}
    if len(plan.elements) > 2 * len(people):
        # People who use the components are drawn as actors beside them, while the parts
        # of the system stay the most of the diagram (else it reads as a use case diagram).
        for element in plan.elements:
            if element.name in people:
                element.kind = "actor"
    done = set()
    for rel in analysis.relations:
        if rel.kind == "isa":
            continue  # (what a part is, not a part it uses)
        b = resolve(rel.target)
        for a in _each(rel, analysis, chosen) or [resolve(rel.source)]:
            if a and b and a.key != b.key and (a.key, b.key) not in done:
                done.add((a.key, b.key))
                plan.links.append(
                    Link(
                        _name(a, "component"),
                        _name(b, "component"),
                        "directed",
                        _part_label(rel)
                        if rel.kind == "has"
                        else _link_label(_what_goes_to(rel, analysis), analysis, 3),
                    )
                )
    _learned_links(plan, analysis, chooser, chosen, "directed")
    _connect_leftovers(plan, analysis, chosen, resolve, "directed")
    return plan


def _does_with_part(cand: Candidate, analysis: Analysis, resolve) -> bool:
    """Whether the text says someone does something with a part resolve names among those
    chosen ("the customer orders food in the mobile app")."""
    for rel in analysis.relations:
        if rel.kind == "action" and cand.key in (rel.source, rel.target):
            other = resolve(rel.target if rel.source == cand.key else rel.source)
            if other is not None and other.key != cand.key:
                return True
    return False


# Languages parts are written in, never parts of their own.
_LANGUAGES = frozenset(
    "python java javascript typescript golang rust ruby php kotlin swift perl scala bash"
    " powershell matlab r".split()
)

# Ways parts are wired or talk, never parts: "plug into the PC by USB", "over UDP".
_LINKS = frozenset(
    "usb bluetooth wifi lora lorawan udp tcp ethernet serial zigbee nfc 4g 5g lte rcon ssh rdp"
    " vnc snmp".split()
)


def _owning(rel: Relation) -> bool:
    return any(verb_base(w) == "own" for w in rel.label.split()[:3])


def _refers_to(rel: Relation, analysis: Analysis, cand: Candidate) -> bool:
    """Whether a "has" names a thing of its own, not a part: what someone owns ("members may
    own telescopes"), or a thing with attributes of its own that a record keeps ("each landing
    line shall record the species", the species with a code and a name)."""
    keeps = any(verb_base(w) in ("record", "store", "keep") for w in rel.label.split()[:3])
    return _owning(rel) or (keeps and len(_own_attributes(analysis, cand)) >= 2)


def _own_attributes(analysis: Analysis, cand: Candidate) -> set[str]:
    """The attributes the text gives a thing, lowercase."""
    return {a.lower() for a in analysis.attributes.get(cand.key, [])} | {
        a.lower() for a in analysis.lists.get(cand.key, [])
    }


def _only_a_medium(cand: Candidate, analysis: Analysis) -> bool:
    """ "over the local network", "via the mobile network": a network only ever named as the
    way something goes."""
    if singular(cand.head.lower()) != "network" and cand.key not in _LINKS:
        return False
    text = analysis.scenario.lower()
    said = list(re.finditer(rf"\b{re.escape(cand.name.lower())}s?\b", text))
    return bool(said) and all(
        re.search(
            r"\b(?:over|via|through|across|by)\s+(?:the\s+|a\s+|an\s+|our\s+|its\s+)?$",
            text[: m.start()],
        )
        for m in said
    )


_PLACE_HEADS = frozenset(
    "pier quay harbour harbor room building yard hall basement roof shed island village"
    " town city field garden kitchen rack booth proscenium stage cellar attic loft warehouse"
    " office cupboard closet ceiling lobby foyer depot garage barn".split()
)


# (what a town is named after: "the ingest server in Lisbon", "a mirror in Concepción")
_PLACED_PARTS = lx.SYSTEM_WORDS | frozenset(
    "pc computer desk gauge logger receiver mirror station office centre center".split()
)


def _only_a_place(cand: Candidate, analysis: Analysis) -> bool:
    """ "the ingest server in Lisbon", "our tide gauge on the north pier": a town named only
    as where a part is, or a place such as a pier or a room named only as where things are
    ("stores entries in Postgres" names a part)."""
    name = cand.name
    proper = cand.words == 1 and re.search(rf"\b{re.escape(name)}\b", analysis.scenario)
    if not proper and singular(cand.head) not in _PLACE_HEADS:
        return False
    text = analysis.scenario if proper else analysis.scenario.lower()
    said = list(re.finditer(rf"\b{re.escape(name if proper else name.lower())}s?\b", text))
    where = (
        r"\b(?:in|at|on|near|inside|outside|next to|above|below|beside)\s+"
        r"(?:the\s+|a\s+|an\s+|our\s+|its\s+)?$"
    )
    return bool(said) and all(
        (placed := re.search(rf"(\w+)\s+{where}", text[: m.start()], re.I))
        and (not proper or singular(placed.group(1).lower()) in _PLACED_PARTS)
        for m in said
    )


def _placed_after(analysis: Analysis, key: str, chosen: list[Candidate]) -> Candidate | None:
    """The part named right before where it is ("the collector server in Ghent")."""
    place = analysis.candidates[key].name
    text = " ".join(analysis.scenario.split())
    for found in re.finditer(rf"\b{re.escape(place)}\b", text, re.I):
        before = re.sub(
            r"\s+(?:in|at|on|near)\s+(?:the\s+)?$", "", text[: found.start()], flags=re.I
        )
        for cand in chosen:
            if cand.key != key and before.lower().endswith(cand.name.lower()):
                return cand
    return None


def _part_label(rel: Relation) -> str:
    """ "consists of", "owns": what a part relation says, without the part's own name."""
    words = rel.label.split()
    return " ".join(words[:2]) if len(words) > 1 and words[1].lower() == "of" else words[0]


def _passed_data(cand: Candidate) -> bool:
    """Whether a candidate is only ever what parts act on: a lowercase thing that is no
    system word, never acts and is never where something goes."""
    return (
        cand.object > 0
        and cand.subject == 0
        and cand.target == 0
        and cand.capitalised == 0
        and not cand.listed_actor
        and cand.head not in lx.PRODUCTS
        and (singular(cand.head) not in lx.SYSTEM_WORDS or singular(cand.head) == "job")
        and _component_kind(cand.head, cand.key) == "component"
    )


def _component_kind(head: str, key: str) -> str:
    if head in ("database", "db", "store", "storage", "repository", "directory"):
        return "database"
    if "sql" in key or "cassandra" in key:
        return "database"
    return "queue" if head in ("queue", "broker", "bus", "topic") else "component"


def _each(rel: Relation, analysis: Analysis, chosen: list[Candidate]) -> list[Candidate]:
    """ "Each service owns its own database", "Both APIs write to a cache": every chosen
    service or API, when the relation's sentence says each, every, all or both before the bare
    head word."""
    source = analysis.candidates.get(rel.source)
    if source is None or source.words != 1 or rel.sentence >= len(analysis.sentences):
        return []
    text = analysis.sentences[rel.sentence].text.lower()
    if not re.search(
        rf"\b(?:each|every|all|both|all the|both the)\s+{re.escape(source.name.lower())}", text
    ):
        return []
    return [c for c in chosen if c.words > 1 and singular(c.head) == singular(source.head)]


# Words that end the name of a part of a running system: a store, a queue, a provider.
_PART_HEADS = frozenset("queue bucket database store cache broker".split())


def _gone_through(cand: Candidate, text: str) -> bool:
    """ "emails it through SendGrid", "delivers mail via Amazon SES": a part by its name."""
    name = re.escape(cand.name)
    return (
        re.search(rf"\b(?:through|via|using|into|in|to|from)\s+(?:an?\s+)?{name}\b", text)
        is not None
    )


def _with_parts_used(
    analysis: Analysis, chooser: Chooser, chosen: list[Candidate], allowed
) -> list[Candidate]:
    """The chosen parts with those below the cut that a chosen part is said to use: "the
    Document Service stores it in an S3 bucket and emails it through SendGrid", "gets events
    through a message queue". A user's long text names many parts, and one that a drawn part
    uses is one of them; the people of "As a fan, I want ..." make room for them. Best first,
    as the cut ranked them; what _reached_through adds comes after, in what room is left."""
    scores = _scores(analysis, chooser, "component")
    ranked = sorted(analysis.candidates.values(), key=lambda c: (-scores.get(c.key, 0), c.first))
    drawn = {c.key for c in chosen}
    more: list[Candidate] = []
    for cand in ranked:
        if not allowed(cand):
            continue
        if cand.key in drawn or _duplicate(cand, chosen + more):
            continue
        store = cand.words > 1 and cand.head in _PART_HEADS
        if not store and not (cand.capitalised and _gone_through(cand, analysis.scenario)):
            continue
        # ("stores each manifest in an S3 bucket": kept in a store, as well as used)
        kinds = ("action", "has") if store else ("action",)
        if any(
            r.kind in kinds
            and {r.source, r.target} <= drawn | {cand.key}
            and cand.key in (r.source, r.target)
            and r.source != r.target
            for r in analysis.relations
        ):
            more.append(cand)
    if not more:
        return chosen
    roles = [c for c in chosen if c.key in analysis.only_story_roles]
    return ([c for c in chosen if c not in roles] + more + roles)[: MAX_ELEMENTS["component"]]


def _reached_through(analysis: Analysis, chosen: list[Candidate]) -> list[Candidate]:
    """What a chosen part works through, in or with, when it is a system or a product name
    ("sends push messages through Firebase", "stores users in an LDAP directory", "each
    service owns its own PostgreSQL database")."""
    keys = {c.key for c in chosen}
    resolve = _resolver(analysis, chosen)  # "the API" after "a REST API" is the REST API
    found: list[Candidate] = []
    for rel in analysis.relations:
        cand = analysis.candidates.get(rel.target)
        if (
            (resolve(rel.source) is not None or _each(rel, analysis, chosen))
            and cand is not None
            and cand.key not in keys
            and cand.full
            and (
                cand.role == "system"
                or (cand.capitalised and cand.words == 1)
                or _component_kind(cand.head, cand.key) != "component"
            )
            and not _duplicate(cand, chosen + found)
        ):
            found.append(cand)
        # "a Vue front end that calls a Django API": a named part that acts on a chosen one
        caller = analysis.candidates.get(rel.source)
        if (
            rel.kind == "action"
            and caller is not None
            and caller.key not in keys
            and resolve(rel.source) is None
            and resolve(rel.target) is not None
            and caller.full
            and caller.role != "actor"
            and (caller.capitalised or caller.role == "system" or caller.head in _CALLER_HEADS)
            and not _duplicate(caller, chosen + found)
        ):
            found.append(caller)
    room = MAX_ELEMENTS["component"] - len(chosen)
    return found[: max(room, 0)]


# Heads of parts that call others: "front end", "web app", "mobile client".
_CALLER_HEADS = frozenset("end frontend app ui client portal dashboard kiosk terminal".split())


def _what_goes_to(rel: Relation, analysis: Analysis) -> str:
    """The part of a clause's label that goes to this target: in "sends push messages through
    Firebase and emails through an SMTP relay", what goes to the relay is "sends emails"."""
    text = analysis.sentences[rel.sentence].text if rel.sentence < len(analysis.sentences) else ""
    verb = rel.label.split()[0] if rel.label else ""
    at = text.lower().find(analysis.name(rel.target).lower())
    if at < 0 or not verb:
        return rel.label
    before = text[:at].lower()
    said = before.rfind(verb.lower())
    joined = max((m.end() for m in re.finditer(r"\band\b|,", before)), default=-1)
    if said < 0 or joined < said:
        return rel.label  # the label's own verb governs this target
    words = [w for w in re.findall(r"[A-Za-z-]+", before[joined:]) if w not in lx.FUNCTION_WORDS]
    return " ".join([verb] + words) if words else rel.label


# --- behaviour -----------------------------------------------------------------------------


def _participants(analysis: Analysis, chooser: Chooser, diagram_type: str) -> list[Candidate]:
    short = _short(analysis)
    text = analysis.scenario.lower()
    quoted = [m.span(1) for m in _QUOTED.finditer(analysis.scenario)]

    def allowed(c: Candidate) -> bool:
        if _only_quoted(c.name, analysis.scenario, quoted) or c.key in lx.MONEY_WORDS:
            return False  # "shows 'see supervisor'": what a screen says, not who says it
        if _only_when(c):
            return False
        if short and not (c.subject or c.role in ("actor", "system")):
            # "asks the tagging service for labels": in a few sentences, what is asked for
            # is a message's content; whoever receives it acts or is a system.
            return c.listed_actor or (c.target > 0 and (c.capitalised > 0 or _sent_to(c)))
        acts = c.subject > c.undergoes  # ("the certificate is expired": nothing it does)
        return acts or c.target > 0 or c.listed_actor or c.role in ("actor", "system")

    def _sent_to(c: Candidate) -> bool:
        """ "sends an alert to the monitoring centre": whoever something goes to or comes
        from takes part, unlike what is asked "for"."""
        name = re.escape(c.name.lower())
        return re.search(rf"\b(?:to|from)\s+(?:the\s+|an?\s+)?{name}\b", text) is not None

    chosen = _choose(analysis, chooser, diagram_type, allowed=allowed)
    # "the central game server ... the game server": one participant, by its full name, when
    # only one drawn name ends that way
    # (an activity's lanes keep a person's short name: "Registrar", as its steps say it)
    chosen = [c for c in chosen if _said_in_full(c, chosen, diagram_type == "sequence") is None]
    resolve = _resolver(analysis, chosen)
    # In a few sentences, whoever sends something and whoever it is sent to take part,
    # whatever the ranking says ("the hub sends an alert to the monitoring centre").
    for clause in analysis.clauses if short and diagram_type == "sequence" else []:
        doer = analysis.candidates.get(clause.subject or "")
        target = analysis.candidates.get(clause.targets[0]) if clause.targets else None
        if doer is None or not clause.objects:
            continue
        if target is not None and _sent_to(target):
            ends = [doer, target]
        elif (
            target is None
            and not clause.negated
            and doer.subject > doer.undergoes
            and not clause.verb.endswith("ed")  # ("my money released to the seller")
            # ("the system records ...": the system already drawn, by its full name)
            and not (doer.words == 1 and doer.head.lower() in _SAME_THING_SUFFIXES)
            and re.search(
                rf"\bthe {re.escape(doer.name.lower())} {clause.verb}\b", clause.text.lower()
            )
        ):
            ends = [doer]  # ("the camera takes four pictures": a step of its own)
        else:
            continue
        for cand in ends:
            if not cand.action and resolve(cand.key) is None and allowed(cand):
                chosen.append(cand)
                resolve = _resolver(analysis, chosen)
    # Whoever starts the interaction is drawn, whatever the ranking says.
    for clause in analysis.clauses[:3] if _short(analysis) else []:
        cand = analysis.candidates.get(clause.subject or "")
        if cand is not None and cand.role == "actor" and resolve(cand.key) is None:
            chosen.insert(0, cand)
            break
    return chosen[: MAX_ELEMENTS[diagram_type]]


def _given_by(clause: Clause, resolve) -> Candidate | None:
    """Who the clause's subject receives something from ("receives a pack from the
    secretary"), when that is a person drawn."""
    verb = verb_base(clause.verb.split()[0]) if clause.verb else None
    if verb not in ("receive", "get"):
        return None
    for key in clause.targets:
        cand = resolve(key)
        if (
            cand is not None
            and _person(cand)
            and re.search(
                rf"\bfrom\s+(?:the\s+|an?\s+)?{re.escape(cand.name.lower())}", clause.text.lower()
            )
        ):
            return cand
    return None


def _said_in_full(cand: Candidate, chosen: list[Candidate], people: bool) -> Candidate | None:
    """The one drawn longer name that cand shortens: "the central game server ... the game
    server"; for a person, only once the full name came first ("the delivery planner ...
    the planner"; "a customer ... a business customer" are two)."""
    longer = [o for o in chosen if o.words > cand.words and o.key.endswith(cand.key)]
    longer = [o for o in longer if not o.action]
    if len(longer) != 1 or (cand.role == "actor" and (not people or longer[0].first > cand.first)):
        return None
    return longer[0]


_TIME_UNITS = frozenset("second minute hour day week month year time".split())


def _only_when(cand: Candidate) -> bool:
    """ "until a minute has passed", "asks again, at most 3 times": when or how often, never
    who takes part."""
    return cand.words == 1 and singular(cand.head.lower()) in _TIME_UNITS


_QUOTED = re.compile(r"(?:^|(?<=[\s(]))['‘\"“]([^'’\"”\n]{1,60}?)['’\"”](?![A-Za-z])")


def _only_quoted(name: str, text: str, quoted: list[tuple[int, int]]) -> bool:
    """Whether every mention of name in text is inside one of the quoted spans."""
    found = [m.start() for m in re.finditer(rf"\b{re.escape(name)}\b", text, re.I)]
    return bool(found) and all(any(a <= at < b for a, b in quoted) for at in found)


def _carries(cand: Candidate, text: str) -> bool:
    """Whether the text names cand as the way a message goes: "over the secure network",
    "through the laundry room gateway", "via SMS"."""
    name = re.escape(cand.name.lower())
    return (
        re.search(rf"\b(?:over|via|through)\s+(?:the\s+|an?\s+)?{name}\b", text.lower()) is not None
    )


_RELAY_HEADS = frozenset("bridge gateway router hub relay proxy repeater modem".split())


def _relay(
    clause: Clause, analysis: Analysis, resolve, sender: Candidate, receiver: Candidate
) -> Candidate | None:
    """The device a message goes through on its way ("through the Wi-Fi bridge"); a network
    or a medium it goes over ("over CAN", "via SMS") is no participant."""
    for key in clause.targets:
        cand = resolve(key) or analysis.candidates.get(key)
        if (
            cand is not None
            and cand.key not in (sender.key, receiver.key)
            and singular(cand.head.lower()) in _RELAY_HEADS
            and _carries(cand, clause.text)
        ):
            return cand
    return None


def _sequence(analysis: Analysis, chooser: Chooser) -> Plan:
    written = read_messages(analysis.scenario)
    if written is not None:
        return written
    plan = Plan("sequence")
    chosen = _participants(analysis, chooser, "sequence")
    if _short(analysis):
        # In a few sentences everyone who is told or asked something takes part; in a long
        # use case text the learned choice keeps the diagram to its main participants.
        chosen += _addressees(analysis, chosen)
        chosen += _doers(analysis, chosen)
        chosen = [c for c in chosen if not _only_when(c)]
    if all(_person(c) for c in chosen):
        # People alone would send their steps to themselves: the system they use is drawn.
        used_system = _used_system(analysis, chosen)
        if used_system is not None:
            chosen.append(used_system)
    resolve = _resolver(analysis, chosen)
    # Actors first, as readers expect the initiator on the left.
    chosen.sort(key=lambda c: (c.role != "actor", c.first))
    for cand in chosen:
        plan.add(_name(cand, "sequence"), "actor" if _person(cand) else "participant")
    # Where a clause names no receiver, a person's action goes to the system they last used
    # (at first the one the scenario lists, else the first system); a system's own step
    # stays a message to itself.
    system = (
        next((c for c in chosen if c.listed_actor and not _person(c)), None)
        or next((c for c in chosen if c.role == "system"), None)
        or next((c for c in chosen if not _person(c)), None)
    )
    used: dict[str, Candidate] = {}
    asked_by: dict[str, Candidate] = {}  # who last sent something to each participant
    first_asker: dict[str, Candidate] = {}  # who first asked each participant for something
    last_sender = None
    group = ""
    opened_in = -1  # the sentence whose condition opened the alt
    opened_on = ""  # and that condition
    # the messages of the last clause with no condition, and its sentence; what a choice
    # does "instead" makes them its other way
    plain: list[Link] = []
    plain_sentence = -1
    usual: list[Link] = []
    by_sentence: dict[int, list[Link]] = {}  # the plain messages each sentence drew
    last_drawn: list[Link] = []  # the messages the last clause that drew any drew
    relays: dict[str, str] = {}  # the name drawn for each relay a message goes through
    # ("This repeats down the list.": a sentence that only says what came before repeats)
    repeats = {
        i: again.group("how").strip(" ,.") or "until done"
        for i, sentence in enumerate(analysis.sentences)
        if (again := _THIS_REPEATS.match(sentence.text.strip(" ."))) is not None
        and not _REPEATS_ROUND.search(sentence.text)
    }

    def repeat_last(how: str) -> None:
        for link in last_drawn:
            link.group, link.condition = "loop", how

    def repeat_before(sentence: int) -> None:
        for i in sorted(r for r in repeats if r < sentence):
            repeat_last(repeats.pop(i))

    for index, clause in enumerate(analysis.clauses):
        repeat_before(clause.sentence)
        if _states_a_fact(clause, analysis):
            continue
        rounds = _REPEATS_ROUND.search(clause.text)
        earlier = [s for s in by_sentence if s < clause.sentence and by_sentence[s]]
        again = _THIS_REPEATS.match(clause.text)
        if again and last_drawn and not (rounds and earlier):
            # ("..., and this shall repeat every 15 minutes up to 3 times": what was just sent,
            # in a loop that says how often)
            repeat_last(again.group("how").strip(" ,.") or "until done")
            continue
        if rounds and earlier:
            # "It repeats this dose-and-check round up to three times": the messages of the
            # sentence before, in a loop that says how often
            how = rounds.group("how").strip(" ,.") or "until done"
            for link in by_sentence[max(earlier)]:
                link.group, link.condition = "loop", how
            continue
        sender = resolve(clause.subject) or (last_sender if clause.subject is None else None)
        if sender is None and clause.subject:
            sender = _by_head(analysis, clause.subject, chosen, last_sender)
        if sender is None:
            continue
        answers = clause.verb.startswith(("return", "confirm", "respond", "repl", "answer"))
        verb = verb_base(clause.verb.split()[0]) or clause.verb
        addressed = verb in _ADDRESS_VERBS
        # "asks the location service for nearby drivers": the one asked receives it.
        # ("sends the job to the dispatcher": whoever it goes to, before what is sent)
        to_first = verb in _SENDING_VERBS and re.search(r"\bto\b", clause.text) is not None
        order = (
            clause.objects + clause.targets
            if addressed and not to_first
            else clause.targets + clause.objects
        )
        receivers = [resolve(k) for k in order]
        # Someone who acts (a person, a system) receives the message before a thing does;
        # what it goes "over" or "through" carries it ("sends the wager to the game server
        # over the secure network").
        receivers.sort(
            key=lambda r: (
                r is None or r.role not in ("actor", "system"),
                r is not None and _carries(r, clause.text),
            )
        )
        if answers:
            # "The tagging service returns the labels": what it returns is not who gets it.
            receivers = [r for r in receivers if r is None or r.role in ("actor", "system")]
        receiver = next((r for r in receivers if r and r.key != sender.key), None)
        doer = sender
        label = ""
        if (
            receiver is not None
            # ("gets the serial from the generator" is a request the generator answers)
            and verb == "receive"
            and clause.objects
            and re.search(
                rf"\bfrom\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+)?"
                rf"{re.escape(receiver.name.lower())}",
                clause.text.lower(),
            )
        ):
            # "The member receives a welcome pack from the secretary": the secretary sends
            # the pack to the member.
            label = analysis.candidates[clause.objects[0]].name.lower()
            sender, receiver = receiver, sender
        if receiver is None and re.search(r"^\S+\s+(?:me|us)\b", _phrase(clause, analysis)):
            # "As a cat owner, I want the cloud to send me a push notification": to the cat owner
            story = user_story(analysis.sentences[clause.sentence].text)
            # (outside a story, "me" is the one role every story is written as)
            receiver = resolve(name_key(story[0])) if story else resolve(analysis.writer)
        if receiver is None and answers and sender.key in asked_by:
            # "The inventory module confirms": to whoever asked it.
            receiver = asked_by[sender.key]
        if receiver is None and not _person(sender) and verb in _TELLING_VERBS:
            # "The app displays the free tables": shown to the person using it, unless a
            # program first asked for it (the browser, not the auth service, nor the user).
            asker = first_asker.get(sender.key)
            person = next((c for c in chosen if _person(c)), None)
            receiver = asker if asker is not None and not _person(asker) else person or asker
            if person is not None and re.search(r"['‘]", clause.label) and verb in _SHOWING:
                receiver = person  # ("shows 'Declined - try another card'": for the driver)
        if receiver is None:
            # A person's own doing ("enjoys the meal", "waits for the order") stays theirs.
            own = {verb, verb[:-1], verb[:-2]} & _OFFLINE_VERBS  # "enjoys", "approaches"
            uses = system and _person(sender) and not own
            receiver = used.get(sender.key, system) if uses else sender
            after = analysis.clauses[index + 1 : index + 2]
            if uses and sender.key not in used and after and after[0].sentence == clause.sentence:
                # "When a user logs in, the browser sends ...": what the user first does is
                # done at the system that then acts
                then = resolve(after[0].subject)
                receiver = then if then is not None and not _person(then) else receiver
                giver = _given_by(after[0], resolve)
                if uses and then is sender and giver is not None and giver.key != sender.key:
                    # ("A member who joins the club receives a welcome pack from the
                    # secretary": joining is done with whoever answers it)
                    receiver = giver
            if system is None and _person(sender) and not own:
                # "An employee submits a report. The manager reviews it.": with no system
                # between them, what one person does goes to the next one who acts.
                receiver = _next_doer(analysis.clauses[index + 1 :], resolve, sender) or sender
        elif _person(sender) and not _person(receiver):
            used[sender.key] = receiver
        if receiver.key != sender.key:
            asked_by[receiver.key] = sender
            if not answers:
                first_asker.setdefault(receiver.key, sender)
        if (
            receiver.key == sender.key
            and not _person(sender)
            and verb in _TELLING_PEOPLE
            # (not "emails me straight away", "texts Jean-Claude the fee": someone named)
            and not re.search(
                r"\b(?:emails?|texts?|sms(?:es)?|notif(?:y|ies))\s+(?:me|us|him|her|them|[A-Z])",
                clause.text,
            )
        ):
            # ("the booking server confirms and emails a door PIN": to the person it serves)
            receiver = _first_person(analysis, resolve) or receiver
        label = label or _without_name(_phrase(clause, analysis), _name(receiver, "sequence"))
        label = re.sub(r"\s+(?:me|us)\b(?=\s)", "", label)  # ("text me a confirmation")
        if (
            verb in ("email", "message")
            and len(clause.objects) >= 2
            and resolve(clause.objects[0]) is receiver
            and re.search(
                rf"{re.escape(analysis.candidates[clause.objects[0]].name.lower())}\s+"
                rf"(?:an?\s+|the\s+|their\s+|its\s+)?"
                rf"{re.escape(analysis.candidates[clause.objects[1]].name.lower())}",
                clause.text.lower(),
            )
        ):
            # ("emails the shop a receipt": what it emails them)
            label = f"{verb} {analysis.candidates[clause.objects[1]].name.lower()}"
        if clause.alternative:
            # ("Otherwise the controller opens the valve, runs the pump ... and closes it":
            # the other way runs to the end of its sentence)
            group, opened_in = "else", clause.sentence
        elif clause.condition:
            # ("When no bottle appears within 60 seconds, ... Otherwise ...": a "when" with
            # an "otherwise" after it is a choice too)
            branches = not clause.condition.lower().startswith(
                ("when", "once", "after")
            ) or _otherwise_next(analysis, clause)
            if (
                branches
                and group in ("alt", "else")
                and clause.sentence != opened_in
                # ("If a relative is registered, ... If the nurse decides to visit, ...": a
                # condition on something else is a choice of its own)
                and _same_choice(opened_on, clause.condition)
                # (a condition with an "otherwise" of its own opens a choice of its own)
                and not _otherwise_next(analysis, clause)
            ):
                # "If the code is invalid, ... If the code is valid, ...": the next sentence's
                # condition is the other branch of the same choice.
                group = "else"
            elif clause.condition.lower().startswith("while "):
                group = "loop"  # ("While fuel flows, the meter sends a pulse ...": over and over)
            elif not (group == "else" and clause.sentence == opened_in):
                group = "alt" if branches else ""
            opened_in, opened_on = clause.sentence, clause.condition
        elif (
            group in ("alt", "else", "loop")
            and clause.sentence != opened_in
            and not _else_ahead(analysis, clause)
        ):
            # "..., if needed, orders lab tests. The technician runs them.": with no
            # "otherwise" to come, the condition ends with its sentence.
            group = ""
        if group != "alt" and usual:
            # the choice is over: what happens when its condition does not hold follows it
            plan.links += [replace(link, group="else", condition="") for link in usual]
            usual = []
        if group == "alt" and clause.condition and _INSTEAD.search(clause.text) and not usual:
            # "..., which asks the PMS to post the charge. If the guest has already checked
            # out, the system creates a late charge instead": what came before is the other
            # way of the choice
            usual = plain if plain_sentence == clause.sentence - 1 else []
            if usual and usual[0].label.split()[:1] in (["check"], ["verify"], ["validate"]):
                usual = []  # ("checks that sales are open; if the draw has closed, ...")
            plan.links = [link for link in plan.links if all(link is not u for u in usual)]
        kind = "reply" if answers else "message"
        before = len(plan.links)
        retry = _RETRY.search(clause.text)
        repeated = _retried(plan, _name(sender, "sequence")) if retry else None
        retries = verb.startswith(("retr", "try", "resend")) or bool(
            _SENT_AGAIN.search(clause.text)
        )
        # ("asks nearby drivers one by one until a driver accepts": over and over, until)
        until = re.search(r"\buntil\s+(\w.+)$", clause.text) if not group else None
        if until and _UNTIL_A_TIME.match(until[1]):
            until = None  # ("a PIN valid from 14:00 until 10:00 on departure day": how long)
        if repeated is None or not retries:
            plan.links.append(
                Link(
                    _name(sender, "sequence"),
                    _name(receiver, "sequence"),
                    kind,
                    label,
                    group="loop" if until else group,
                    # (the other way of a choice is not under the choice's own condition)
                    condition=f"until {until[1]}"
                    if until
                    else ("" if clause.alternative else _condition(clause.condition)),
                )
            )
            relay = _relay(clause, analysis, resolve, sender, receiver)
            if relay is not None:
                # ("sends the PIN to the lock through the Wi-Fi bridge": to the bridge, and
                # from it to the lock; "confirms back through the bridge": the same bridge)
                name = relays.setdefault(singular(relay.head.lower()), _name(relay, "sequence"))
                plan.add(name, "participant")
                sent = plan.links.pop()
                plan.links += [replace(sent, target=name), replace(sent, source=name)]
            also = _ASKED_TOO.search(clause.text) if verb in ("ask", "request") else None
            second = resolve(name_key(singular(also.group("who")))) if also else None
            if second is not None and second.key not in (sender.key, receiver.key):
                # "asks the EC probe for a conductivity reading and the pH probe for a pH
                # reading": a second request, to the second one asked
                plan.links.append(
                    replace(
                        plan.links[-1],
                        target=_name(second, "sequence"),
                        label=f"ask for {also.group('what').strip()}",
                    )
                )
        if repeated is not None:
            # "tries again every 30 minutes until the upload succeeds": the message it
            # tried, again, in a loop that says how often
            plan.links.append(
                replace(repeated, group="loop", condition=_how_often(analysis, clause, retries))
            )
        if group == "":
            by_sentence.setdefault(clause.sentence, []).extend(
                link for link in plan.links[before:] if link.group == ""
            )
        if group == "" and len(plan.links) > before:
            plain, plain_sentence = plan.links[before:], clause.sentence
        last_drawn = plan.links[before:] or last_drawn
        following = analysis.clauses[index + 1] if index + 1 < len(analysis.clauses) else None
        if (
            group == "else"
            and clause.alternative
            and (following is None or following.sentence != clause.sentence or following.condition)
        ):
            group = ""  # ("otherwise, ..." closes the choice at the end of its sentence)
        last_sender = doer
        if len(plan.links) >= MAX_MESSAGES:
            break
    repeat_before(len(analysis.sentences))
    plan.links += [replace(link, group="else", condition="") for link in usual]
    _without_repeats(plan)
    _answer_requests(plan)
    _keep_those_who_take_part(plan, drop=_short(analysis))
    return plan


# When something holds until, not what it waits for: "until 10:00 on departure day"
_UNTIL_A_TIME = re.compile(
    r"(?:\d{1,2}[:.]\d{2}|\d{1,2}\s?(?:am|pm|a\.m\.|p\.m\.)|noon|midnight|the end of|the next\b"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|tomorrow|tonight)",
    re.I,
)
# Verbs of keeping that a person does as a use case: "record attendance", "keep a log".
_DOING_HAS = frozenset("record store keep".split())
_INSTEAD = re.compile(r"\binstead\b(?!\s+of\b)", re.I)


def _next_doer(clauses: list[Clause], resolve, sender: Candidate) -> Candidate | None:
    """The person who acts next, when it is someone else."""
    for clause in clauses[:2]:
        doer = resolve(clause.subject)
        if doer is not None:
            return doer if doer.key != sender.key and _person(doer) else None
    return None


def _by_head(
    analysis: Analysis, key: str, chosen: list[Candidate], last: Candidate | None
) -> Candidate | None:
    """ "the system" where two systems take part: the one that acted last, else the first."""
    cand = analysis.candidates.get(key)
    if cand is None or cand.words != 1:
        return None
    same = [c for c in chosen if singular(c.head) == singular(cand.head)]
    return last if last in same else (same[0] if same else None)


def _same_choice(one: str, other: str) -> bool:
    """Whether a condition is another way of the choice an earlier one opened: said of it
    ("it passes", "they reject"), short ("valid", "not"), denied or failed ("no valid
    transponder is found", "the card is declined"), the opposite ("closed", "open"), or about
    the same thing ("the code is invalid", "the code is valid"). "If a relative is
    registered" after "If the nurse decides to visit" is a choice of its own."""
    said = other.lower().split()
    if not said or len(said) <= 2 or said[0] in ("it", "they", "this", "that", "either"):
        return True
    if _DENIED.search(other):
        return True
    for a, b in _OPPOSITE_WORDS:
        if re.search(rf"\b{a}", one, re.I) and re.search(rf"\b{b}", other, re.I):
            return True

    def things(condition: str) -> set[str]:
        words = re.findall(r"[a-z]{3,}", condition.lower())
        return {
            singular(w)
            for w in words
            if w not in lx.FUNCTION_WORDS and w not in ("if", "still") and not verb_base(w)
        }

    return bool(things(one) & things(other))


_DENIED = re.compile(
    r"\b(?:no|not|never|nobody|none|fails?|failed|declined?|rejects?|rejected|invalid|"
    r"doesn't|don't|isn't|aren't|can't|cannot|won't|wrong|unknown|otherwise)\b",
    re.I,
)
_OPPOSITE_WORDS = [
    pair
    for a, b in [*lx.OPPOSITES, ("open", "close"), ("on", "off"), ("in", "out"), ("high", "low")]
    for pair in ((a, b), (b, a))
]


def _otherwise_next(analysis: Analysis, clause: Clause) -> bool:
    """Whether the sentence after the clause's, or its own, opens its other branch."""
    return any(
        c.alternative and c.sentence in (clause.sentence, clause.sentence + 1)
        for c in analysis.clauses
    )


def _else_ahead(analysis: Analysis, clause: Clause) -> bool:
    """Whether an "otherwise" follows the clause: the branch it closes runs until there."""
    return any(c.alternative for c in analysis.clauses if c.sentence > clause.sentence)


# "asks the EC probe for a conductivity reading and the pH probe for a pH reading"
_ASKED_TOO = re.compile(
    r"\bfor\s+(?:an?\s+|the\s+)?[\w-]+(?:\s+[\w-]+)?\s+and\s+(?:the|its)\s+"
    r"(?P<who>[\w-]+(?:\s+[\w-]+)?)\s+for\s+(?:an?\s+|the\s+)?(?P<what>[\w-]+(?:\s+[\w-]+)?)",
    re.I,
)
# "It repeats this dose-and-check round up to three times"
_THIS_REPEATS = re.compile(
    r"^(?:and\s+)?(?:this|that|it)\s+(?:(?:shall|will|should|must|then)\s+)?"
    r"repeats?\b(?P<how>[^;.]*)$",
    re.I,
)
_REPEATS_ROUND = re.compile(
    r"\brepeats?\s+(?:this|these|that|those|the whole)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:round|cycle|steps?|process|exchange|loop|sequence)\b(?P<how>[^;]*)",
    re.I,
)
# "tries again every 30 minutes", "retries up to three times", "resends it": a step repeated
# ("If nobody opens it, the service sends it again, up to three times")
_SENT_AGAIN = re.compile(r"\b(?:sends?|pushes?|calls?|rings?) (?:it|them) again\b")
_RETRY = re.compile(
    r"\b(?:tries again|try again|retries|retry|resends|resend|keeps trying)\b|"
    + _SENT_AGAIN.pattern
)


def _retried(plan: Plan, name: str) -> Link | None:
    """The last message to or from name, not to itself: what it tries again."""
    return next(
        (
            link
            for link in reversed(plan.links)
            if link.kind == "message"
            and link.source != link.target
            and name in (link.source, link.target)
        ),
        None,
    )


def _how_often(analysis: Analysis, clause: Clause, alone: bool) -> str:
    """What the sentence says after "retries" ("up to three times", "every 30 minutes until
    the upload succeeds"), with the clause's own condition ("if no ack comes within 5 s") when
    the retry is all the clause does (else its condition heads the clause's own message)."""
    text = analysis.sentences[clause.sentence].text
    said = _RETRY.search(text)
    how = text[said.end() :].strip(" ,.") if said else ""
    # ("... once if the card is declined and then let me insert coins, so that ...": how
    # often, up to what the sentence goes on to)
    how = re.split(r",?\s+(?:so that|so|and then|and|but)\b", how)[0]
    often = re.search(r"\b(?:until|every|up to|at most|once|twice|\w+ times|when|if)\b", how)
    how = how[often.start() :] if often else how
    condition = re.sub(r"^(?:if|when)\s+", "", clause.condition or "", flags=re.I)
    if alone and condition and condition not in how:
        return f"{how} if {condition}".strip()
    return how


def _without_repeats(plan: Plan) -> None:
    """A message said again adds nothing: the trigger that the first step repeats, or an
    example run inside a branch ("place order" three times) is drawn once."""
    links: list[Link] = []
    seen: set[tuple[str, str, str]] = set()
    guard = ""  # the condition of a dropped message that opened its block
    for link in plan.links:
        said = (link.source, link.target, link.label)
        previous = links[-1] if links else None
        if (
            said in seen
            and link.group != "loop"
            and (
                link.group in ("alt", "else")
                or (previous and (previous.source, previous.target, previous.label) == said)
            )
        ):
            if previous is None or previous.group != link.group:
                guard = guard or link.condition
            continue
        if guard and link.group and not link.condition:
            link.condition = guard
        guard = ""
        seen.add(said)
        links.append(link)
    plan.links = links


def _used_system(analysis: Analysis, chosen: list[Candidate]) -> Candidate | None:
    """The system the scenario's steps act on, by its fullest name ("the system" is the
    "Logistics System"), when it acts or is acted on; None when there is none."""
    systems = [c for c in analysis.ranked() if c.role == "system" and c.full]
    best = next((c for c in systems if c.subject + c.object + c.target >= 2), None)
    if best is None:
        return None
    best = next((c for c in systems if c.words > best.words and c.key.endswith(best.key)), best)
    return None if _duplicate(best, chosen) else best


def _without_name(label: str, name: str) -> str:
    """A message's label without its receiver's name, which the arrow already shows: "ask
    inventory module whether ..." to the inventory module is "ask whether ..."."""
    words, named = label.split(), name.lower().split()
    for i in range(len(words) - len(named) + 1):
        if [w.lower() for w in words[i : i + len(named)]] == named and i > 0:
            rest = words[:i] + words[i + len(named) :]
            return " ".join(rest) if rest else label
    return label


def _keep_those_who_take_part(plan: Plan, *, drop: bool) -> None:
    """Participants in the order they first take part, so the flow reads left to right; with
    drop, one that no message reaches ("Username", "Drink") is left out. A long use case
    text keeps the participants the planner chose, as its references declare them."""
    if not plan.links:
        return
    order: dict[str, int] = {}
    for link in plan.links:
        for name in (link.source, link.target):
            order.setdefault(element_key(name), len(order))
    kept = [e for e in plan.elements if e.key in order or not drop]
    plan.elements = sorted(kept, key=lambda e: order.get(e.key, len(order)))


# A sequence diagram past this many messages stops being read; the rest stays in the text.
MAX_MESSAGES = 24
# Sections that say what holds before or after, not what anyone does.
_FACT_SECTIONS = {
    "preconditions",
    "postconditions",
    "assumptions",
    "business rules",
    "notes",
    "actors",
    "roles",
    "users",
}
_FACT_VERBS = set(
    "is are was were be has have had contains contain consists consist comprises comprise owns"
    " own holds hold".split()
)


def _states_a_fact(clause: Clause, analysis: Analysis) -> bool:
    """ "The tourist has an account", "the app is installed": a state, not a message."""
    section = (
        analysis.sentences[clause.sentence].section
        if clause.sentence < len(analysis.sentences)
        else ""
    )
    return section in _FACT_SECTIONS or clause.verb.lower() in _FACT_VERBS


def _person(cand: Candidate) -> bool:
    """Drawn as a stick figure: a person, or a listed actor that is not a system."""
    if cand.role != "actor" or cand.described_as_system:
        return False
    head = singular(cand.head)
    if head in _MACHINE_HEADS:
        return False  # "Route Optimization Software"
    if head == "client" and cand.name.split()[0].lower() in _SOFTWARE_CLIENTS:
        return False  # "the web client" is a program; "the client" may be a person
    return head in lx.PERSON_WORDS or cand.head in lx.PERSON_WORDS or head not in lx.SYSTEM_WORDS


_SOFTWARE_CLIENTS = {"web", "mobile", "desktop", "api", "http", "rest", "graphql", "native"}
# Heads of listed actors that are programs, whatever the lexicon says of people.
_MACHINE_HEADS = {"software", "program", "tool", "bot", "ai", "algorithm", "robot", "drone"}
# What a system does for the person using it: "displays the list", "prompts for the PIN".
_TELLING_VERBS = set(
    "display show present prompt notify inform alert send provide return offer give confirm"
    " respond reply ask request remind deliver".split()
)
# What people do away from any system: a step of theirs, not a message to the system.
_OFFLINE_VERBS = set(
    "enjoy eat drink wait approach arrive leave walk sit stand decide think travel drive go"
    " visit greet hand carry wear sleep rest prepare cook".split()
)
# Verbs whose object is who receives the message: "notifies the warehouse", "asks the bank".
_ADDRESS_VERBS = set(
    "notify inform tell ask alert email message call contact request remind forward send"
    " query invite push command instruct".split()
)


_SENDING_VERBS = {"request", "send", "forward", "email", "message", "push"}
# What is only ever done to a person: "emails a door PIN", "texts a code"
_TELLING_PEOPLE = {"email", "text", "sms", "notify"}


def _first_person(analysis: Analysis, resolve) -> Candidate | None:
    """The first person the scenario has do something: whom its system serves."""
    for clause in analysis.clauses:
        who = resolve(clause.subject) if clause.subject else None
        if who is not None and _person(who):
            return who
    return None


# What a screen does: words shown there in quotes are for the person in front of it.
_SHOWING = {"show", "display", "flash", "prompt"}


# What a device does by itself, with no object: "the gate opens", "the reader beeps".
_DEVICE_VERBS = frozenset("open close beep ring flash unlock lock".split())


def _doers(analysis: Analysis, chosen: list[Candidate]) -> list[Candidate]:
    """A device a short text says does something by itself ("... and the gate opens") that
    the ranking left out: it takes part."""
    resolve = _resolver(analysis, chosen)
    found: list[Candidate] = []
    for clause in analysis.clauses:
        cand = analysis.candidates.get(clause.subject or "")
        if (
            cand is not None
            and verb_base(clause.verb) in _DEVICE_VERBS
            and not clause.objects
            and cand.full
            and not cand.action
            and cand.head not in lx.ABSTRACT_WORDS
            and resolve(cand.key) is None
            and not _states_a_fact(clause, analysis)
            and not _duplicate(cand, chosen + found)
        ):
            found.append(cand)
    return found[: max(0, MAX_ELEMENTS["sequence"] - len(chosen))]


def _addressees(analysis: Analysis, chosen: list[Candidate]) -> list[Candidate]:
    """Whoever a chosen participant notifies, asks or tells, when the ranking left it out:
    a message needs someone to receive it."""
    resolve = _resolver(analysis, chosen)
    found: list[Candidate] = []
    for clause in analysis.clauses:
        if resolve(clause.subject) is None or _states_a_fact(clause, analysis):
            continue
        if (verb_base(clause.verb.split()[0]) or clause.verb) not in _ADDRESS_VERBS:
            continue
        verb = verb_base(clause.verb.split()[0]) or clause.verb
        told = clause.objects or clause.targets
        also = _ASKED_TOO.search(clause.text) if verb in ("ask", "request") else None
        second = analysis.candidates.get(name_key(singular(also.group("who")))) if also else None
        if second is not None and resolve(second.key) is None:
            # ("asks the EC probe for ... and the pH probe for ...": both are asked)
            if not _duplicate(second, chosen + found):
                found.append(second)
        if verb in _SENDING_VERBS and not (
            # ("emails the shop a receipt": the first of two objects is who gets it)
            verb in ("email", "message") and len(clause.objects) >= 2 and not clause.targets
        ):
            # "requests 100 euros", "sends the request to the dispatch service": what is
            # sent is not who receives it.
            told = clause.targets + [
                k for k in clause.objects if analysis.candidates[k].role in ("actor", "system")
            ]
        for key in told[:1]:
            cand = analysis.candidates.get(key)
            if (
                cand is not None
                and cand.full
                and cand.head not in lx.ABSTRACT_WORDS
                and resolve(key) is None
                and cand.key not in lx.MONEY_WORDS
                and not _duplicate(cand, chosen + found)
            ):
                found.append(cand)
                break
    room = MAX_ELEMENTS["sequence"] - len(chosen)
    return found[: max(room, 0)]


def _answer_requests(plan: Plan) -> None:
    """A participant asked for something answers the one who asked: a dashed reply follows
    the first request from A to B when B never sends anything back to A."""
    sent = {(link.source, link.target) for link in plan.links}
    actors = {e.name for e in plan.elements if e.kind == "actor"}
    links: list[Link] = []
    answered: set[tuple[str, str]] = set()
    for link in plan.links:
        links.append(link)
        a, b = link.source, link.target
        if (
            link.kind == "message"
            and a != b
            and b not in actors
            and (b, a) not in sent
            and (a, b) not in answered
        ):
            answered.add((a, b))
            reply = _reply_label(link.label)
            if reply is not None:
                links.append(Link(b, a, "reply", reply, group=link.group, condition=link.condition))
    plan.links = links


_ASKING_VERBS = frozenset("ask request get fetch query look search".split())
_CHECKING_VERBS = frozenset(
    "check verify validate confirm authorise authorize approve identify calculate compute"
    " place submit book reserve order register create update save store record upload pay"
    " charge process generate review analyse analyze cancel add delete remove schedule assign"
    " allocate activate deactivate lock unlock reset scan".split()
)


def _reply_label(request: str) -> str | None:
    """What comes back for a request that expects an answer: what was asked for ("request
    20 digit token" -> "20 digit token"), or the request done ("validate session" -> "session
    validated", "place order" -> "order placed"); None for a message that expects none
    ("send", "push", "tap")."""
    words = request.split()
    base = verb_base(words[0]) if words else None
    if base not in _ASKING_VERBS | _CHECKING_VERBS:
        return None
    thing = [w for w in words[1:] if w.lower() not in lx.DETERMINERS | {"up", "for"}]
    plain = 0 < len(thing) <= 3 and not any(
        w.lower() in lx.FUNCTION_WORDS or verb_base(w) == w.lower() for w in thing
    )
    if base in _ASKING_VERBS:
        return " ".join(thing) if plain else "answer"
    return f"{' '.join(thing)} {past_participle(base, '')}" if plain else "result"


def _condition(text: str) -> str:
    return re.sub(r"^(if|when|once|after|unless)\s+", "", text.strip(), flags=re.I)


_MAY = re.compile(r"\b(?:can|may|is able to|are able to)\s+(?!be\b)[a-z]+", re.I)


def _anothers_system(cand: Candidate, analysis: Analysis) -> bool:
    """ "Every kill report is forwarded to the county board's Älgdata system": a system the
    one drawn sends to, someone else's, never the boundary of the use cases."""
    # ("County Board System": "the county board's system")
    said = r"(?:['’]s)?\s+".join(map(re.escape, cand.name.split()[-2:]))
    mentions = list(re.finditer(rf"\b{said}\b", analysis.scenario, re.I))
    return bool(mentions) and all(
        _SENT_TO_ANOTHERS.search(analysis.scenario[max(0, m.start() - 60) : m.start()])
        or _SAID_TO_BE_OUTSIDE.match(analysis.scenario[m.end() : m.end() + 90])
        for m in mentions
    )


_SENT_TO_ANOTHERS = re.compile(
    r"\b(?:to|from|into|via|with)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}[\w-]+['’]s\s+$"
    r"|\bexternal\s+$",
    re.I,
)
# ("the county board's system, which we don't control", "the payment gateway and the city's
# booking portal, where the admin confirms our slots, are outside systems we connect to")
_SAID_TO_BE_OUTSIDE = re.compile(
    r"^[^.;]{0,60}?(?:\b(?:which|that)\s+(?:we|I)\s+(?:don['’]t|do not|can['’]t|cannot)"
    r"\s+(?:control|own|run|change)\b|\b(?:is|are)\s+(?:an?\s+)?(?:external|outside"
    r"|third[- ]party)\s+(?:systems?|services?|platforms?)\b)",
    re.I,
)


def _applications_handled(analysis: Analysis) -> bool:
    """Whether "applications" are forms someone handles ("volunteers review applications"),
    not the software (which is used, opened or installed)."""
    return any(
        verb_base(clause.verb or "") not in (None, "use", "open", "access", "install", "download")
        and any(singular(analysis.candidates[k].head) == "application" for k in clause.objects)
        for clause in analysis.clauses
    )


def _usecase(analysis: Analysis, chooser: Chooser) -> Plan:
    noted = read_roles(analysis.scenario)
    if noted is not None:
        return noted  # "- driver applicant - apply new licence, book knowledge test, ..."
    plan = Plan("usecase")
    short = _short(analysis)
    permitted = {
        clause.subject
        for clause in analysis.clauses
        if clause.subject
        and _MAY.search(clause.text)
        and not clause.negated
        and not clause.subject.endswith("ly")  # ("I can optionally add ...")
    }

    doers = noted_doers(analysis.scenario)

    def may_act(c: Candidate) -> bool:
        if c.key in doers or singular_key(c.name) in doers:
            return True  # ("- foodsaver: picks up food, logs pickup": who does those)
        if short and c.role == "actor":
            return c.subject > 0 or c.listed_actor  # "register new members": not an actor
        if short and c.role == "thing" and c.key in permitted:
            return True  # "the curator can add exhibits": whoever may do something acts
        if short and singular(c.head) in _TEAM_HEADS | _ORGANISATION_HEADS and c.subject:
            return True  # "the finance department approves it", "restaurants publish menus"
        if short and c.role == "system":
            return c.subject > 0 and c.head not in _BOUNDARY_HEADS  # "the payment provider"
        if (
            short
            and c.subject
            and c.words == 2
            and (
                c.name.split()[0].lower() in lx.PERSON_WORDS
                or re.fullmatch(_FAMILY, c.name.split()[0].lower())
            )
            # (a person's own name after the word: "Yaima", not "volunteer fixers")
            and re.search(
                rf"(?i:\b{re.escape(c.name.split()[0])})\s+{re.escape(c.name.split()[1])}\b",
                analysis.scenario,
            )
        ):
            return True  # ("my mother Marisol confirms bookings", "our cook Yaima takes ...")
        if short and c.role == "thing" and c.subject and c.words <= 2 and c.head != "actors":
            # ("Buskers register with a photo ... then book slots", "would-be adopters apply
            # for a cat": people named for what they do, who do it here, use the system)
            return _named_for_what_they_do(c.head)
        return c.role == "actor" or c.listed_actor

    actors = _choose(analysis, chooser, "usecase", allowed=may_act)
    # (each head of such notes is an actor, however rarely the text names it)
    for cand in analysis.ranked():
        if (cand.key in doers or singular_key(cand.name) in doers) and not _duplicate(cand, actors):
            actors.append(cand)
    if not actors and short:
        # "Skiers buy lift passes ...": no word the lexicon knows for a person, but whoever
        # does something in a use case text is an actor; an empty diagram helps nobody.
        actors = _choose(
            analysis,
            chooser,
            "usecase",
            allowed=lambda c: c.subject > 0 and c.role in ("actor", "thing") and not c.action,
        )
    # ("Guests themselves don't use the system at all": no actor of it)
    outside = {
        clause.subject
        for clause in analysis.clauses
        if clause.negated and verb_base(clause.verb or "") in ("use", "access")
    } - {clause.subject for clause in analysis.clauses if not clause.negated}
    actors = [c for c in actors if c.key not in outside]
    resolve = _resolver(analysis, actors)
    for cand in actors[:6]:
        plan.add(_name(cand, "usecase"), "actor")
    reviewed = _applications_handled(analysis)
    systems = [
        c
        for c in analysis.ranked()
        if c.role == "system"
        and c.head in _BOUNDARY_HEADS
        and not _anothers_system(c, analysis)
        and not (reviewed and c.words == 1 and singular(c.head) == "application")
    ]
    # A system with a name of its own ("City Parking Permit System") before a bare head
    # ("applications" that clerks approve are not the system).
    systems.sort(key=lambda c: len(c.name.split()) < 2)
    # ("we want a small app": the App)
    plan.boundary = (
        re.sub(r"^(?:small|simple|little|new|tiny|basic|quick)\s+", "", systems[0].name, flags=re.I)
        if systems
        else ""
    )
    last_actor = None
    seen = set()
    if getattr(chooser, "keeps_form", False) and not short:
        _learned_cases(plan, analysis, chooser, actors, resolve)
        if sum(e.kind == "usecase" for e in plan.elements) >= 2:
            merge_shortened(plan, analysis.scenario)
            add_include_extend(plan, analysis)
            _actor_kinds(plan, analysis, actors)
            return plan
        # Too few verb phrases passed the planner's cut: every action an actor takes
        # becomes a use case, as in the analysis-only draft.
        plan.elements = [e for e in plan.elements if e.kind == "actor"]
        plan.links = []
    # A user's few sentences are read clause by clause, so that each actor is linked to
    # everything it does ("Guests can only turn lights on and off" adds a second actor).
    # ("the office is me ... At the end of each month I run the billing": the office's; with
    # no one named as the writer, what "I" do is no one's use case)
    writer = resolve(analysis.writer)
    for clause in analysis.clauses:
        actor = resolve(clause.subject) or (
            writer if clause.by_writer else last_actor if clause.subject is None else None
        )
        if _EVERYONE.match(clause.text) and actors:
            # "Everyone must sign in": a use case of every actor.
            case = display(_phrase(clause, analysis, 5).split())
            if len(case) >= 3 and case.lower() not in seen:
                seen.add(case.lower())
                plan.add(case, "usecase")
                for who in actors[:6]:
                    plan.links.append(Link(_name(who, "usecase"), case, "association"))
            continue
        if (
            actor is None
            or clause.negated
            # ("Instructors record attendance": what a person records, they do)
            or (clause.verb in lx.HAS_VERBS and verb_base(clause.verb) not in _DOING_HAS)
            or clause.verb in ("is", "are")
            # ("when a player is cleared to play": what is done to them, no use case of theirs)
            or re.search(
                rf"\b(?:is|are|was|were|gets?|got)\s+{re.escape(clause.verb or '-')}\b", clause.text
            )
        ):
            continue
        case = display(_phrase(clause, analysis, 5).split())
        key = case.lower()
        if key in seen:
            # "Guests can only turn lights on and off": a second actor of the same use case.
            link = Link(_name(actor, "usecase"), case, "association")
            if link not in plan.links:
                plan.links.append(link)
            continue
        if len(case) < 3:
            continue
        seen.add(key)
        plan.add(case, "usecase")
        plan.links.append(Link(_name(actor, "usecase"), case, "association"))
        last_actor = actor
        if len(seen) >= MAX_ELEMENTS["usecase"]:
            break
    _secondary_actors(plan, analysis, actors)
    merge_shortened(plan, analysis.scenario)
    add_include_extend(plan, analysis)
    _actor_kinds(plan, analysis, actors)
    return plan


def _actor_kinds(plan: Plan, analysis: Analysis, actors: list[Candidate]) -> None:
    """ "The brigade chief can do everything a duty commander can do", "hosts are households
    too", a Piano Student beside a Student: a kind of that actor, drawn as an arrow from one
    actor to the other."""
    drawn = {c.key: _name(c, "usecase") for c in actors if plan.element(_name(c, "usecase"))}
    kinds = [
        (drawn[rel.source], drawn[rel.target])
        for rel in analysis.relations
        if rel.kind == "isa" and rel.source in drawn and rel.target in drawn
    ]
    names = list(drawn.values())

    def by_head(word: str) -> str | None:
        word = singular(word.lower())
        found = [n for n in names if n.lower() == word] or [
            n for n in names if singular(n.split()[-1].lower()) == word
        ]
        return found[0] if len(found) == 1 else None

    for said in _ALSO_KIND.finditer(analysis.scenario):
        kind = by_head(said.group("kind") or said.group("kind2"))
        of = by_head(said.group("of") or said.group("of2"))
        if kind and of and kind != of:
            kinds.append((kind, of))
    for name in names:
        # ("Piano students can also book the rooms with grand pianos" beside "Students book
        # rooms": the longer name is a kind of the shorter one)
        shorter = [n for n in names if n != name and name.endswith(f" {n}")]
        if shorter:
            kinds.append((name, max(shorter, key=len)))
    for kind, of in kinds:
        link = Link(kind, of, "generalisation")
        if link not in plan.links and Link(of, kind, "generalisation") not in plan.links:
            plan.links.append(link)


# "hosts are households too", "hosts are also households"
_ALSO_KIND = re.compile(
    r"\b(?P<kind>[a-z]+) (?:are|is) (?:also |all )?(?:an? )?(?P<of>[a-z]+) (?:too|as well)\b"
    r"|\b(?P<kind2>[a-z]+) (?:are|is) also (?:an? )?(?P<of2>[a-z]+)\b",
    re.I,
)


# Heads of the outside parties a use case reaches: "the security company", "the mail server".
_PARTY_HEADS = {
    "company",
    "provider",
    "bank",
    "agency",
    "department",
    "office",
    "authority",
    "insurer",
    "carrier",
    "server",
    "gateway",
    "service",
    "system",
    "supplier",
    "pharmacy",
}
_RECEIVING_VERBS = {"receive", "get", "receives", "gets", "received"}
_TOLD_PARTICIPLES = {"alerted", "notified", "informed", "called", "contacted", "paged"}


def _secondary_actors(plan: Plan, analysis: Analysis, actors: list[Candidate]) -> None:
    """Outside parties a use case reaches: one that receives what a use case makes ("the
    pharmacy system receives prescriptions"), one things go out through ("notifications go
    out through the mail server"), one that is alerted ("the security company is alerted
    when an alarm goes off"). Each is an actor linked to the use case it takes part in; a
    party drawn so is not also the system's box."""
    cases = [e.name for e in plan.elements if e.kind == "usecase"]
    case_keys = {singular_key(c) for c in cases}
    taken = {c.key for c in actors}
    added: list[str] = []

    def party(key: str | None, named: bool) -> Candidate | None:
        """The candidate, when it may be an outside party; named: only by its head."""
        cand = analysis.candidates.get(key or "")
        if cand is None or cand.key in taken or not cand.full or cand.action:
            return None
        # ("by card through Stripe": a service known by its own name)
        if named and not (
            singular(cand.head) in _PARTY_HEADS or cand.role == "system" or cand.capitalised
        ):
            return None
        return cand

    for clause in analysis.clauses:
        verb = clause.verb.split()[0].lower() if clause.verb else ""
        found, about = None, []
        if verb in _RECEIVING_VERBS or verb in _TOLD_PARTICIPLES:
            # Whoever receives or is alerted takes part, whatever it is called.
            found, about = party(clause.subject, named=False), clause.objects
        through = None
        if found is None and clause.subject and clause.targets and " through " in clause.text:
            found, about = party(clause.targets[-1], named=True), [clause.subject]
            through = found
        if found is None or len(added) >= 3:
            continue
        if through is not None and (
            singular_key(found.name) in case_keys
            or (plan.boundary and singular(found.head) in plan.boundary.lower().split())
            # ("who shall reply through the portal": the system's own portal)
            or (
                singular(found.head.lower()) in _BOUNDARY_HEADS
                and not found.capitalised
                and not _anothers_system(found, analysis)
            )
        ):
            continue  # (a use case's own name, or the system itself: no party)
        stems = {w[:5] for key in about for w in _words_of(analysis, key) if len(w) >= 4}
        # ("students can ... pay online through Stripe": the use case of paying, before one
        # that names the students)
        doing = {verb[:5]} if through is not None and len(verb) >= 3 else set()
        case = next(
            (c for c in cases if doing & {w[:5].lower() for w in c.split() if len(w) >= 3}),
            None,
        ) or next(
            (c for c in cases if stems & {w[:5].lower() for w in c.split() if len(w) >= 4}),
            None,
        )
        if case is None and verb in _TOLD_PARTICIPLES:
            case = display(["alert"] + found.name.split()) if verb == "alerted" else None
            if case is not None:
                plan.add(case, "usecase")
        if case is None and through is not None:
            case = _done_through(clause, analysis)
            if case is not None:
                plan.add(case, "usecase")
        if case is None:
            continue
        name = _name(found, "usecase")
        plan.add(name, "actor")
        plan.links.append(Link(case, name, "association"))
        taken.add(found.key)
        added.append(found.name)
        if plan.boundary and singular_key(plan.boundary) == singular_key(found.name):
            plan.boundary = ""


def _done_through(clause: Clause, analysis: Analysis) -> str | None:
    """The use case an outside service serves, when no drawn one names it: what the system
    does through it ("charge the call-out fee ... through Stripe": Charge Call-out Fee), or
    what goes out through it ("reminders go out ... through a messaging gateway": Send
    Reminders)."""
    subject = analysis.candidates.get(clause.subject or "")
    verb = verb_base(clause.verb.split()[0]) if clause.verb else None
    if subject is None or verb is None:
        return None
    if verb == "go" and singular(subject.head) != subject.head:
        # ("card payments go through SumUp": taken; "reminders go out through a gateway": sent)
        doing = "take" if singular(subject.head.lower()) in ("payment", "fee") else "send"
        return display([doing, *subject.name.lower().split()])
    thing = analysis.candidates.get(clause.objects[0]) if clause.objects else None
    if singular(subject.head.lower()) in lx.SYSTEM_WORDS and thing is not None:
        return display([verb, *thing.name.lower().split()])
    return None


def _words_of(analysis: Analysis, key: str) -> list[str]:
    cand = analysis.candidates.get(key)
    return cand.name.lower().split() if cand is not None else []


_EVERYONE = re.compile(r"^\s*(?:everyone|everybody|all users|all of them)\b", re.I)


# What a use case diagram's system box is called: "the conference system", "the smart home app".
_BOUNDARY_HEADS = {"system", "platform", "app", "application", "website", "portal", "site", "shop"}


def _learned_cases(plan: Plan, analysis: Analysis, chooser: Chooser, actors, resolve) -> None:
    """Use cases the learned planner picks among the scenario's verb phrases, each linked
    to the actor whose clause it came from (the first actor when none is known)."""
    actor_keys = {c.key for c in actors}
    scores = _scores(analysis, chooser, "usecase")
    cut = chooser.element_threshold("usecase")
    cases = []
    for variants in analysis.actions:
        # One use case per clause: the spelling the planner rates highest among those that
        # read as an action ("Generate Tour", not "Generate Based").
        readable = _readable(variants, analysis, 5)
        if not readable:
            continue
        best = max(readable, key=lambda k: scores.get(k, 0))
        subject = analysis.action_subjects.get(best)
        if subject is not None and resolve(subject) is None:
            # "The app shows the free tables": the system's own step, no actor's use case.
            continue
        if (
            scores.get(best, 0) >= cut
            and best not in actor_keys
            and best not in {c.key for c in cases}
        ):
            cases.append(analysis.candidates[best])
        if len(cases) >= MAX_ELEMENTS["usecase"]:
            break
    for cand in cases:
        plan.add(cand.name, "usecase")
        who = resolve(analysis.action_subjects.get(cand.key))
        if who is None and actors:
            who = actors[0]
        if who is not None:
            plan.links.append(Link(_name(who, "usecase"), cand.name, "association"))


_STATE_VERB = re.compile(
    r"\b(?:becomes?|is|are|gets?|goes|moves?|changes?|turns?|stays?|remains?|returns?|sent back)\s+"
    r"(?:to\s+|into\s+|back\s+to\s+)?(?:the\s+|an?\s+)?(?:state\s+)?([a-z][a-z-]+(?:\s+(?:state|mode))?)",
    re.I,
)


def _learned_states(analysis: Analysis, chooser: Chooser) -> list[str]:
    """The steps of a long text as states, in the order the scenario takes them: for each
    clause the spelling the planner rates highest, the clauses whose score passes the cut
    (at least MIN_STEP_STATES of them); the chosen names only where the text has too few
    steps. People and things chained after the steps would read as states ("... ->
    Astronauts -> Scientists")."""
    scores = _scores(analysis, chooser, "state")
    cut = chooser.element_threshold("state")
    steps: list[tuple[str, float]] = []
    for variants in _flow_actions(analysis):
        readable = _readable(variants, analysis, 5)
        if readable:
            best = max(readable, key=lambda k: scores.get(k, 0))
            name = analysis.candidates[best].name
            if name not in {n for n, _ in steps}:
                steps.append((name, scores.get(best, 0)))
    if len(steps) >= MIN_STEP_STATES:
        floor = sorted((score for _, score in steps), reverse=True)[MIN_STEP_STATES - 1]
        states = [name for name, score in steps if score >= min(cut, floor)]
        return states[: MAX_ELEMENTS["state"]]
    states = [name for name, _ in steps]
    nouns = [c for c in _choose(analysis, chooser, "state") if not c.action]
    for cand in sorted(nouns, key=lambda c: c.first):
        if cand.name not in states:
            states.append(cand.name)
    return states[: MAX_ELEMENTS["state"]]


def _flow_actions(analysis: Analysis) -> list[list[str]]:
    """The verb phrases of the main flow when the text has one of MIN_STEP_STATES steps or
    more (its example scenarios and exceptions retell or leave it), else of every clause."""
    flow = [
        variants
        for variants, index in zip(analysis.actions, analysis.action_sentences, strict=False)
        if analysis.sentences[index].section == "flow"
    ]
    return flow if len(flow) >= MIN_STEP_STATES else analysis.actions


# A text with fewer steps than this draws the names the planner rates highest as its states.
MIN_STEP_STATES = 3


_STRONG_STATE_VERB = re.compile(
    r"\b(?:becomes?|moves? (?:in)?to|goes (?:back )?to|changes? to|transitions? to"
    r"|switch(?:es)? to|returns? to)\b",
    re.I,
)


def _state(analysis: Analysis, chooser: Chooser) -> Plan:
    if _short(analysis):
        machine = read_machine(analysis.scenario)
        if machine is not None:
            return _machine_plan(machine)
    plan = Plan("state")
    states: list[str] = []
    transitions: list[tuple[str, str, str]] = []
    final = None  # the last step of the main flow, when exceptions branch off it
    current = None
    for sentence in analysis.sentences:
        text = sentence.text
        for clause_text in re.split(
            r";|,\s*(?:and|but|while|which)?\s*|\.\s|\bthen\b|\band\b", text
        ):
            match = _STATE_VERB.search(clause_text)
            if not match:
                continue
            word = match.group(1).strip().lower()
            if word in lx.FUNCTION_WORDS or word in ("able", "used", "allowed", "required", "done"):
                continue
            name = display([word])
            event = clause_text[: match.start()].strip(" ,")
            event = re.sub(r"^(?:when|if|once|after)\s+", "", event, flags=re.I)
            if name not in states:
                states.append(name)
            if current and current != name:
                transitions.append((current, name, " ".join(event.split()[-5:])))
            current = name
    strong = len(_STRONG_STATE_VERB.findall(" ".join(s.text for s in analysis.sentences)))
    if (strong < 2 or len(states) < 2) and getattr(chooser, "keeps_form", False):
        # No "becomes X" language: the learned planner picks the states among the
        # candidates, in the order the scenario reaches them.
        states = _learned_states(analysis, chooser)
        transitions = [(a, b, "") for a, b in zip(states, states[1:], strict=False)]
        final = states[-1] if states else None
        for source, name in _exception_states(analysis, chooser, states):
            if len(states) < MAX_ELEMENTS["state"]:
                states.append(name)
                transitions.append((source, name, ""))
    elif len(states) < 2:
        # No "becomes X" language: the flow's steps are the states.
        steps = [c for c in analysis.clauses if c.subject]
        for clause in steps[:8]:
            name = display(_phrase(clause, analysis, 3).split())
            if name not in states:
                states.append(name)
        transitions = [(a, b, "") for a, b in zip(states, states[1:], strict=False)]
    if len(states) < 2:
        # Nothing reads as a state or a step: the planner's best names stand in, in text
        # order, rather than a diagram of one box.
        scores = _scores(analysis, chooser, "state")
        best = sorted(analysis.candidates.values(), key=lambda c: -scores.get(c.key, 0))
        picked: list[Candidate] = []
        for cand in best:
            if cand.name not in states and not _duplicate(cand, picked):
                picked.append(cand)
            if len(picked) + len(states) >= 4:
                break
        states += [c.name for c in sorted(picked, key=lambda c: c.first)]
        transitions = [(a, b, "") for a, b in zip(states, states[1:], strict=False)]
    for name in states[: MAX_ELEMENTS["state"]]:
        plan.add(name, "state")
    kept = {e.name for e in plan.elements}
    if plan.elements:
        plan.links.append(Link("[*]", plan.elements[0].name, "transition"))
    for a, b, event in transitions:
        if a in kept and b in kept:
            plan.links.append(Link(a, b, "transition", event))
    if plan.elements:
        last = final if final in kept else plan.elements[-1].name
        plan.links.append(Link(last, "[*]", "transition"))
    return plan


# At most this many of a use case's exceptions are drawn as side branches of its flow.
MAX_EXCEPTIONS = 4


def _exception_states(analysis: Analysis, chooser: Chooser, steps: list[str]):
    """A use case's exceptions as states off the step they interrupt: (step, exception)
    pairs, the step being the one whose name shares most words with the exception ("the
    payment is declined" leaves Verify Payment); an exception that names no step is left
    out rather than hung on a guess."""
    scores = _scores(analysis, chooser, "state")
    words = {step: {singular(w) for w in step.lower().split()[1:]} for step in steps}
    # Who acts ("the app", "the host") says nothing about which step was interrupted.
    parties = {
        singular(w)
        for c in analysis.candidates.values()
        if c.role in ("actor", "system")
        for w in c.name.lower().split()
    }
    found: list[tuple[str, str]] = []
    for variants, index in zip(analysis.actions, analysis.action_sentences, strict=False):
        if analysis.sentences[index].section != "exceptions" or len(found) >= MAX_EXCEPTIONS:
            continue
        readable = [
            k
            for k in _readable(variants, analysis, 3)
            if len(analysis.candidates[k].name.split()) >= 2
            and not set(analysis.candidates[k].name.lower().split()) & lx.FUNCTION_WORDS
        ]
        if not readable:
            continue
        name = analysis.candidates[max(readable, key=lambda k: scores.get(k, 0))].name
        said = {singular(w) for w in re.findall(r"[a-z]+", analysis.sentences[index].text.lower())}
        said -= lx.FUNCTION_WORDS | parties
        overlap = {step: len(words[step] & said) for step in steps}
        source = max(steps, key=lambda step: overlap[step], default=None)
        if source is None or overlap[source] == 0 or name in steps:
            continue
        if name not in {n for _, n in found}:
            found.append((source, name))
    return found


def _machine_plan(machine: Machine) -> Plan:
    """A few sentences that say how one thing changes: the states as the text names them,
    each transition with its event, entered at the initial state and left from the final
    ones."""
    plan = Plan("state")
    for name in machine.states[: MAX_ELEMENTS["state"]]:
        plan.add(name, "state")
    kept = {e.name for e in plan.elements}
    if machine.initial in kept:
        plan.links.append(Link("[*]", machine.initial, "transition"))
    for source, target, event in machine.transitions:
        if source in kept and target in kept:
            plan.links.append(Link(source, target, "transition", event))
    for name in machine.finals:
        if name in kept:
            plan.links.append(Link(name, "[*]", "transition"))
    return plan


def _timing(analysis: Analysis, chooser: Chooser) -> Plan:
    plan = Plan("timing")
    chosen = _participants(analysis, chooser, "timing")
    resolve = _resolver(analysis, chosen)
    steps: dict[str, list[str]] = {c.key: [] for c in chosen}
    for clause in analysis.clauses:
        who = resolve(clause.subject)
        if who is not None:
            steps[who.key].append(display(_phrase(clause, analysis, 3).split()))
    for cand in chosen:
        element = plan.add(_name(cand, "timing"), "lifeline")
        element.attributes = (steps[cand.key] or ["Idle"])[:6]
        if element.attributes[0] != "Idle":
            element.attributes.insert(0, "Idle")
    return plan


def _activity(analysis: Analysis, chooser: Chooser) -> Plan:
    plan = Plan("activity")
    notes = read_notes(analysis.scenario)
    if notes is not None:
        # "push -> build -> tests + lint in parallel. any fail -> notify, stop. ..."
        plan.title, plan.steps = notes[0], loops_back(notes[1])
        for lane in dict.fromkeys(s.lane for s in plan.steps if s.lane):
            plan.add(lane, "lane")
        return plan
    actors = _participants(analysis, chooser, "activity")
    # Everyone the text says does a step has a lane ("A nurse then measures ...").
    # ("..., the base maker shall cut the base that was ordered": who the modal follows)
    shall = [
        name_key(m.group(1))
        for sentence in analysis.sentences
        for m in _DOER_SHALL.finditer(sentence.text)
    ]
    for key in [clause.subject or "" for clause in analysis.clauses] + shall:
        cand = analysis.candidates.get(key)
        if cand is not None and _takes_steps(cand, key in shall) and cand not in actors:
            if not _duplicate(cand, actors) and len(actors) < MAX_ELEMENTS["activity"]:
                actors.append(cand)
    resolve = _resolver(analysis, actors)
    open_if = False
    last_guard = ""

    def body(text: str) -> list[Step]:
        """The steps of one sentence; "..., and in parallel ..." forks them."""
        fork = re.search(
            # (a word's end is no "all": "the system shall in parallel ...")
            # ("In parallel with steps 3-6, the manager ...": what it runs beside is the rest)
            r",?\s*(?:and\s+)?(?:\b(?:all|both)\s+)?(?:in parallel(?: with [^,]{1,40}(?=,))?"
            r"|at the same time(?: as)?|meanwhile|"
            r"simultaneously),?\s*",
            text,
            re.I,
        )
        either = _EITHER.match(text)
        options, rest = _options(either.group(2)) if either and fork is None else ([], "")
        if 2 <= len(options) <= 4:
            # "review the event and either approve it, approve it with conditions or refer it
            # to the Deputy CEO": the step, then a decision between what it may end in
            steps = body(either.group(1)) if either.group(1) else []
            for option in options[:-1]:
                steps.append(Step("if", f"{option}?"))
                steps += _ending(_lane_steps([_capital(option)], resolve, analysis))
                steps.append(Step("else", "no"))
            steps += _ending(_lane_steps([_capital(options[-1])], resolve, analysis))
            steps += [Step("endif")] * (len(options) - 1)
            # ("..., and we go round that loop until they approve": what follows the choice)
            return steps + (body(rest) if re.match(r"(?:and|then)\s", rest) else [])
        listed = PARALLEL_LIST.match(text)
        if listed is not None:
            # "then in parallel: roti team | dal + sabzi in the big degs | kheer | chai urns",
            # "parallel: dish line, sweep + mop hall": a fork of the parts listed
            parts = parallel_parts(listed.group(1).strip(" ."))
            if len(parts) < 2:
                parts = re.split(r",\s*(?![^()]*\))", listed.group(1).strip(" ."))
            branches = [_lane_steps([_capital(part)], resolve, analysis) for part in parts if part]
            if 2 <= len(branches) <= 5 and all(len(part.split()) <= 10 for part in parts):
                steps = [Step("fork")]
                for i, branch in enumerate(branches):
                    steps += ([Step("forkagain")] if i else []) + branch
                return steps + [Step("endfork")]
        at_once = _AT_ONCE.search(text)
        if at_once is not None:
            # "two things happen at once: the office orders stone, and the farmer moves the
            # stock": a fork of what follows the colon
            before = text[: at_once.start()].strip(" ,")
            # ("From there things happen at the same time": when, no step)
            before = re.sub(r"^(?:from there|then|after that|now)$", "", before, flags=re.I)
            branches = [
                _lane_steps(_actions(part), resolve, analysis)
                for part in _AT_ONCE_PARTS.split(at_once.group(1).strip(" ."))
            ]
            if len(branches) >= 2 and all(branches):
                steps = (body(before) if before else []) + [Step("fork")]
                for i, branch in enumerate(branches):
                    steps += ([Step("forkagain")] if i else []) + branch
                return steps + [Step("endfork")]
        together = _HAPPEN_TOGETHER.search(text)
        if together is not None:
            # "packing and label printing shall happen in parallel": a fork of the two
            parts = [*together.group(1).split(","), together.group(2)]
            parts = [re.sub(r"^(?:the|an?)\s+", "", p.strip(), flags=re.I) for p in parts]
            before = text[: together.start()].strip(" ,")
            steps = (body(before) if before else []) + [Step("fork")]
            for i, part in enumerate(parts):
                if i:
                    steps.append(Step("forkagain"))
                steps.append(
                    Step("action", part[:1].upper() + part[1:], _lane(part, resolve, analysis))
                )
            # "..., and packing to start only when all three are done": the step after the
            # join (which already waits for all of them)
            then = re.split(r",\s*(?:and\s+)?(?:then\s+)?", text[together.end() :], maxsplit=1)
            then = re.sub(
                r"\s+(?:only\s+)?(?:when|once|after)\s+(?:both|all|they)\b.*$", "", then[-1]
            )
            then = re.sub(r"^(.+?)\s+to\s+(start|begin|follow)\b", r"\1 \2s", then.strip(" ."))
            # ("and the offer to be prepared": it is)
            then = re.sub(r"^(.+?)\s+to\s+be\s+(?=\w+ed\b)", r"\1 is ", then)
            wanted = len(then.split()) >= 2 and not re.match(r"^(?:so|when|once|after|if)\b", then)
            after = body(then) if "," in text[together.end() :] and wanted else []
            return steps + [Step("endfork")] + after
        told, colon, said = text.partition(": ")
        if colon and _SPLITS.fullmatch(told.strip()):
            # "Then the work splits: one luthier ... while another ...": the fork says it
            return body(said)
        if colon and re.search(r",\s*otherwise\s", said, re.I) and fork is None:
            # "Next the item is inspected: damaged items need ..., otherwise ...": the step,
            # then the decision on what it finds
            return body(told) + body(said)
        otherwise_in = re.match(r"^(.+?),\s*otherwise\s+(.+)$", text, re.I)
        if otherwise_in is not None and fork is None and ":" not in otherwise_in.group(1):
            # "damaged items need a manager's approval, otherwise the refund is issued"
            first = otherwise_in.group(1).split()
            guard = " ".join(first[:2]).lower() + "?"
            stated = re.match(r"^(?:if|when)\s+([^,]+),\s*(.+)$", otherwise_in.group(1), re.I)
            mid = re.match(
                r"^(.+?),\s*(?:and\s+)?(?:then\s+)?(?:if|when)\s+(.+)$",
                otherwise_in.group(1),
                re.I,
            )
            decided = (
                re.match(r"^([^,]+),\s*(.+)$", mid.group(2))
                or re.match(_GUARD_THEN_PRONOUN, mid.group(2), re.I)
                if mid and not stated
                else None
            )
            if decided:
                # "I drain it, and if there is sauce I mix it in, otherwise I add butter": the
                # step, then the decision
                return (
                    body(mid.group(1))
                    + [Step("if", decided.group(1).strip())]
                    + _ending(body(decided.group(2)))
                    + [Step("else", "otherwise")]
                    + body(otherwise_in.group(2))
                    + [Step("endif")]
                )
            if stated:
                # "if the customer declines, the book goes back, otherwise the job is booked"
                return (
                    [Step("if", stated.group(1).strip())]
                    + _ending(body(stated.group(2)))
                    + [Step("else", "otherwise")]
                    + body(otherwise_in.group(2))
                    + [Step("endif")]
                )
            return (
                [Step("if", guard)]
                + body(otherwise_in.group(1))
                + [Step("else", "otherwise")]
                + body(otherwise_in.group(2))
                + [Step("endif")]
            )
        choice = _EITHER_OR.match(text)
        if choice is not None and fork is None and verb_base(choice["a"].split()[0].lower()):
            # "mix them to trace, then either add fragrance or leave the batch plain": a choice
            # between two steps
            return (
                body(_step_before(choice["head"] or ""))
                + [Step("if", f"{choice['a']}?"), *body(choice["a"]), Step("else", "no")]
                + [*body(choice["b"]), Step("endif")]
            )
        either = _EITHER_GUARDED.match(text)
        if either is not None and fork is None:
            # "issues the permit once all reviews pass, or sends a rejection if any fails":
            # one decision, a branch for each guard.
            first, second = body(either.group(1)), body(either.group(3))
            lane = next((st.lane for st in first if st.lane), "")
            for step in second:
                step.lane = step.lane or lane
            return (
                [Step("if", either.group(2).strip())]
                + first
                + [Step("else", either.group(4).strip(" ."))]
                + second
                + [Step("endif")]
            )
        trailing = _TRAILING_CONDITION.search(text)
        if trailing is not None and re.search(
            r"\b(?:checks?|sees?|asks?|confirms?|verify|verifies|finds? out|decides?)\s*$",
            text[: trailing.start()],
        ):
            trailing = None  # ("note the bars and check if the floor needs levelling": whether)
        if trailing is not None and fork is None and trailing.start() > 0:
            guard, then = _guard_and_steps(trailing.group(1), "")
            if then:
                # "sends the final invoice, and once it's paid we ship the guitar": the
                # guard, then what is done after it
                head = re.sub(r",?\s*(?:and|then)?\s*$", "", text[: trailing.start()])
                return (
                    body(head)
                    + [Step("if", guard.strip())]
                    + body(then.strip(" ,"))
                    + [Step("endif")]
                )
            # "turns the heater on when the temperature drops below the set point"
            # Only the last step the sentence names depends on it ("checks the blood pressure,
            # and sends them home if they are not eligible").
            head = text[: trailing.start()]
            # ("... and check the colour, and bake five more minutes if they are pale": a
            # story's later verbs, in the base form)
            joined = [
                m
                for m in re.finditer(r",?\s+and\s+(?=([a-z]+)\b)", head)
                if m.group(1).endswith("s") or verb_base(m.group(1)) == m.group(1)
            ]
            if joined:
                # "checks the pulse and calls a doctor if it is too high": two steps
                cut = joined[-1]
                last_step = head[cut.end() :]
                steps = body(head[: cut.start()]) + [
                    Step("action", last_step[:1].upper() + last_step[1:], "")
                ]
                steps[-1].lane = next((st.lane for st in reversed(steps[:-1]) if st.lane), "")
            else:
                steps = body(head)
            last = max((i for i, step in enumerate(steps) if step.kind == "action"), default=0)
            guard = Step("if", trailing.group(1).strip(" ."))
            return steps[:last] + [guard] + steps[last:] + [Step("endif")]
        inline = _INLINE_CONDITION.search(text)
        if inline is not None and fork is None:
            # "writes a prescription and, if needed, orders lab tests": only what follows
            # the condition depends on it.
            before, after = text[: inline.start()], text[inline.end() :]
            return (
                (body(before) if before.strip() else [])
                + [Step("if", (inline.group(1) or inline.group(2)).strip())]
                + body(after)
                + [Step("endif")]
            )
        others = _OTHERS.match(text)
        if others is not None and fork is None:
            # "Priority 1 patients go straight to resuscitation, while everyone else waits":
            # a decision on who they are.
            return [
                Step("if", f"{others.group(1).strip().lower()}?"),
                *_lane_steps(
                    [f"{others.group(1).strip()} {others.group(2).strip()}"], resolve, analysis
                ),
                Step("else", "no"),
                *_lane_steps(
                    [_base_first(others.group(3).strip())],
                    resolve,
                    analysis,
                ),
                Step("endif"),
            ]
        choice = _CHOICE.match(text)
        if choice is not None and fork is None:
            # "decides whether to publish it or send it back": a decision with a branch each.
            first, second = choice.group(2).strip(), choice.group(3).strip(" .")
            said = choice.group(1).strip(" ,")
            # ("I decide whether to ...": who decides, no step of its own)
            steps = body(said) if said and said.lower() not in _SUBJECT_WORDS else []
            # Both branches are the decider's doing ("send it back to the author").
            lane = steps[-1].lane if steps else _lane(text, resolve, analysis)
            return steps + [
                Step("if", f"{first}?"),
                Step("action", first[:1].upper() + first[1:], lane),
                Step("else", "no"),
                Step("action", second[:1].upper() + second[1:], lane),
                Step("endif"),
            ]
        only_if = re.match(r"^(.+?),?\s+only\s+if\s+([^;,]+)[;,]\s*otherwise,?\s+(.+)$", text, re.I)
        if fork is None and only_if is not None:
            # "book the coach only if at least 20 pupils are confirmed; otherwise the trip is
            # cancelled": a decision, a branch each
            return (
                [Step("if", only_if.group(2).strip())]
                + body(only_if.group(1))
                + [Step("else", "otherwise")]
                + _ending(body(only_if.group(3)))
                + [Step("endif")]
            )
        meanwhile = _WHILE_ANOTHER.match(text) or _WHILE_FIRST.match(text)
        if fork is None and meanwhile is not None:
            # "one luthier bends the sides while another carves the neck": two at once
            steps = [Step("fork")]
            steps += _lane_steps(_actions(meanwhile.group(1)), resolve, analysis)
            steps.append(Step("forkagain"))
            steps += _lane_steps(_actions(meanwhile.group(2)), resolve, analysis)
            return steps + [Step("endfork")]
        if fork is None:
            return _lane_steps(_actions(text), resolve, analysis)
        # ("..., while at the same time I make new boards": the "while" says the fork)
        before = re.sub(r",?\s*\bwhile\s*$", "", text[: fork.start()])
        if before != text[: fork.start()]:
            text = f"{before} {text[fork.start() :].lstrip()}"
            fork = fork.re.search(text) or fork
        branches = [p for p in (text[: fork.start()], text[fork.end() :]) if p.strip()]
        if len(branches) == 2 and re.match(
            r"^\s*(?:from|with|using|on|in|by)\s+(?:the\s+|an?\s+|their\s+|its\s+)?[\w-]+"
            r"(?:\s+[\w-]+)?\s*$",
            branches[1],
        ):
            # ("builds the core and the cope at the same time from the loam profile": what
            # both are made from, no branch of its own)
            branches = [branches[0]]
        modal = re.fullmatch(r"(.{3,60}?\s(?:shall|will|must|should|can))", text[: fork.start()])
        if modal is not None and len(branches) == 2:
            # "the system shall in parallel order the booklet and cancel the old passport":
            # who does both, then the verbs it joins
            branches = [f"{modal.group(1)} {text[fork.end() :]}"]
        after: list[Step] = []
        both = re.split(r"\s+while\s+", text[: fork.start()], maxsplit=1)
        # ("While the crew empties rooms, I order the skip ... at the same time")
        leading = re.match(r"^while\s+([^,]+),\s*(.+)$", text[: fork.start()], re.I)
        both = [leading.group(1), leading.group(2)] if leading else both
        next_step = re.match(r"^\s*(?:and\s+)?then\s+(.+)$", text[fork.end() :], re.I)
        joined = (
            [b for b in _parallel_parts(text[: fork.start()]) if b.strip()] if next_step else []
        )
        if len(joined) >= 2:
            # "seals entry points and sets bait stations at the same time, then books a
            # follow-up visit": the two at once, then the next step after both
            branches = joined
            after = _lane_steps(_actions(next_step.group(1)), resolve, analysis)
        elif len(both) == 2:
            # "The kitchen prepares the food while the bar prepares the drinks at the same
            # time, and the waiter serves everything": two branches, then what follows them.
            branches = both
            rest = re.sub(r"^\s*,?\s*(?:and\s+)?", "", text[fork.end() :])
            after = _lane_steps(_actions(rest), resolve, analysis) if rest.strip() else []
        elif len(branches) == 1:
            # "orders the parts and books a courier at the same time": the verbs it joins;
            # "IT sets up the laptop, Facilities prepares a desk, and Payroll registers the
            # employee, all in parallel": the parties it lists.
            branches = [b for b in _parallel_parts(branches[0]) if b.strip()]
            said = f"{text[: fork.start()]} {text[fork.end() :]}".strip()
            two = _TWO_OBJECTS.match(said)
            if len(branches) < 2 and two:
                # ("builds the core and the cope at the same time from the loam profile": one
                # verb, two things made side by side)
                head, tail = two.group("head"), two.group("tail")
                branches = [f"{head}{two.group('a')}{tail}", f"{head}{two.group('b')}{tail}"]
            if len(branches) < 2:
                # ("the staff are shooting events, writing copy and designing their spreads,
                # all at the same time": the doings it lists)
                branches = _doings(said)
            if len(branches) < 2:
                return _lane_steps(_actions(said), resolve, analysis)
        steps = [Step("fork")]
        for i, part in enumerate(branches):
            if i:
                steps.append(Step("forkagain"))
            steps += _lane_steps(_actions(part), resolve, analysis)
        return steps + [Step("endfork")] + after

    skip: set[int] = set()  # sentences already drawn as a branch
    # ("Our primary school wants to tighten its first-day absence routine. As a class teacher,
    # I want ...": the stories are the steps, what comes before them the setting)
    stories = [user_story(s.text) is not None for s in analysis.sentences]
    if len(stories) >= 3 and not stories[0] and all(stories[1:]):
        skip.add(0)
    role, mark = "", 0  # a story's role, and where its steps start
    heading = heading_line(analysis.scenario).strip(" .;")
    # ("Our lino printing at the print club: carve the block ...": a name, then the first step)
    named = re.match(
        r"^([A-Z][a-z]+ing(?:\s+[\w'-]+){1,5}):\s+\S"
        # ("Flowchart of my abuela's tortillas: simmer the maize ...": the same, asked for)
        r"|^((?:Our|My|(?i:(?:an?\s+|the\s+)?(?:flow\s?chart|(?:activity\s+)?diagram|workflow)"
        r"\s+(?:of|for)))(?:\s+[\w'’-]+){1,7}):\s+(?=([a-z]+)\b)",
        analysis.scenario.strip(),
    )
    if (
        named
        and named.group(3)
        and (
            named.group(3) in lx.FUNCTION_WORDS or verb_base(named.group(3)) not in (None, named[3])
        )
    ):
        named = None  # ("Our rule: every member ...": no step follows)
    postscript = _postscript(analysis.scenario)
    for index, sentence in enumerate(analysis.sentences):
        _in_role_lane(plan.steps[mark:], role, resolve, analysis)
        mark = len(plan.steps)
        if postscript and sentence.text[:30] in postscript:
            # ("Oh, and bring wellies. Proper ones, ...": an afterthought below the work,
            # no step of it)
            continue
        if index == 0 and heading and sentence.text == heading:
            # "Tank emptying job - process requirements (Mid Wolds Drainage Ltd)" above the
            # steps: the activity's name, no step of it
            plan.title = plan.title or heading
            continue
        text, role = _wish(sentence.text.strip())
        # ("Here's how a grower's olives go through our frantoio, from the moment ...": what
        # follows the comma says where it starts and ends)
        intro = re.match(
            r"^(?:here[’']?s|here is|this is)\s+(how\s.{3,80}?)(?:,\s+from\s.*\buntil\s.*)?[.:]?$",
            text,
            re.I,
        )
        # ("I run a house clearance business, and I want to map how a job runs": the writer
        # and what they ask for)
        intro = (
            intro
            or _SHOW_HOW_INTRO.search(text)
            or _LIKE_THIS.match(text)
            or _ASKS_FOR_CHART.search(text)
        )
        if intro:
            # "Here's how a custom guitar goes through our workshop": what it is, no step
            plan.title = plan.title or intro.group(1)[:1].upper() + intro.group(1)[1:]
            continue
        if index < 2 and _WRITER_INTRO.match(text):
            continue  # ("Hi, I run a small workshop in Pile, where ...": who writes, no step)
        asked = _ASKED_FOR_CHART.search(text) if index < 3 else None
        if asked:
            if asked.group(1):
                plan.title = plan.title or asked.group(1)[:1].upper() + asked.group(1)[1:]
            continue
        asks = _ASKS_READER.match(text)
        if asks:
            # "Our Friday pizza night routine, can you turn it into a flow?": what it is, and
            # a question to the reader, no step
            if asks.group("what"):
                plan.title = plan.title or asks.group("what")
            continue
        if _WRITTEN_OUT.search(text) or _ASIDE.search(text):
            # ("I shape surfboards in a shed and I'd like the whole job written out": the
            # writer and what they ask for, no step; "..., so here it is", "Appeals are out of
            # scope": what the writer says about the text, not a step of the work)
            continue
        # ("if there are errors it goes back to the writer, and that loop can happen three or
        # four times": how often is no step, and the return alone makes the loop)
        text = _HOW_OFTEN_IT_LOOPS.sub("", text)
        # ("Finally, look for leaks": the last step)
        text = re.sub(r"^(?:finally|lastly|afterwards|after that|next),\s+", "", text, flags=re.I)
        # ("After that they shape the loaves": the next step, as the flow shows)
        text = re.sub(
            r"^(?:after that|afterwards)\s+(?=(?:they|we|I|he|she)\s)", "", text, flags=re.I
        )
        # ("To sharpen my chainsaw I clamp the bar, ...": without the comma too)
        purpose = re.match(
            r"^[Tt]o\s+([^,]{3,60}?)\s+((?:I|we|We|you|You)\s+[a-z]+\b.+)$", text
        ) or re.match(r"^to\s+([^,]{3,60}),\s*(.+)$", text, re.I)
        if purpose:
            # "To handle a return, the clerk ...": what the whole activity is for.
            plan.title = plan.title or purpose.group(1)[:1].upper() + purpose.group(1)[1:]
            text = purpose.group(2)
        runs = _RUNS_THEN.match(text)
        if runs:
            # ("Every night the backup job runs: it takes a database snapshot, ...": what runs,
            # then its first steps)
            plan.title = plan.title or runs["what"][:1].upper() + runs["what"][1:]
            text = runs["steps"]
        if index == 0 and named:
            # "Bleeding the radiators at home: switch the heating off ...": what the whole
            # activity is, then its first step
            name = named.group(1) or named.group(2)
            # ("My way of making yogurt": Making yogurt)
            said = re.sub(
                r"^(?:(?:Our|My)\s+(?:way|method|process|routine)|(?:an?\s+|the\s+)?"
                r"(?:flow\s?chart|(?:activity\s+)?diagram|workflow))\s+(?:of|for)\s+",
                "",
                name,
                flags=re.I,
            )
            plan.title = plan.title or said[:1].upper() + said[1:]
            if text.startswith(name):
                text = text[len(name) :].lstrip(" :")
                text = text[:1].upper() + text[1:]
        begins = re.match(
            # ("It starts when a weaver brings us a hat body": "it" is the work)
            r"^(it|.{3,60}?)\s+(?:(?:shall|will|should|must)\s+(?:begin|start|be triggered)"
            r"|begins|starts|is triggered|kicks off)\s+"
            r"(?:when|once|as soon as)\s+(.+)$",
            text,
            re.I,
        )
        ends = re.match(
            r"^the (?:process|workflow|activity|flow) (?:ends|is done|is complete"
            r"|(?:shall|will|must|should) (?:end|be done|be complete))"
            r" (?:when|once|after)\s+(.+)$",
            text,
            re.I,
        )
        if ends and plan.steps:
            # "The process ends when the customer signs the return slip": a last step, after
            # any decision still open
            if open_if:
                plan.steps.append(Step("endif"))
                open_if = False
            plan.steps += _lane_steps([_action_text(ends.group(1))], resolve, analysis)
            plan.steps.append(Step("stop"))
            # ("10. All job records shall be kept for at least 40 years": what the text says
            # after the end are rules about the work, no steps of it)
            break
        if begins and not plan.steps:
            # "Onboarding a new hire begins when the hiring manager submits the offer": the
            # activity's name, and its first step.
            named = begins.group(1)
            if not re.fullmatch(
                r"(?:the |this |our )?(?:process|workflow|activity|flow)|it", named, re.I
            ):
                plan.title = plan.title or named
            text = begins.group(2)
        # "When both are done, ...": the fork above already waits for both.
        text = re.sub(
            r"^(?:when|once|after) (?:both|all|they)(?: \w+)? (?:are|have|come|is)"
            r" (?:back|\w+),?\s*",
            "",
            text,
            flags=re.I,
        )
        # "... runs the orientation once all three are done", "serves everything once both
        # are ready": the same wait, said after the step.
        text = re.sub(
            r",?\s+(?:only\s+)?(?:when|once|after) (?:both|all)(?: \w+)? (?:are|have been|have)"
            r" (?:back|\w+)"
            r"(?=\s*[.;]?\s*$)",
            "",
            text,
            flags=re.I,
        )
        # ("At four in the morning Joost weighs the flour": when, which the flow's order shows)
        text = re.sub(
            r"^(?:at|around|by)\s+(?:\d{1,2}(?:[:.]\d\d)?|one|two|three|four|five|six|seven"
            r"|eight|nine|ten|eleven|twelve|noon|midnight|dawn)"
            r"(?:\s*(?:am|pm|a\.m\.|p\.m\.|o['’]clock))?"
            r"(?:\s+in\s+the\s+(?:morning|afternoon|evening))?,?\s+(?=[A-Z]|the\b|we\b|I\b)",
            "",
            text,
            flags=re.I,
        )
        # "On the first day the manager runs ...": when, then who does what
        text = re.sub(
            r"^(?:on|in|at|during|after) (?!parallel\b|the same time\b)(?:the |a )?[a-z]+"
            r"(?: [a-z]+)?,?\s+"
            # ("On the day, the family's 'keep' items are set aside first")
            r"(?=(?:the|a|an) [\w'’]+"
            r"(?: ['‘]?[\w'’]+){0,2} (?:[a-z]+s|shall|will|must|should|is|are)\b)",
            "",
            text,
            flags=re.I,
        )
        lowered = text.lower()
        if index in skip:
            continue
        following = (
            analysis.sentences[index + 1].text if index + 1 < len(analysis.sentences) else ""
        )
        outcomes = _OUTCOMES.match(f"{text}; {following}")
        if outcomes:
            skip.add(index + 1)
            # "Approved reports are paid ...; rejected reports go back ...": a decision on
            # the outcome of the step before, with a branch for each.
            if open_if:
                plan.steps.append(Step("endif"))
                open_if = False
            plan.steps.append(Step("if", outcomes.group(1).lower()))
            plan.steps += body(outcomes.group(2))
            plan.steps.append(Step("else", outcomes.group(3).lower()))
            plan.steps += body(outcomes.group(4))
            plan.steps.append(Step("endif"))
            continue
        kinds = _OTHER_KIND.match(f"{text}; {following}")
        if kinds and kinds.group("adj").lower() not in lx.FUNCTION_WORDS:
            if ";" not in text:
                skip.add(index + 1)  # (the other kind's sentence is the else branch)
            if open_if:
                plan.steps.append(Step("endif"))
                open_if = False
            things = kinds.group("things").lower()
            plan.steps.append(Step("if", f"{kinds.group('adj').lower()} {things}?"))
            plan.steps += body(f"{kinds.group('adj')} {things} {kinds.group('first')}")
            plan.steps.append(Step("else", f"other {things}"))
            plan.steps += body(f"Other {things} {kinds.group('second')}")
            plan.steps.append(Step("endif"))
            continue
        only_if = re.match(
            r"^(.{3,}?),?\s+only\s+(if|when)\s+(?!(?:both|all|they)\b)([^,;]+)$", text, re.I
        )
        if only_if:
            # "Book the coach only if at least 20 pupils are confirmed" (; "otherwise ...")
            text = f"{only_if.group(2)} {only_if.group(3)}, {only_if.group(1)}"
            lowered = text.lower()
        otherwise = re.match(r"^(?:otherwise|else|if not|in the other case),?\s*(.+)$", text, re.I)
        condition = (
            None
            if otherwise
            # ("if it fails (shadows, glasses etc.), ...": the bracket's commas end nothing)
            else re.match(r"^(?:if|when|in case)\s+((?:\([^()]*\)|[^,(])+?),\s*(.+)$", text, re.I)
            # "When the upload succeeds it deletes ...": no comma, a pronoun starts the step.
            or re.match(r"^(?:if|when)\s+" + _GUARD_THEN_PRONOUN, text, re.I)
        )
        retry = re.search(r"\b(retr(?:y|ies)|repeat(?:s)?|up to \w+ times)\b", lowered)
        if condition and not plan.steps and lowered.startswith(("when ", "once ", "after ")):
            # "When a patient arrives, the receptionist ...": what starts the activity is
            # its first step, not a decision.
            plan.steps += _lane_steps([_action_text(condition.group(1))], resolve, analysis)
            plan.steps += body(condition.group(2))
            continue
        if (
            condition
            and lowered.startswith(("when ", "once ", "after "))
            and _FINISHED.search(condition.group(1))
        ):
            # "When the round is finished, the crew returns to the depot": what comes next,
            # every time, not a decision
            if open_if:
                plan.steps.append(Step("endif"))
                open_if = False
            plan.steps += body(condition.group(2))
            continue
        if condition and not lowered.startswith(("when both", "when all", "once both")):
            guard, then = _guard_and_steps(
                re.sub(r"\s*\([^()]*\)", "", condition.group(1)), condition.group(2)
            )
            otherwise_in = re.match(r"^(.+?),\s*(?:otherwise|else)\s*,?\s+(.+)$", then, re.I)
            # "if it passes I attach a new label, and if it fails I decide ...", "if more than
            # 10 cm has fallen, schools close ..., otherwise buses run as normal": both ways of
            # one decision, in one sentence
            two_ways = _other_branch(guard, then) or (
                (otherwise_in.group(1), "otherwise", otherwise_in.group(2))
                if otherwise_in
                else None
            )
            if two_ways is not None:
                if open_if:
                    plan.steps.append(Step("endif"))
                plan.steps.append(Step("if", guard))
                plan.steps += _ending(body(two_ways[0]))
                plan.steps.append(Step("else", two_ways[1]))
                plan.steps += _ending(body(two_ways[2]))
                plan.steps.append(Step("endif"))
                open_if = False
                continue
            first = re.match(r"^(.+?\bfirst),\s*(?:and\s+)?then,?\s+(.+)$", then, re.I)
            if first is not None:
                # "if the old colour is dark do a primer coat first, then paint, ...": only
                # what comes first depends on it
                if open_if:
                    plan.steps.append(Step("endif"))
                plan.steps += [Step("if", guard), *body(first.group(1)), Step("endif")]
                plan.steps += body(first.group(2))
                open_if = False
                continue
            tries = _RETRIES.match(then)
            actions = [i for i, step in enumerate(plan.steps) if step.kind == "action"]
            last = actions[-1] if actions else None
            if tries and last is not None and not open_if:
                # "If the upload fails it retries up to three times, and after the third
                # failure it alerts ...": the step before repeats while it fails; what
                # follows the tries is the branch where it never succeeded.
                count = tries.group("count")
                plan.steps.insert(last, Step("repeat"))
                plan.steps.append(Step("repeatwhile", f"{guard}, at most {count} times"))
                rest = tries.group("rest").strip(" ,.")
                if rest:
                    failed = f"{guard} {count} times"
                    plan.steps.append(Step("if", failed))
                    plan.steps += _ending(body(rest))
                    open_if, last_guard = True, guard
                continue
            if open_if and (_opposite(last_guard, guard) or _alternatives(last_guard, guard)):
                # "If the upload fails ... When the upload succeeds ...": the other branch.
                plan.steps.append(Step("else", guard))
                plan.steps += _ending(body(then))
                plan.steps.append(Step("endif"))
                open_if = False
                continue
            if open_if:
                plan.steps.append(Step("endif"))
            plan.steps.append(Step("if", guard))
            plan.steps += _ending(body(then))
            open_if, last_guard = True, guard
            continue
        if otherwise and open_if:
            plan.steps.append(Step("else", "otherwise"))
            plan.steps += _ending(body(otherwise.group(1)))
            plan.steps.append(Step("endif"))
            open_if = False
            continue
        if otherwise and _closed_without_else(plan.steps):
            # "write the plan of work and, if the job involves licensable material, notify
            # the regulator; otherwise the job is scheduled straight away": the other branch
            # of the decision the sentence before closed
            plan.steps[-1:] = [Step("else", "otherwise"), *_ending(body(otherwise.group(1)))]
            plan.steps.append(Step("endif"))
            continue
        whether = otherwise and _decided_whether(plan.steps)
        if whether:
            # "decide whether the object can travel; if not, the registrar sends a refusal"
            plan.steps.append(Step("if", f"{whether.group(1).rstrip(' .')}?"))
            plan.steps.append(Step("else", "no"))
            plan.steps += _ending(body(otherwise.group(1)))
            plan.steps.append(Step("endif"))
            continue
        if open_if:
            plan.steps.append(Step("endif"))
            open_if = False
        if retry and not re.search(r"\buntil\b", lowered):
            # ("repeats daily until the vet marks it fit": a loop until, drawn as such)
            plan.steps.append(Step("repeat"))
            plan.steps += body(text)
            plan.steps.append(Step("repeatwhile", "failed and tries left?"))
            continue
        plan.steps += body(text)
    _in_role_lane(plan.steps[mark:], role, resolve, analysis)
    if open_if:
        plan.steps.append(Step("endif"))
    for cand in actors:
        plan.add(_name(cand, "activity"), "lane")
    lanes = {s.lane for s in plan.steps if s.lane}
    if len(lanes) < 2:
        for step in plan.steps:
            step.lane = ""
    _lead_in_as_title(plan)
    plan.steps = loops_back(_while_together(_while_beside(_who_named(_that_going_on(plan.steps)))))
    # ("Our buyer, Maja Verhoef, checks ...": the buyer's lane went to the step that names her)
    lanes = {s.lane for s in plan.steps if s.lane}
    if len(lanes) < 2:
        for step in plan.steps:
            step.lane = ""
    for step in plan.steps:
        if step.kind in ("action", "backward"):
            step.text = _as_action(step.text, step.lane, any_lanes=len(lanes) >= 2)
    _one_lane_each(plan)
    return plan


# "My way of making yogurt: heat two litres of milk ...": what the steps are for, then the
# first step
_LEAD_IN = re.compile(
    r"^(?:here(?:'s|’s| is)\s+)?(?:my|our)\s+(?:way|method|routine|recipe|process)\s+"
    r"(?:of|for)\s+(?P<what>[^:]{3,50}):\s*(?P<rest>\S.*)$",
    re.I,
)


def _lead_in_as_title(plan: Plan) -> None:
    """The first step without the lead-in that names the work, which becomes the title when
    the text has none."""
    first = next((s for s in plan.steps if s.kind == "action"), None)
    said = _LEAD_IN.match(first.text) if first is not None else None
    if said is None:
        return
    first.text = _capital(said.group("rest"))
    plan.title = plan.title or _capital(said.group("what").strip())


# "While that is going on, our bookkeeper prepares the papers": the first branch is the
# step before the fork
_THAT_GOES_ON = re.compile(
    r"^(?:that|this|it)\s+(?:is\s+going\s+on|goes\s+on|happens|is\s+happening|is\s+done)$",
    re.I,
)


def _that_going_on(steps: list[Step]) -> list[Step]:
    """The steps with a fork's first branch "That is going on" replaced by the step before
    the fork, moved into it."""
    for i, step in enumerate(steps):
        if (
            step.kind == "action"
            and _THAT_GOES_ON.match(step.text.strip(" ."))
            and i >= 2
            and steps[i - 1].kind == "fork"
            and steps[i - 2].kind == "action"
        ):
            return steps[: i - 2] + [steps[i - 1], steps[i - 2]] + steps[i + 1 :]
    return steps


# "Our buyer, Jean-Luc", then "Checks every sack": who does the next step, by name
_ROLE_NAMED = re.compile(
    r"^(?i:our|the|my|their)\s+(?P<role>[a-z]+(?:\s+[a-z]+)?),\s+(?P<name>[A-Z][\w'-]+"
    r"(?:\s+[A-Z][\w'-]+)?)$"
)


def _who_named(steps: list[Step]) -> list[Step]:
    """The steps with a step that only names someone ("Our buyer, Jean-Luc") joined to the
    next step when that one is a doing with no lane ("Jean-Luc checks every sack")."""
    for i, step in enumerate(steps[:-1]):
        said = _ROLE_NAMED.match(step.text.strip(" .")) if step.kind == "action" else None
        doing = steps[i + 1].text
        if said is None or steps[i + 1].kind != "action" or steps[i + 1].lane:
            continue
        if verb_base(doing.split()[0].lower()) is None:
            continue  # ("Our buyer, Jean-Luc" then "Sacks are weighed": no doing of his)
        then = Step("action", f"{said['name']} {doing[:1].lower()}{doing[1:]}")
        return steps[:i] + [then] + _who_named(steps[i + 2 :])
    return steps


# "While the fettlers work", "While the dough rests": a step of its own that only says the
# next one runs beside the work before it
_WHILE_THEY = re.compile(
    r"^while\s+(?:the\s+|our\s+|my\s+|their\s+)?(?P<who>[a-z][a-z -]{1,30}?)\s+"
    r"(?:works?|are\s+working|is\s+working|are\s+busy|is\s+busy|rests?|dries|dry|cools?"
    r"|bakes?|cures?|sets?|do\s+(?:that|this|so)|does\s+(?:that|this|so))$",
    re.I,
)


def _while_beside(steps: list[Step]) -> list[Step]:
    """ "The fettlers break off the shell; cut the sprues; weld ...", then "While the fettlers
    work", "the base maker cuts the base": the base maker's step forks beside the fettlers'
    run of steps (back to the step that names them, at most six), and the "while" step
    goes."""
    for i, step in enumerate(steps):
        said = _WHILE_THEY.match(step.text.strip(" .")) if step.kind == "action" else None
        if said is None or i + 1 >= len(steps) or steps[i + 1].kind != "action":
            continue
        who = said.group("who").lower()
        start = None
        for j in range(i - 1, max(i - 7, -1), -1):
            if steps[j].kind != "action":
                break
            if who in steps[j].text.lower() or who in steps[j].lane.lower():
                start = j
                break
        if start is None:
            continue
        return (
            steps[:start]
            + [Step("fork"), *steps[start:i], Step("forkagain"), steps[i + 1], Step("endfork")]
            + _while_beside(steps[i + 2 :])
        )
    return steps


# "While they rest, Joost heats the ovens and Marieke prepares the fillings": what goes on
# meanwhile; "while Marieke opens the counter at seven", split from the step it goes beside
_WHILE_THEN = re.compile(
    r"^while\s+(?:they|it|the\s+[a-z]+s?)\s+[a-z]+(?:\s+[a-z]+)?,\s*(?P<rest>.+)$", re.I
)
_WHILE_NAMED = re.compile(rf"^[Ww]hile\s+(?P<rest>{NAME_WORD}\s+[a-z]+s\b.*)$")
# ("..., and Marieke prepares the fillings": where the next one's step starts)
_NEXT_DOER = re.compile(rf",?\s+and\s+(?={NAME_WORD}\s+[a-z]+s\b)")


def _while_together(steps: list[Step]) -> list[Step]:
    """The step before a "while" sentence forks beside what the sentence says goes on
    meanwhile, one branch for each one named doing it."""
    out: list[Step] = []
    for step in steps:
        said = step.kind == "action" and (
            _WHILE_THEN.match(step.text.strip(" .")) or _WHILE_NAMED.match(step.text.strip(" ."))
        )
        if not said or not out or out[-1].kind != "action":
            out.append(step)
            continue
        rest = said.group("rest")
        parts = [p.strip(" ,") for p in _NEXT_DOER.split(rest) if p.strip(" ,")]
        out.insert(len(out) - 1, Step("fork"))  # (before the step it goes beside)
        for part in parts:
            out += [Step("forkagain"), Step("action", part[:1].upper() + part[1:], step.lane)]
        out.append(Step("endfork"))
    return out


def _one_lane_each(plan: Plan) -> None:
    """ "the sales advisor enters ..., the advisor prepares ...": one lane, by its full name,
    when only one lane's name ends in the shorter one."""
    lanes = {s.lane for s in plan.steps if s.lane}
    for lane in lanes:
        longer = [other for other in lanes if other.lower().endswith(f" {lane.lower()}")]
        if len(longer) != 1:
            continue
        for step in plan.steps:
            step.lane = longer[0] if step.lane == lane else step.lane
        plan.elements = [e for e in plan.elements if not (e.kind == "lane" and e.name == lane)]


_POSTSCRIPT = re.compile(r"^\s*(?:oh,?\s+and|p\.?\s?s\.?|pps)[\s,:]", re.I)


def _postscript(scenario: str) -> str:
    """A letter's last paragraph when it is an afterthought ("Oh, and ...", "P.S. ..."), else
    ""."""
    paragraphs = [p for p in re.split(r"\n\s*\n", scenario.strip()) if p.strip()]
    if len(paragraphs) >= 2 and _POSTSCRIPT.match(paragraphs[-1]):
        return paragraphs[-1]
    return ""


def _closed_without_else(steps: list[Step]) -> bool:
    """Whether the steps end with a decision that has no other branch yet."""
    if not steps or steps[-1].kind != "endif":
        return False
    depth = 0
    for step in reversed(steps[:-1]):
        if step.kind in ("endif", "endfork", "repeatwhile", "repeatuntil"):
            depth += 1
        elif step.kind in ("if", "fork", "repeat"):
            if depth == 0:
                return step.kind == "if"
            depth -= 1
        elif step.kind == "else" and depth == 0:
            return False
    return False


def _decided_whether(steps: list[Step]) -> re.Match | None:
    """ "... and decide whether the object can travel": what the last action decides."""
    last = next((step for step in reversed(steps) if step.kind == "action"), None)
    return re.search(r"\bwhether\s+(.+)$", last.text) if last else None


def _in_role_lane(steps: list[Step], role: str, resolve, analysis: Analysis) -> None:
    """The steps a story asks for, in its role's lane where they name no one else's."""
    lane = _lane(role, resolve, analysis) if role else ""
    for step in steps:
        if lane and step.kind == "action" and not step.lane:
            step.lane = lane


def _one_thing(phrase: str) -> bool:
    """Whether a subject is one thing: "the school office", "every submitted manuscript", but
    not "claims flagged by the fraud check", "units that pass" or "copy-editing and design"."""
    words = [w for w in phrase.lower().split() if w not in ("every", "each", "the", "a", "an")]
    if " and " in f" {' '.join(words)} " or not words:
        return False
    head: list[str] = []
    for word in words:
        if word in lx.FUNCTION_WORDS or (head and (word.endswith("ed") or word in lx.PREPOSITIONS)):
            break
        head.append(word)
    last = (head or words)[-1]
    return singular(last) == last


def _wish(text: str) -> tuple[str, str]:
    """A user story as the step it asks for: "As a policyholder, I want to submit a claim so
    that ..." is "The policyholder submits a claim"; "I want larger claims to go to an
    assessor" is "Larger claims go to an assessor"."""
    story = user_story(text)
    if story is None:
        return text, ""
    moment = story_moment(text)
    if moment:
        said, role = _wish(re.sub(re.escape(moment) + r",?\s*", "", text, count=1))
        if not re.match(r"(?:if|unless)\b", moment, re.I):
            return said, role  # ("once it's approved": the flow already says it comes after)
        # ("As a treasurer, if Finance rejects the budget I want the proposal sent back": the
        # step, under its condition)
        return f"{moment[:1].upper()}{moment[1:]}, {said[:1].lower()}{said[1:]}", role
    # (why it is wanted, "so that ...", "so I can ..." or "because ...", is no step, nor is
    # ", with a pass needing at least four", what goes with it)
    role, wish = (
        story[0].strip(),
        re.split(
            r",?\s+(?:so (?:that|i|we|they)|because)\b|,\s+with\s+(?:an?\s+)?\w+\s+\w+ing\b",
            story[1],
            flags=re.I,
        )[0].rstrip(" -–—"),
    )
    # ("pay the fee once I'm accepted": once the role is)
    wish = re.sub(r"\bI['’]m\b|\bI am\b", "they are", wish)
    own = re.match(r"^to\s+([a-z]+)\b(.*)$", wish, re.I)
    if own:
        # "to check the form and send it back": each verb the role's own ("sends it back")
        rest = re.sub(
            r"(,?\s+and\s+)([a-z]+)(?=\s+(?:it|them|the|an?|back|home|out|up|their|his|her)\b)",
            lambda m: (
                m.group(1) + (third_person(m.group(2)) if m.group(2) in lx.VERBS else m.group(2))
            ),
            own.group(2),
        )
        return f"The {role} {third_person(own.group(1).lower())}{rest}", role
    passive = re.match(r"^(.+?)\s+to\s+(be\s+)?([a-z]+)\b(.*)$", wish, re.I)
    if passive and (
        passive.group(2)
        or verb_base(passive.group(3)) == passive.group(3).lower()
        # ("each candidate to fight two bouts": a verb the lexicon does not know, after "to")
        or (
            verb_base(passive.group(3)) is None
            and passive.group(3).lower() not in lx.FUNCTION_WORDS
            and re.match(r"(?:the|each|every|all|an?)\s+\w+$", passive.group(1), re.I)
        )
    ):
        thing, be, verb, rest = passive.groups()
        # ("I want the school office to send letters": the office sends them)
        one = _one_thing(thing)
        if be:
            said = f"{'is' if one else 'are'} {verb}"
        else:
            said = third_person(verb) if one else verb
        return f"{thing[:1].upper()}{thing[1:]} {said}{rest}", role
    done = re.match(
        r"^((?:the|an?|all|every|each)(?:\s+(?!(?:once|when|if|as|that|which|who|are|is|and|to)\b)"
        r"[\w'-]+){1,5}?)\s+([a-z]+ed)\b(?!\s+(?:to|by)\b)(.*)$",
        wish,
        re.I,
    )
    if done and verb_base(done.group(2)):
        # "I want the coach booked only if ...": the role books it
        thing, rest = done.group(1), done.group(3)
        base = verb_base(done.group(2)) or ""
        return f"{base[:1].upper()}{base[1:]} {thing[:1].lower()}{thing[1:]}{rest}", role
    return wish[:1].upper() + wish[1:], role


def _as_action(text: str, lane: str, any_lanes: bool = True) -> str:
    """An action as activity diagrams name it, by its verb: "The clerk first checks whether
    the receipt is present" in the clerk's lane is "Check whether the receipt is present";
    "It deletes old snapshots" is "Delete old snapshots". Other sentences stay as written
    ("The return is refused")."""
    wanted = re.match(
        r"^(?:i|we)\s+(?:want|need|would like)\s+(?:it\s+|them\s+)?to\s+(?:be able to\s+)?"
        r"([a-z]+\b.*)$",
        text,
        re.I,
    )
    if wanted:
        # ("..., and I want to schedule the interviews": what is wanted is the step)
        return wanted.group(1)[:1].upper() + wanted.group(1)[1:]
    mine = re.match(r"^(?:i|we|you)\s+([a-z]+)\b(.*)$", text, re.I)
    wishes = ("want", "need", "would", "like", "wish", "hope")
    bare = mine and (verb_base(mine.group(1)) == mine.group(1).lower() or mine.group(1) == "do")
    if bare and mine.group(1) not in wishes:
        # ("... while I do the risk assessment", "we join neck to body": the doer is the lane)
        return mine.group(1)[:1].upper() + mine.group(1)[1:] + mine.group(2)
    subject = r"(?:it|they|he|she"
    if lane:
        # ("The permit clerk checks ..." in the lane Clerk)
        subject += r"|(?:the |an? )?(?:[a-z]+ )?" + r"\s+".join(
            map(re.escape, lane.lower().split())
        )
    if text.split()[:1] == ["IT"]:
        # the IT department, not "it": in its own lane, what it does is the action
        return _as_action("It" + text[2:], lane, any_lanes) if lane == "IT" else text
    modal = re.match(
        r"^(?:the |an? )?([\w -]{2,40}?) (?:shall|must|should|will|can|may) "
        # ("a damaged one may still be weighed": still, what is done to it)
        r"(?:(?:also|still|only|first|then|always|just) |be able to )?(?=[a-z])",
        text,
        re.I,
    )
    if modal and re.search(r"\b(?:that|which|who)$", modal.group(1), re.I):
        modal = None  # ("Carve away the parts that must stay ...": the parts must, not the step)
    passive = modal is not None and text[modal.end() :].startswith("be ")
    verb = re.match(r"([a-z]+(?:-[a-z]+)?)\b(.*)$", text[modal.end() :]) if modal else None
    doer = modal is not None and _a_doer(modal.group(1))
    if doer and verb and not passive and modal.group(1).lower() != lane.lower() and any_lanes:
        # "The company shall notify the authority", in no lane of its own: the company
        # notifies it (who does the step stays said)
        who = text[: modal.end(1)].split()
        plural = singular(who[-1].lower()) != who[-1].lower()
        does = verb.group(1) if plural else third_person(verb.group(1))
        # ("... prepares fillings and greases the trays"; "... and the conservator shall
        # assess ...": the next doer's verb too)
        rest = re.sub(
            r"\b(and|then) ([a-z]+)\b(?=\s+(?:the|an?|their|its|his|her|them|it)\b)",
            lambda m: (
                f"{m.group(1)} {third_person(m.group(2))}"
                # (a word between "and" and an article is a verb, known or not)
                if not plural
                and m.group(2) not in lx.FUNCTION_WORDS
                and verb_base(m.group(2)) in (m.group(2), None)
                else m.group(0)
            ),
            verb.group(2),
        )
        rest = re.sub(
            r"\b(shall|must|should|will) ([a-z]+)\b",
            lambda m: third_person(m.group(2)),
            rest,
        )
        return " ".join([*who, does]) + rest
    # ("It shall discharge at the treatment works": what the lane's step does)
    pronoun = modal is not None and modal.group(1).lower() in ("it", "they", "he", "she", "we")
    if modal and (passive or pronoun or modal.group(1).lower() == lane.lower() or not any_lanes):
        # "The thermostat shall read the room temperature": Read the room temperature.
        rest = text[modal.end() :]
        happens = re.match(r"(take|happen|occur)\b(.*)$", rest)
        if happens and not pronoun:
            # ("Stripping shall only take place June to August": what takes place is said)
            said = f"{text[: modal.end(1)]} {third_person(happens[1])}{happens[2]}"
            return said[:1].upper() + said[1:]
        if rest.startswith("be "):
            # "Parts out of tolerance shall be sent to rework": what is done to them
            who = modal.group(1)
            # ("parts out of tolerance": the parts)
            head = re.split(r"\s+(?:of|out|in|within|with|from|on|at|for)\b", who)[0].split()
            plural = singular(head[-1]) != head[-1] or head[-1].lower() in ("they", "we", "you")
            said = f"{text[: modal.start(1)]}{who} {'are' if plural else 'is'} {rest[3:]}".strip()
            return said[:1].upper() + said[1:]
        return rest[:1].upper() + rest[1:]
    match = re.match(
        subject + r")?\s*(?:first |then |also |finally |now )?([a-z]+)\b(.*)$", text, re.I
    )
    following = match.group(2).split()[:1] if match else []
    # "Reports go back ...": a plural noun, then its verb, when no doer was named first.
    subject = (
        match is not None
        and match.start(1) == 0
        and bool(following)
        and (
            following[0] in lx.AUXILIARIES | lx.PREPOSITIONS
            or verb_base(following[0]) == following[0]
            or following[0].endswith("ed")  # "Claims flagged by the check are ..."
        )
    )
    named = match is not None and match.start(1) > 0  # the doer came first: a verb follows
    word = match.group(1) if match else ""
    unknown = named and _third_person(word) and word.lower() not in lx.AUXILIARIES
    if match is None or not (_present(word) or unknown) or subject:
        return text  # not a verb in the present tense: "The return is refused", "Reports are"
    # "The author revises the draft": a verb the lexicon does not know, after its doer.
    base = verb_base(word) or _without_s(word.lower())
    # "... a laptop and creates accounts": the verbs it lists take the same form.
    # ("approves or rejects it": either verb)
    rest = re.sub(
        r"\b(and|then|or) ([a-z]+)\b",
        lambda m: f"{m.group(1)} {verb_base(m.group(2))}" if _present(m.group(2)) else m.group(0),
        match.group(2),
    )
    return base[:1].upper() + base[1:] + rest


def _a_doer(words: str) -> bool:
    """Whether the words before a modal verb name who does the step ("the store assistant",
    "stores"), not a clause of their own ("the call handler decides whether they")."""
    said = words.split()
    return (
        len(said) <= 5
        and not re.search(r"\b(?:whether|that|if|when|and|or|who|which|it|they)\b", words, re.I)
        and not any(w.endswith("s") and verb_base(w) for w in said[1:])
    )


def _base_first(text: str) -> str:
    """ "waits at the gate" -> "Wait at the gate": a step named by its verb."""
    first, _, rest = text.partition(" ")
    if _third_person(first):
        first = verb_base(first) or _without_s(first.lower())
    return f"{first[:1].upper()}{first[1:]} {rest}".strip()


def _third_person(word: str) -> bool:
    w = word.lower()
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is"))


def _without_s(word: str) -> str:
    """ "revises" -> "revise", "watches" -> "watch", "carries" -> "carry"."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        return word[:-2]
    return word[:-1]


def _present(word: str) -> bool:
    """ "checks", "takes": a known verb in the third person present."""
    base = verb_base(word.lower())
    return base is not None and base != word.lower() and word.lower().endswith("s")


# "it retries up to three times, and after the third failure it alerts the engineer"
_RETRIES = re.compile(
    r"^(?:it|they)?\s*(?:retr(?:y|ies)|tries again|repeats?)(?: it)?\s+up to (?P<count>\w+)"
    r" times\b[,;]?\s*(?:and\s+)?(?:(?:after|on) the \w+ (?:failure|try|attempt),?\s*)?"
    r"(?P<rest>.*)$",
    re.I,
)
# A guard of at least two words, then a pronoun starting what is done: "the upload fails | it
# retries".
_GUARD_THEN_PRONOUN = (
    # ("if the customer does not accept it within 14 days the case is closed": an object)
    r"(.+?\s\w+)\s+((?:it|they|he|she|we|I|you)\s+(?!(?:within|after|before|by|in|on|at|for|to|"
    r"from|with|again|too|back|up|and|or)\b)\w.*"
    # "If the card is declined the guest is asked ...": a new subject and its verb
    r"|(?:the|a|an)\s+\w+\s+(?:is|are|was|gets?|\w+s)\s+\w.*)$"
)


_GUARD_THEN_VERB = re.compile(
    r"^(.+?\s(?:is|are|isn't|aren't|is not|are not)\s+(?:too\s+|very\s+)?([a-z-]+))\s+([a-z]+)\s"
)
_BEFORE_WHOM = frozenset("something anything everything nothing one ones thing things what".split())


def _guard_and_steps(guard: str, rest: str) -> tuple[str, str]:
    """ "If the upload fails it retries up to three times, and ...": the guard ends where
    a pronoun starts what is done."""
    split = re.match(r"^" + _GUARD_THEN_PRONOUN, guard, re.I)
    bare = _GUARD_THEN_VERB.match(guard)
    if split is None and bare is not None:
        # "if the old colour is dark do a primer coat first": a bare verb starts the step
        # ("if the tank is nearly empty": an adverb is still the guard's)
        word = bare.group(3).lower()
        verb = word == "do" or (verb_base(word) == word and word not in lx.FUNCTION_WORDS)
        if verb and not bare.group(2).endswith("ly"):
            return bare.group(1), f"{guard[bare.start(3) :]}, {rest}".strip(" ,")
    # ("if it's something we don't build": what the pronoun does is said of the thing)
    if (
        split is None
        or split.group(1).split()[-1].lower() in lx.PREPOSITIONS | _BEFORE_WHOM
        # ("if no contact is reached by 11:00 or the pupil is on the vulnerable list": both)
        or split.group(1).split()[-1].lower() in ("or", "and")
    ):
        # ("when every part in the batch is handled": the batch is inside the guard)
        return guard, rest
    return split.group(1), f"{split.group(2)}, {rest}"


def _other_branch(guard: str, then: str) -> tuple[str, str, str] | None:
    """ "I attach a label, and if it fails I decide ..." after "if it passes": this branch's
    steps, the other guard and its steps, when the two guards are opposites."""
    split = re.match(r"^(.+?),?\s+(?:and|but|while)\s+(?:if|when)\s+(.+)$", then, re.I)
    if split is None:
        return None
    second = split.group(2)
    parsed = re.match(r"^((?:\([^()]*\)|[^,(])+?),\s*(.+)$", second) or re.match(
        _GUARD_THEN_PRONOUN, second, re.I
    )
    if parsed is None or not _opposite(guard, parsed.group(1)):
        return None
    return split.group(1), parsed.group(1), parsed.group(2)


_NEGATIONS = ("not", "no", "never", "don't", "doesn't", "isn't", "aren't", "didn't", "won't")


def _opposite(first: str, second: str) -> bool:
    """Whether one word's swap turns one guard into the other branch's: "the upload fails" /
    "the upload succeeds"; or a negation does: "they don't accept" / "they accept"."""
    a, b = first.lower().split(), second.lower().split()
    for longer, shorter in ((a, b), (b, a)):
        negation = [w for w in longer if w in _NEGATIONS]
        if len(longer) == len(shorter) + 1 and negation:
            without = list(longer)
            without.remove(negation[0])
            if without == shorter:
                return True
    if len(a) != len(b):
        return False
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(differ) != 1:
        return False
    x, y = differ[0]
    # (by stems: "rejected" / "approved", "fails" / "passes")
    return any(
        (x.startswith(p) and y.startswith(q)) or (x.startswith(q) and y.startswith(p))
        for p, q in lx.OPPOSITES
        if " " not in p + q
    )


_IS_A = re.compile(
    r"^((?:it|this|that|they|the\s+[a-z]+))\s*(?:is|['’]s|are)\s+(?:an?\s+)?"
    r"(?!not\b)([\w-]+(?:\s+[\w-]+){0,2})$",
    re.I,
)


def _alternatives(first: str, second: str) -> bool:
    """Whether two guards name two kinds of the same thing: "it's a stock model" / "it's a
    one-off", "the item is a letter" / "the item is a parcel"."""
    a, b = _IS_A.match(first.strip()), _IS_A.match(second.strip())
    return (
        a is not None
        and b is not None
        and a.group(1).lower() == b.group(1).lower()
        and a.group(2).lower() != b.group(2).lower()
    )


_FINAL_OUTCOME = re.compile(
    r"\b(?:is |are )?(?:refused|rejected|cancel+ed|denied|aborted|declined)\b|\bprocess ends\b"
    # ("if they don't accept within two weeks the job is closed")
    r"|\b(?:job|order|request|application|case|claim|booking|ticket|enquiry)"
    # ("and the booking shall close without refund")
    r" (?:is closed|closes|(?:shall|will|must) close)\b",
    re.I,
)


# ("review the proof and either approve it or ask for changes"; not "the client either ...",
# whose subject is the step's)
_EITHER = re.compile(r"^(?:(.+?),?\s+and\s+)?either\s+(.+)$", re.I)


def _options(text: str) -> tuple[list[str], str]:
    """ "approve it, approve it with conditions (e.g. an independent chair), or refer it to
    the Deputy CEO, whose decision is final": the three things it may be, and what the text
    says after them."""
    text = re.sub(r"\s*\([^()]*\)", "", text).strip(" .")
    options: list[str] = []
    parts = re.split(r",\s*(?:or\s+)?|\s+or\s+", text)
    rest = ""
    for at, part in enumerate(parts):
        part = part.strip()
        if options and re.match(_AFTER_OPTIONS, part, re.I):
            rest = ", ".join(parts[at:])  # (what is said of the last one, or of them all)
            break
        if part:
            options.append(part)
    if any(option.split()[0].lower() in lx.DETERMINERS for option in options):
        return [], ""  # ("either a video call or a home visit": what is booked, no decision)
    return (options, rest) if " or " in f" {text} " else ([], "")


_AFTER_OPTIONS = (
    r"(?:whose|which|who|so|as|and|but|though|although|up to|depending|until|if|because)\b"
)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


_FINISHED = re.compile(
    r"\b(?:is|are|has been|have been) (?:finished|done|complete|completed|over)$"
    r"|\b(?:finishes|finish|ends|end)$",
    re.I,
)


def _ending(steps: list[Step]) -> list[Step]:
    """A branch that ends the activity ("the return is refused") stops there, so what
    follows is drawn only for the other branch."""
    actions = [s for s in steps if s.kind == "action"]
    if actions and _THE_END.match(actions[-1].text):
        # ("if they don't accept, that's the end": the branch stops, with no step)
        return [s for s in steps if s is not actions[-1]] + [Step("stop")]
    if actions and _FINAL_OUTCOME.search(actions[-1].text):
        return steps + [Step("stop")]
    return steps


_SHOW_HOW_INTRO = re.compile(SHOW_HOW.pattern + r"\s+(how\s[^,;]{3,80}?)(?:[,;].*)?[.:]?$", re.I)


# ("Our little bakery in Ghent works like this.": what the steps are of, no step)
_LIKE_THIS = re.compile(
    r"^(.{3,80}?)\s+(?:works|goes|runs|happens|is done)\s+(?:like this|as follows)\s*[.:]?$",
    re.I,
)
_RUNS_THEN = re.compile(
    r"^(?:(?:every|each)\s+\w+\s+|at\s+\d{1,2}(?::\d\d)?\s*(?:am|pm)?\s+)?(?P<what>.{3,60}?)\s+"
    r"(?:runs|starts|works|goes|happens)\s*:\s+(?:it|they|we)\s+(?P<steps>.+)$",
    re.I,
)
# "..., so I'd like a flowchart of how one hat goes through our hands": what is asked for
_ASKS_FOR_CHART = re.compile(
    ASKS_FOR_A + r"(?:flow\s?chart|diagram|chart|picture|map|overview)\s+(?:of|for|showing)\s+"
    r"(how\s[^,;.]{3,80}?|[^,;.]{3,60}?)[.:]?$",
    re.I,
)
# "Hi, I run a small workshop in Pile", "Hello, I'm Kenta Abe, second-season kurabito at a
# small brewery": who writes, before the work
_WRITER_INTRO = re.compile(
    r"^(?:(?:hi|hello|hey|dear\s+\w+|good\s+(?:morning|afternoon|evening))[,!]?\s+)?"
    r"(?:(?:i|we)\s+(?:run|own|manage)\s+(?:a|an|the|our|my)\b"
    rf"|i(?:'m|’m| am)\s+(?:(?-i:{NAME_WORD})\b|(?:the|an?|one of the)\s))",
    re.I,
)
# "Our toji asked me to turn the brewing routine into an activity diagram for the trainees, so
# here's how one batch goes": who asked for the chart, and what it shows
_ASKED_FOR_CHART = re.compile(
    r"\basked (?:me|us) to (?:turn|draw|make|put|write|sketch|map)\b[^.]*?"
    r"\b(?:diagram|flow\s?chart|chart)\b[^.]*?(?:,?\s*so here[’']?s (how\s.{3,80}?))?[.:]?$",
    re.I,
)
_WRITTEN_OUT = re.compile(
    r"\b(?:i|we)(?:'d| would)?\s+(?:\w+\s+)?(?:want|need|like)\s+(?:the|this|our|it|a)\b"
    r"[^,;.]{0,40}?\b(?:written (?:out|down|up)|drawn(?: up| out)?|mapped(?: out)?|documented"
    r"|laid out|sketched|diagrammed)\b",
    re.I,
)


_ASKS_READER = re.compile(
    r"^(?:(?P<what>[^,?]{3,60}?),\s*)?(?:can|could|would|will) you (?:please )?(?:turn|draw"
    r"|make|map|sketch|put|write|diagram|show)\b[^?]*\??$",
    re.I,
)
_ASIDE = re.compile(
    r"\bhere (?:it is|goes|we go)\s*[.!:]?$|\b(?:is|are) (?:out of scope|not covered)\s*[.!]?$"
    # ("You asked how a normal day works ..., so here goes, roughly how Papà runs it")
    r"|^you (?:asked|wanted)\b|^(?:roughly|more or less|basically) how\b.{0,40}$"
    # ("Our bike repair shop wants a simple system for repairs": who asks, and for what)
    r"|^(?:our|my)\s+(?:[\w'-]+\s+){0,4}(?:wants?|needs?|would like)\s+(?:an?|some)\s+"
    r"(?:(?:simple|new|small|basic|proper|better)\s+)?(?:system|app|website|platform|software"
    r"|database)\b",
    re.I,
)
_HOW_OFTEN_IT_LOOPS = re.compile(
    r",?\s*(?:and\s+)?(?:that|this|the)\s+(?:loop|cycle|round|back and forth)\s+"
    r"(?:(?:can|may|might|could|will|often|usually|sometimes)\s+)?"
    r"(?:happens?|repeats?|goes on|runs?)\b[^,;]*$",
    re.I,
)


_THE_END = re.compile(
    r"^(?:that'?s|that is|this is|it'?s|which is)\s+(?:the\s+)?end\b|^(?:nothing (?:more|else)"
    # ("if they refuse, the job ends there", "the process shall end there")
    r" happens|the (?:process|workflow|job|order|request|application|case|claim|booking)"
    r" (?:ends|stops|is over|(?:shall|will|must) (?:end|stop))(?: there| here)?|end)\s*\.?$",
    re.I,
)


_OUTCOMES = re.compile(
    r"^(approved|accepted|valid|successful|paid)\s+(\w+[^;]+?)[;,]\s*(?:and\s+|while\s+|but\s+)?"
    r"(rejected|declined|invalid|failed|unpaid)\s+(\w+.+)$",
    re.I,
)
# "Fragile items shall receive conservation treatment first; other items shall go straight to
# scanning": a decision on which items they are
_OTHER_KIND = re.compile(
    r"^(?P<adj>[a-z]+)\s+(?P<things>[a-z]+s)\s+(?P<first>[^;]+?)[;,]\s*(?:and\s+|while\s+|but\s+)?"
    r"(?:all\s+)?other\s+(?P=things)\s+(?P<second>.+)$",
    re.I,
)
_OTHERS = re.compile(
    r"^(.+?)\s+((?:go|goes|are|is|get|gets|move|moves|stay|stays)\b.+?),\s*while\s+"
    r"(?:everyone|everybody|all the others|the others|the rest)\s+(?:else\s+)?(.+)$",
    re.I,
)
_CHOICE = re.compile(
    r"^(.*?)(?:,?\s*\band\s+)?(?:(?:the|an?) (?:(?!and\b)\w+ ){1,2})?decides? whether to (.+?)"
    r" or (?:to )?(.+)$",
    re.I,
)
# "... turns the heater on when the temperature drops": a condition after its step.
_TRAILING_CONDITION = re.compile(
    # ("... if documents are missing": a plural noun starts a condition too)
    r"\s+(?:when|whenever|if|once)\s+((?:the|a|an|it|they|any|no|there|[a-z]+s)\b[^,;]+)$",
    re.I,
)
_HAPPEN_TOGETHER = re.compile(
    # ("the insurance certificate, the signed loan agreement and the crate build ...": a list)
    r"(?:^|(?<=,)\s*(?:and\s+)?)(?:(?:then\s+)?i want\s+)?(?:the\s+)?"
    r"((?:(?:(?!\b(?:and|shall|should|must|will|is|are|be|to|after|before|once|when|then|if)\b)"
    r"[^,]){3,40}?,\s*)*[^,]{3,40}?)"
    r"\s+and\s+"
    r"(?:the\s+)?([^,]{3,40}?)\s+"
    r"(?:shall\s+|should\s+|must\s+|will\s+|to\s+|can\s+)?(?:happen|run|take place|be done)\s+"
    r"(?:in parallel|at the same time|simultaneously)\b",
    re.I,
)
_TWO_OBJECTS = re.compile(
    r"^(?P<head>.*?)(?P<a>(?:the|its|their)\s+[\w-]+(?:\s+[\w-]+)?)\s+and\s+"
    r"(?P<b>(?:the|its|their)\s+[\w-]+(?:\s+[\w-]+)?)"
    r"(?P<tail>(?:\s+(?:from|with|using|on|in|by)\s+.+)?)$",
    re.I,
)
_AT_ONCE = re.compile(
    # ("From there things happen at the same time: the pomace ..., the vegetation water ...")
    r"\b(?:(?:two|three|both|these|several)\s+)?things\s+happen\s+(?:at once|at the same time"
    r"|in parallel|simultaneously)\s*:\s*(.+)$",
    re.I,
)
_AT_ONCE_PARTS = re.compile(
    r";\s*(?:and\s+)?|,\s+and\s+|(?:,|\s+and)\s+(?=(?:the|a|an|we|i|they)\s)"
)
# "Then the work splits", "the process branches": a fork follows.
_SPLITS = re.compile(
    r"(?:then\s+)?(?:the |our )?(?:work|process|job|flow|team|workflow)"
    r" (?:splits|divides|branches|forks)(?: up| in two)?",
    re.I,
)
# "one luthier bends the sides while another carves the neck", "the archivist publishes the
# images while the store assistant returns the boxes": a second doer and its verb, at once.
_WHILE_ANOTHER = re.compile(
    r"^(.+?\s[a-z]+s\b.+?),?\s+while\s+((?:another|the other|the|a|an|one|his|her|their)"
    r"(?:\s+[a-z-]+){0,2}\s+[a-z]+s\s+(?:the|an?|their|its|his|her|it|them|to|on|up|with|in)\b.+)$",
    re.I,
)
# "while it is carried to the barn the family pays at the hut": the same, said the other way
# ("Then, while one of us fills the jars, the other prints the labels")
_WHILE_FIRST = re.compile(
    r"^(?:then,?\s+)?while\s+([^,]+?),?\s+((?:the|a|an|our|their|his|her|one)\s+[a-z]+(?:\s+[a-z]+)?"
    r"\s+[a-z]+s\s+(?:the|an?|their|its|his|her|it|them|to|on|up|with|in|at)\b[^,]+)$",
    re.I,
)


def _step_before(head: str) -> str:
    """What is done before a choice, without who makes it: "is read first and" -> "is read
    first"; "While the refund is processed, another staff member" -> "While the refund is
    processed"; "who" -> ""."""
    head = re.sub(r"(?:^|\s+)(?:and|who|which|that)$", "", head.strip(" ,"))
    before, comma, after = head.rpartition(",")
    if comma and _only_who(after):
        head = before
    return "" if _only_who(head) else head


def _only_who(text: str) -> bool:
    """ "another staff member": someone named, and nothing done."""
    words = re.findall(r"[a-z]+", text.lower())
    return not words or (
        words[0] in lx.DETERMINERS
        and len(words) <= 4
        and not any(verb_base(w) or w in lx.AUXILIARIES for w in words)
    )


_EITHER_OR = re.compile(
    r"^(?:(?P<head>.+?),?\s+(?:then\s+)?)?either\s+(?P<a>[a-z][^,;]+?)\s+or\s+(?P<b>[a-z][^,;]+)$",
    re.I,
)
_EITHER_GUARDED = re.compile(
    r"^(.+?)\s+(?:once|when|if)\s+([^,;]+),\s*or\s+(.+?)\s+(?:if|when|once)\s+([^,;]+)$", re.I
)
# ", and, if needed, ": a condition inside a sentence, between two of its steps.
_INLINE_CONDITION = re.compile(
    # ("..., where needed, ..."; but "logs species, where it was found and its weight," says
    # what is logged)
    r",?\s*(?:and|or)?\s*,\s*(?:if|when|unless|where(?=\s+(?:needed|required|necessary|"
    r"applicable|possible|appropriate)\b))\s+([^,]{2,40}),\s*"
    # "..., and if it can't be found, only store credit is offered"
    r"|,\s*(?:and|but)\s+(?:if|when|unless)\s+([^,]{2,40}),\s*",
    re.I,
)


def _parallel_parts(text: str) -> list[str]:
    """The verbs or parties a sentence done "in parallel" joins: "orders the parts and books
    a courier", "the kitchen prepares the food, the bar prepares the drinks"."""
    parts = []
    done = 0
    # (not "the laptop and accounts, Facilities ...": a verb takes an object)
    # ("the system shall order the booklet and cancel the old passport": after a modal verb,
    # the verbs it joins are bare)
    bare = re.search(r"\b(?:shall|will|must|should|can)\s", text) is not None
    for m in re.finditer(
        r",?\s+and\s+(?=([a-z]+s?)\s+[a-z])|,\s*(?:and\s+)?(?=(?:the\s+)?[A-Za-z][\w-]*\s+([a-z]+s)\b)",
        text,
    ):
        verb = m.group(1) or m.group(2)
        if verb_base(verb) is None or (m.group(1) and not bare and not verb.endswith("s")):
            continue
        if bare and m.group(1) and verb_base(verb) != verb:
            continue
        parts.append(text[done : m.start()])
        done = m.end()
    return parts + [text[done:]]


_NOT_DOINGS = frozenset("thing nothing something anything everything morning evening".split())


def _doings(text: str) -> list[str]:
    """ "the staff are shooting events, writing copy and designing spreads": each doing with
    who does it ("the staff shoot events", ...); [] unless every part starts with one."""
    text = re.sub(
        r",?\s*(?:all\s+)?(?:in parallel|at the same time|simultaneously)\s*[.]?$", "", text
    )
    said = re.match(r"^(?P<who>.*?)\s*\b(?:are|is|am|were|was|keeps?)\s+(?P<list>.+)$", text)
    if said is None:
        return []
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+(?=[a-z]+ing\b)", said["list"])
    doings = []
    for part in parts:
        first, _, rest = part.strip().partition(" ")
        if not re.fullmatch(r"[a-z]{2,}[^aeiou]ing", first) or first in _NOT_DOINGS:
            return []
        # (a verb the lexicon lacks keeps its stem: "shooting" -> "shoot", "running" -> "run")
        base = verb_base(first) or re.sub(r"([^aeiouls])\1$", r"\1", first[:-3])
        doings.append(" ".join(w for w in (said["who"], base, rest) if w))
    return doings if len(doings) >= 2 else []


def _lane_steps(actions: list[str], resolve, analysis: Analysis) -> list[Step]:
    """Each action in the lane of the party it names; "which notifies the doctor" is done
    where the step before it was done, not by the doctor it names."""
    steps: list[Step] = []
    for action in actions:
        relative = re.match(r"^(which|that|who)\s+(.+)$", action, re.I)
        if relative and steps:
            text = relative.group(2)
            # "sees the triage nurse, who records vital signs": the nurse does it
            lane = steps[-1].lane
            if relative.group(1).lower() == "who":
                lane = _lane(steps[-1].text, resolve, analysis, last=True) or lane
            steps.append(Step("action", text[:1].upper() + text[1:], lane))
        else:
            lane = _lane(action, resolve, analysis)
            department = re.match(r"^(?:the\s+)?([A-Za-z]+)\s+([a-z]+s)\b", action)
            if (
                not lane
                and department
                and department.group(1).lower() in _DEPARTMENTS
                and verb_base(department.group(2))
                # ("it gets consolidated": the pronoun, not the IT department)
                and (department.group(1).lower() != "it" or department.group(1) == "IT")
            ):
                # "Finance pays the supplier": a department the analysis did not see act
                word = department.group(1)
                lane = word if word.isupper() else word.capitalize()
            steps.append(Step("action", action, lane))
    return steps


def _actions(text: str) -> list[str]:
    # "A nurse then measures ...": the "then" after a subject alone splits nothing.
    text = re.sub(
        r"^((?:the|an?)\s+[a-z]+(?:\s+[a-z]+)?)\s+then\s+(?=[a-z]+s\b)", r"\1 ", text, flags=re.I
    )
    # ("The doughs then rest for an hour": a plural's verb has no "s")
    text = re.sub(
        r"^((?:the|our|their)\s+(?:[a-z]+\s+)?[a-z]+s)\s+then\s+(?=[a-z]+\b)",
        r"\1 ",
        text,
        flags=re.I,
    )
    # ("The supervisor shall then close all bookings": nor after its modal; "It's then lifted
    # onto the scale": nor after "is")
    text = re.sub(
        r"\b(shall|will|must|should|can|may|it['’]s|is|are)\s+then\s+", r"\1 ", text, flags=re.I
    )
    # ("propose a day trip (destination, date, cost per pupil)": a bracket splits nothing)
    masked = re.sub(r"\([^()]*\)", lambda m: m.group(0).replace(",", "\0"), text)
    # ("sorting every item into sell, donate, recycle or tip": what it sorts into)
    masked = re.sub(
        r"\b(?:into|as|between)\s+[\w-]+(?:,\s*[\w-]+)+,?\s+(?:or|and)\s+[\w-]+",
        lambda m: m.group(0).replace(",", "\0"),
        masked,
    )
    # ("logs species, where it was found and its weight": what it logs, one step; but
    # "..., where negotiating sends it back to the manager" goes back)
    parts = re.split(
        r",\s*(?:and\s+)?(?=[a-z])(?!where\b(?![^,;]*\bback\b))|;\s*|\band then\b|\bthen\b"
        # ("the store assistant shall retrieve the boxes and the conservator shall assess
        # each item": two doers, a step each)
        r"|\s+and\s+(?=(?:the|an?)\s+[a-z]+(?:\s+[a-z]+)?\s+(?:shall|must|will|should)\s)"
        # ("I report it and the registrar opens a claim": the same, in the present)
        r"|\s+and\s+(?=the\s+[a-z]+\s+(?!is\b|has\b|was\b)[a-z]+s\s+(?:an?|the|it|them|their)\b)",
        masked,
    )
    actions = []
    for n, part in enumerate(parts):
        part = part.replace("\0", ",").strip(" ,")
        if (
            not actions
            and n + 1 < len(parts)
            and (_SETTING.fullmatch(part) or _READY.fullmatch(part))
        ):
            # "On site, operator 1 lifts the lid", "After pumping, ...": where or after what
            # the step is done, which the flow already shows; no step of its own
            continue
        # ("the crew works room by room, sorting every item": how it works, the same step)
        # ("..., repeating until ...", "..., ending the process": where the flow goes next)
        if actions and re.match(r"repeating\s+for\s+(?:each|every|all)\b", part, re.I):
            # ("dip it in the next dye, repeating for every colour": that step repeats)
            actions[-1] = f"{actions[-1]}, {part}"
            continue
        aside = (
            actions
            and re.match(r"(?!(?:repeat|end|return|start|continu|loop|go)ing\b)[a-z]+ing\s", part)
            and not re.match(r"\w+ing\s", actions[-1], re.I)
        )
        lasts = re.match(r"which\s+((?:\w+\s+)?(?:takes?|lasts?)\s+.+)$", part, re.I)
        if actions and lasts:
            # ("we bake the sponge, which takes two days, and ...": how long, no step)
            actions[-1] = f"{actions[-1]} ({lasts.group(1)})"
            continue
        if actions and part and (aside or not _says_a_doing(part)):
            # ("submits an application with the street name, date, times and a contact
            # person", "..., letting each colour dry": the list or the aside goes on)
            actions[-1] = _action_text(f"{actions[-1]}, {part}")
            continue
        part = _action_text(part)
        if len(part) >= 3:
            actions.append(part)
    return actions or [_action_text(text)]


_SETTING = re.compile(
    # ("At our giant pumpkin weigh-off, each grower checks in": where, no step)
    r"(?:on|at|in|after|before|during|upon)\s+(?:the\s+|an?\s+|our\s+)?[a-z-]+(?:\s+[a-z-]+){0,2}",
    re.I,
)
# ("once dry, wax the parts ...": when the step is done, which the flow already shows)
_READY = re.compile(
    r"(?:once|when)\s+(?:it\s+is\s+|it['’]s\s+|they\s+are\s+|they['’]re\s+)?"
    r"(?:fully\s+|completely\s+)?[a-z]+",
    re.I,
)
_SUBJECT_WORDS = frozenset(
    "i we he she they it you the a an our their his her its each every all this".split()
)
_OBJECT_OPENERS = frozenset(
    "the a an it them every each all its their his her our my your this these those up out"
    " down off back".split()
)
_CONDITION_OPENERS = frozenset(
    "if when once while after before unless otherwise else until as".split()
)


def _says_a_doing(part: str) -> bool:
    """Whether a piece of a step says something done ("print the labels", "the clerk files
    it"), not a list item or an aside ("date", "at least six weeks before the event")."""
    words = re.findall(r"[a-z']+", part.lower())
    if not words or words[0] in _CONDITION_OPENERS | {"who", "which", "that"}:
        return True  # (a condition or a relative clause is read as one elsewhere)
    first = words[1] if words[0].endswith("ly") and len(words) > 1 else words[0]
    if first in lx.VERBS or first in lx.HANDWORK_VERBS or verb_base(first) is not None:
        return True
    if (
        first not in lx.FUNCTION_WORDS
        and len(words) > 1
        and (words[1] in _OBJECT_OPENERS or words[1] in lx.PREPOSITIONS)
    ):
        # ("photograph every damaged area", "work through every unit": a verb, unknown)
        return True
    if any(w in lx.AUXILIARIES or (verb_base(w) and w.endswith("s")) for w in words[1:6]):
        return True  # ("ones that still show stains are sent back", "payroll pays it")
    # ("HR screens the CVs": a doer, then a verb the lexicon does not know, then its object)
    return any(
        w.endswith("s") and w not in lx.FUNCTION_WORDS and nxt in _OBJECT_OPENERS
        for w, nxt in zip(words[1:5], words[2:6], strict=False)
    ) or (words[0] in _SUBJECT_WORDS and any(verb_base(w) for w in words[1:5]))


def _action_text(text: str) -> str:
    text = re.sub(
        r"^\s*(?:and|then|first|finally|next|also|either way|in any case|in both cases),?\s+",
        "",
        text.strip(" .,;"),
        flags=re.I,
    )
    # ("you fill in the form": the reader's step, as a how-to says it)
    mine = re.match(r"^(?:I|[Ww]e|[Yy]ou)\s+([a-z]+)\s+\w", text)
    if (
        mine
        and verb_base(mine.group(1)) in (None, mine.group(1))
        and mine.group(1) not in lx.FUNCTION_WORDS
        and not mine.group(1).endswith(("ed", "ing"))
        and mine.group(1) not in ("want", "need", "like", "wish", "hope", "have", "am")
    ):
        text = text[mine.start(1) :]  # ("I clamp the bar": the writer's step, said as one)
    wanted = re.match(r"^to\s+([a-z]+)\s+\w", text, re.I)
    if wanted and wanted.group(1) not in lx.FUNCTION_WORDS:
        text = text[3:].lstrip()  # ("..., and if there's no reply, to phone both contacts")
    if len(text) > 100:
        # A long step is cut at a word, never inside one.
        text = text[:100].rsplit(" ", 1)[0] + " ..."
    return text[:1].upper() + text[1:]


def _lane(text: str, resolve, analysis: Analysis, last: bool = False) -> str:
    """The lane of the party the text names first (or last); none for a step said as a bare
    verb ("Book the coach": the coach is what is booked, not who books it)."""
    verb = text.split()[0] if text.split() else ""
    if not last and verb[:1].isupper() and verb_base(verb) == verb.lower() and " " in text:
        if verb.lower() not in lx.PERSON_WORDS:
            return ""
    # ("the nurse checks the donor's pulse": the nurse, named first; "donor's" is one word)
    words = re.findall(r"[a-z]+", re.sub(r"['’]s\b", "", text.lower()))
    found_at: list[tuple[int, str]] = []
    for i in range(len(words)):
        for size in (3, 2, 1):
            if i + size > len(words):
                continue
            found = resolve("".join(words[i : i + size]))
            if found is not None and _takes_steps(found):
                if not last:
                    return _name(found, "activity")
                found_at.append((i + size, _name(found, "activity")))
    return max(found_at)[1] if found_at else ""


# Organisations that take part in what a scenario describes, as its people do.
_ORGANISATION_HEADS = {
    "restaurant",
    "supplier",
    "vendor",
    "partner",
    "hotel",
    "airline",
    # ("our partner vet clinic updates vaccination records directly")
    "clinic",
    "hospital",
    "pharmacy",
    "bank",
    "insurer",
    "laboratory",
    "lab",
    "agency",
}
# Groups that take steps of a workflow as people do: "the finance department approves it".
_TEAM_HEADS = {"department", "team", "office", "committee", "board", "desk", "unit"}


# Departments named by what they do ("IT sets up the laptop", "the kitchen prepares the food").
_DEPARTMENTS = frozenset(
    "it hr facilities facility payroll finance legal procurement marketing sales security"
    " operations accounting compliance logistics engineering reception housekeeping"
    " maintenance kitchen bar warehouse pharmacy lab laboratory dispatch shipping billing"
    " admissions".split()
)


_DOER_SHALL = re.compile(
    r"(?:^|,\s+)(?:the|a|an)\s+([a-z]+(?:\s+[a-z]+)?)\s+(?:shall|will|must|should)\s+[a-z]+"
)


def _takes_steps(cand: Candidate, acts: bool = False) -> bool:
    return cand.role == "actor" or (
        (cand.subject > 0 or acts)
        and (
            cand.head in _TEAM_HEADS
            or (cand.words == 1 and cand.key in _DEPARTMENTS)
            # ("The sculptor shall inspect each wax", "the mould maker shall make a mould",
            # "the patineur applies the patina": a trade's name does the step)
            or singular(cand.head.lower()) in lx.PERSON_WORDS
            or (
                cand.head.lower().endswith(_TRADE_ENDINGS)
                and cand.head.lower() not in _DEVICE_NAMES
            )
        )
    )


_TRADE_ENDINGS = (
    "ist", "ian", "eur", "maker", "keeper", "worker", "builder", "writer", "smith", "wright",
    "ptor", "ctor",
)  # fmt: skip
_DEVICE_NAMES = frozenset(
    "detector projector connector reactor tractor protector selector extractor sector vector"
    " factor".split()
)


_BUILDERS = {
    "class": _class,
    "object": _object,
    "component": _component,
    "sequence": _sequence,
    "usecase": _usecase,
    "state": _state,
    "timing": _timing,
    "activity": _activity,
}
