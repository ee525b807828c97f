"""The state machine a short scenario describes, read from its wording.

A few sentences about one thing ("An online order is created as pending. When payment
succeeds it becomes paid ...") name its states with adjectives and participles ("becomes
paid", "a shipped order", "back to draft", "starts moving", "in review") and the events
between them in the clauses around ("when payment succeeds", "after ten seconds"). The
reader follows the text clause by clause, keeping the state the thing is in, so each state
found is a transition from the one before, unless the clause names its own source ("a paid
order is shipped", "in review, ...", "while it is pending or paid", "in any state").

Names are the scenario's own words, capitalised; a verb the thing undergoes is written as
its participle ("halts the elevator": Halted). Long use case texts are not read this way:
their states come from the learned planner.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from worker import lexicon as lx
from worker.analysis import (
    ARROW,
    ARROW_MARK,
    display,
    heading_line,
    letter_body,
    singular,
    user_story,
    verb_base,
)


@dataclass
class Machine:
    states: list[str] = field(default_factory=list)
    transitions: list[tuple[str, str, str]] = field(default_factory=list)  # source, target, event
    initial: str = ""
    finals: list[str] = field(default_factory=list)


NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve twenty thirty forty"
    " fifty sixty hundred thousand once twice times time first second third last".split()
)
TIME_UNITS = frozenset(
    "second seconds minute minutes hour hours day days week weeks month months year years"
    " time times".split()
)
# Words after "is" that say something other than a state: "is able to", "is required".
NOT_STATES = frozenset(
    "able used allowed required done possible responsible sent given shown made called named"
    " based stored kept set put told asked going about left".split()
)
# Verbs a thing does on its own whose result is a state: "it stops" is Stopped.
INTRANSITIVE = {
    "stops": "stopped",
    "halts": "halted",
    "pauses": "paused",
    "freezes": "frozen",
    "fails": "failed",
    "finishes": "finished",
    "expires": "expired",
    "moves": "moving",
    "waits": "waiting",
    "closes": "closed",
    "opens": "open",
    "locks": "locked",
    "unlocks": "unlocked",
    "runs": "running",
    "sleeps": "sleeping",
    "crashes": "crashed",
    "lapses": "lapsed",
}


def _base(verb: str) -> str:
    """ "expires" -> "expire", "finishes" -> "finish"."""
    return verb[:-2] if verb.endswith(("shes", "ches", "xes", "sses")) else verb[:-1]


# "it shall expire": the modal's base form is the verb of the same state ("expires")
_MODAL_INTRANSITIVE = re.compile(
    r"\b(?:shall|will|must|should|may|can|would|could)\s+(?P<base>"
    + "|".join(sorted({_base(v) for v in INTRANSITIVE}, key=len, reverse=True))
    + r")\b",
    re.I,
)
# A label does not end on these; it may end on a particle ("hang up") or a pronoun.
_DANGLING = (
    lx.DETERMINERS
    | lx.CONJUNCTIONS
    | lx.AUXILIARIES
    | frozenset("to of for with from by at into as than while when if".split())
)
_PROCESS_WORDS = frozenset("workflow process lifecycle life cycle flow states state".split())
_MODALS = frozenset("can could may might must will would should shall be been being".split())
_SKIP_BEFORE_VERB = _MODALS | frozenset(
    # ("the match to become finished": the match becomes finished)
    "then again also now automatically immediately either still only first finally to".split()
)
_LEADING = frozenset("and or but either then so otherwise".split())
# "in any state", "at any point before delivery", "at any time": from every state so far.
_ANY_STATE = re.compile(
    r"\b(?:(?:in|from) any(?: [a-z]+)? (?:state|mode)|at any (?:point|time|moment|stage)"
    # ("can be pulled back for reanalysis at any time within ten years": when, not from where)
    r"(?!\s+(?:within|during|in the (?:next|first))\b)(?: before \w+)?"
    r"|anytime)\b"
    # "in any state except rented"
    r"(?:\s+(?:except|but)(?: for)?(?: when)?(?: it is)?\s+(?P<but>[a-z][a-z-]*))?"
)
_EMPTY_EVENTS = frozenset("where which that when then and so as there it".split())
_CONDITION = re.compile(r"^(?:when(?:ever)?|if|once|as soon as)(?:\s+|$)")
_NEGATION = re.compile(r"\b(?:not|cannot|can't|never|no longer|no more)\b")
_FINAL = re.compile(
    r"\b(?:cannot|can't|can not|never|no longer)\s+(?:be\s+)?(?:change|changed|move|leave|"
    r"left|edited|modified)|\bany more\b|\banymore\b|\b(?:is|are|to be) final\b"
    # ("Refused is the end for that lot", "..., which ends its life")
    r"|\b(?:is|are) the end\b|\bwhich ends (?:its|their|the) (?:life|lifecycle|journey|process)\b"
)

# Matchers, in priority order: a later one is ignored where an earlier one matched.
_CREATED = re.compile(
    # ("A smoke alarm sits in Normal": where it rests until something happens)
    r"\b(?:is\s+|are\s+)?(?:created|starts?|begins?|starts? out|arrives?|sits?|rests?)"
    r"\s+(?:as|in)\s+"
    r"(?:the\s+|an?\s+)?(?:state\s+)?(?P<w>[a-z][a-z-]+)"
    # "A traffic light starts red", "is initially locked"
    # (not "hit the start switch": a switch)
    r"|\b(?<!the )(?<!a )(?:starts?|begins?)\s+(?:out\s+)?(?P<bare>(?![a-z]+ing\b)[a-z][a-z-]+)\s*$"
    r"|\b(?:is|are)\s+initially\s+(?P<initially>[a-z][a-z-]+)"
)
_FOR = re.compile(r"\b(?:submitted|sent|put|passed|handed)\s+for\s+(?P<w>[a-z][a-z-]+)")
_TO = re.compile(
    r"\b(?:back\s+(?:to|into)|returns?\s+to|go(?:es)?\s+(?:back\s+)?(?:in)?to"
    r"|moves?\s+(?:back\s+)?(?:in)?to"
    r"|changes?\s+(?:back\s+)?to|switch(?:es)?\s+(?:back\s+)?to|turns?\s+(?:back\s+)?to"
    r"|transitions?\s+(?:back\s+)?to|marked\s+as|set\s+to"
    # ("B Analysis ends in Closed - Positive if it confirms the A result")
    r"|ends?\s+(?:up\s+)?in|results?\s+in"
    r"|flagged\s+as)\s+(?P<the>the\s+)?(?:state\s+)?(?P<w>(?:in\s+)?[a-z][a-z-]+)"
)
_COPULA = re.compile(
    r"\b(?:is|are|be|becomes?|become|gets?|stays?|stay|remains?|waits?|sits?|turns?)\s+"
    r"(?:again\s+|now\s+|then\s+|still\s+|back\s+|as\s+)?"
    # "stay in the lobby state" is Lobby
    # ("becomes on loan", "is on hold": a state named with "on")
    r"(?:in\s+the\s+(?P<named>[a-z][a-z-]+)\s+state\b|(?P<w>(?:in|on)\s+[a-z][a-z-]+|[a-z][a-z-]+))"
)
_SWITCHED = re.compile(
    r"\b(?:is|are|turns?|switch(?:es)?)\s+(?:(?:it|them|the\s+[a-z]+)\s+)?(?P<w>on|off)\b"
    # (not "is on-loan", a state of its own)
    r"(?!-)(?!\s+(?:the|a|an|its|their)\b)"
)
# "the driver marks it delivered", "flags the order as suspicious"
_MARKS = re.compile(
    r"\b(?:marks?|sets?|flags?)\s+(?:it|them|(?:the|an?)\s+(?:(?P<adj>[a-z]+)\s+)?"
    r"(?P<o>[a-z]+))\s+(?:as\s+)?(?P<w>[a-z][a-z-]+(?:\s+(?:in|out)\b)?)"
)
# "my booking to be held as tentative", "is logged as open": the state it is kept in.
_HELD_AS = re.compile(
    r"\b(?:held|kept|placed|stored|saved|opened|registered|listed|logged|recorded|filed|"
    r"classified|treated|booked)\s+as\s+(?P<w>[a-z][a-z-]+)"
    # ("everything pauses - call it Holding -")
    r"|\b(?:let's\s+)?call\s+(?:it|this|that)\s+(?P<called>[a-z][a-z-]+)(?=\s*(?:[-,;)]|$))"
)
# Participles of being taken somewhere: "is moved into Brining" names no state "Moved".
_TAKEN = frozenset("moved sent taken transferred brought put passed handed".split())
# "becomes a no-show"
_BECOMES_A = re.compile(r"\b(?:becomes?|turns? into)\s+an?\s+(?P<w>[a-z][a-z-]+)")
# Participles a state may be named by that do not end in -ed or -en ("marks it lost").
_IRREGULAR_PARTICIPLES = frozenset("lost found sold paid held sent shut built kept stuck".split())
# "housekeeping moves a dirty room to cleaning": the thing is the object that moves.
_MOVES = re.compile(
    r"\b(?:moves?|sends?|puts?|returns?|brings?)\s+(?P<o>it|them|(?:the|an?|each|every)\s+"
    r"(?:[a-z]+\s+)?[a-z]+)\s+(?:(?:back|straight|directly|immediately)\s+)?(?:in)?to\s+"
    r"(?P<the>the\s+|an?\s+)?(?P<w>[a-z][a-z-]+)"
)
# "the light blinks yellow": a state named by how it looks, Blinking Yellow.
_SHOWS = re.compile(
    r"\b(?P<v>blink|flash|glow)(?:s|es)?\s+(?P<w>[a-z]+)\b(?!\s+(?:light|lamp|led)\b)"
)
_STARTS = re.compile(r"\b(?:starts?|begins?|keeps?|continues?)\s+(?P<w>[a-z]+ing)\b")
# "cancel from Active, Past Due or Suspended"
_FROM_SEVERAL = re.compile(
    r"\b(?P<verb>[a-z]+)\s+(?:it\s+|them\s+)?from\s+(?P<list>[a-z][a-z -]*(?:,\s*[a-z][a-z -]*)*"
    r",?\s+or\s+[a-z][a-z-]*(?:\s+[a-z][a-z-]*)?)(?=\s*[;,.]|\s*$)"
)
# "the negotiator can cancel it from Awaiting Payment": from that one state
_CANCEL_FROM = re.compile(
    r"\b(?P<verb>cancel|withdraw|void|reject|suspend|archive)s?\s+(?:it\s+|them\s+)?from\s+"
    r"(?P<list>[a-z][a-z-]*)(?=\s*[;,.]|\s*$)"
)
# Between two states that are alternatives: "approved or rejected", "A, B or C".
# "(from on-hire or overdue)": the states a sentence's ways leave
_FROM_BRACKET = re.compile(r"\s*\(from\s+([a-z-]+(?:\s*(?:,|\bor\b|\band\b)\s*[a-z-]+)+)\)")
# "leave storm-stop for idling", "return from generating or curtailed to idling"
_LEAVE_FOR = re.compile(
    r"\b(?:leaves?|(?:returns?|go(?:es)?|moves?|switch(?:es)?)\s+(?:back\s+)?from)\s+"
    r"(?P<list>[a-z-]+(?:\s*,\s*[a-z-]+)*(?:\s*,?\s+or\s+[a-z-]+)?)\s+(?:for|to)\s+(?P<to>[a-z-]+)\b"
)
# "during opening or closing", "while open, closed or stopped": the states a clause's ways leave
_DURING_SEVERAL = re.compile(
    r"\s*\b(?:during|while(?:\s+(?:it|they)\s+(?:is|are))?(?:\s+in)?)\s+"
    r"([a-z-]+(?:\s*,\s*[a-z-]+)*\s*,?\s+or\s+[a-z-]+)\b"
)
_OR = re.compile(r"\s*(?:,\s*)?(?:or|either)?\s*(?:either\s+)?")
_ALONE = re.compile(
    r"\b(?P<w>" + "|".join(INTRANSITIVE) + r")\b"
    # ("moves from Protected to Return Requested": where it goes, no "Moving")
    r"(?!\s+(?:its|the|a|an|their|his|her|to|into|for|on|at|with|from"
    r"|(?:it|them)\s+(?:back\s+)?(?:in)?to|(?:it|them)\s+from"
    # ("it stops and goes to Fault": what it does on the way there)
    r"|and\s+(?:then\s+)?(?:goes|moves|switches)\s+(?:straight\s+)?(?:in)?to)\b)"
)


def read_machine(scenario: str) -> Machine | None:
    """The states and transitions the scenario describes, or None when fewer than two states
    with a transition between them are read."""
    noted = read_arrows(scenario)
    if noted is not None:
        return noted
    # ("Hi Lukas, ... Here's how I see it. ... Thanks! Ewa": the letter around the text names
    # no state)
    scenario = letter_body(scenario)
    # Split here rather than take the analysis' sentences: a ";" joins alternatives that
    # leave the same state ("when payment succeeds it becomes paid; if it fails ...").
    # ("1. Each bottle ...": a requirement's number ends no sentence)
    sentences = [
        s
        for s in re.split(r"(?<=[.!?])(?<!\b\d\.)(?<!\b\d\d\.)\s+|\n+", scenario.strip())
        if s.strip()
    ]
    # "- The thermostat shall ...": a list's bullets and numbers are not words of the text.
    sentences = [re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", s) for s in sentences]
    # "As an agent, I want to move a ticket to ...": what the story asks for is the text.
    sentences = [
        re.sub(r"^to\s+", "", story[1], flags=re.I) if (story := user_story(s)) else s
        for s in sentences
    ]
    # ("I want the order to become In Production when ...", "an Arrived order to go to In
    # Alterations after ...": what the order does)
    sentences = [_WANTED_TO.sub(_wanted, s) for s in sentences]
    sentences = [re.sub(r"\b(it|that|she|he)['’]s\b", r"\1 is", s, flags=re.I) for s in sentences]
    sentences = [_MODAL_INTRANSITIVE.sub(_third_person, s) for s in sentences]
    # "... so that resources are freed": why it is wanted, not what happens.
    sentences = [re.split(r",?\s+so that\b", s, flags=re.I)[0] for s in sentences]
    # "... becomes In Transit", "moves it to Waiting on Customer": states the text writes
    # with capitals are read as one word each, and keep their spelling.
    # ("Set lifecycle - BrickBox (Lego set rental by post)" above the text: a heading, which may
    # name the thing but names none of its states)
    headed = bool(heading_line(scenario)) and len(sentences) > 2
    spelled = _capitalised_states(sentences[1:] if headed else sentences)
    if len(spelled) >= 2:
        # ("a job in Awaiting Parts to become Scheduled": read again once the state is a word)
        sentences = [_WANTED_TO.sub(_wanted, _joined(s, spelled)) for s in sentences]
        # ("it has to go straight to Fault: burners off, fans keep running", "it switches to
        # Cooling: burners off, ..., until ...": what it does there, not where it goes)
        tokens = "|".join(re.escape(t) for t in spelled)
        # ("The status of a Lost, Predated or Flooded nest shall never change again": they
        # are final, and no way reaches the first of them here)
        sentences = [
            re.sub(
                rf"^(?:the (?:status|state) of )?(?:an?|the|each|every|any) "
                rf"((?:{tokens})(?:, (?:{tokens}))*,? (?:or|and) (?:{tokens})) .*$",
                lambda m: " and ".join(re.split(r",?\s+(?:or|and)\s+|,\s*", m[1])) + " are final.",
                s,
                flags=re.I,
            )
            if _FINAL.search(s.lower())
            else s
            for s in sentences
        ]
        # ("A Relocated or In Situ nest shall become Incubating": from either)
        sentences = [
            re.sub(
                rf"^(?:an?|the|each|every|any) ((?:{tokens})(?:, (?:{tokens}))* or (?:{tokens})) "
                r"(?=[a-z]+ (?:shall|will|must|can|may|is|are|becomes?|goes|moves)\b)",
                r"During \1, the ",
                s,
                flags=re.I,
            )
            for s in sentences
        ]
        # ("Fault shall only be left by a technician reset, after which ...": from Fault)
        sentences = [
            re.sub(
                rf"^({tokens}) (?:shall|will|can|may|must) (?:only )?be left\b,?\s*",
                r"From \1, ",
                s,
                flags=re.I,
            )
            for s in sentences
        ]
        # ("a safety chain fault (overspeed, vibration, nacelle fire) shall move it ...": a
        # bracket that lists no state says what the event is, and is no clause of its own)
        sentences = [
            re.sub(
                r"\s*\(([^()]*,[^()]*)\)",
                lambda m: "" if not re.search(rf"(?<![\w-])(?:{tokens})(?![\w-])", m[1]) else m[0],
                s,
            )
            for s in sentences
        ]
        sentences = [
            re.sub(rf"(?<![\w-])((?:to|into) (?:{tokens})):\s[^;]*?(?=,?\s+until\b|$)", r"\1", s)
            for s in sentences
        ]
    else:
        spelled = {}
    heading = sentences[0] if headed else None
    listed, sentences = _listed_states(sentences)
    if heading is not None and sentences and sentences[0] == heading:
        # ("... - scooter status rules": what the heading calls the text is not the thing)
        sentences = sentences[1:]
    thing = _thing(sentences) if sentences else ""
    if not thing:
        return None
    opening = _words(sentences[0])
    name_words = set(opening[: opening.index(thing)]) if thing in opening else set()
    text = " ".join(sentences).lower()
    # A first reading finds the state words, so that the second knows "green" in "green
    # becomes yellow" or "draft" in "a draft can be submitted" is a state, not an actor.
    first = _Reader(text, thing, set(spelled) | set(listed), name_words, spelled)
    first.chain(listed)
    first = first.read(sentences)
    known = {s.lower() for s in first.states} | set(spelled) | set(listed)
    reader = _Reader(text, thing, known, name_words, spelled)
    reader.chain(listed)
    machine = reader.read(sentences)
    if len(machine.states) < 2 or not machine.transitions or not reader.worded:
        # A text whose only "states" are verbs done to something ("inserts a bank card")
        # tells steps, not states.
        return None
    if len(spelled) >= 4:
        machine = _only_spelled(machine, set(spelled))
    return machine


def _only_spelled(machine: Machine, spelled: set[str]) -> Machine:
    """A machine whose text spells four or more states with capitals ("the iron sits Down",
    "goes into Emergency Drop"), with only those and its ends: what else was read on the way
    ("a fault is detected, it stops and goes to Fault") is passed through, its way in joined
    to its way out."""
    # (but "Withdrawn", reached from every state, is one the text names all the same, and so
    # is an end it reads from a verb: "reject it", "it shall expire")
    dropped = [
        s
        for s in machine.states
        if _token(s) not in spelled
        and len({t[0] for t in machine.transitions if t[1] == s}) < 3
        and any(t[0] == s and t[1] != s for t in machine.transitions)
    ]
    if not dropped or len(machine.states) - len(dropped) < 3:
        return machine
    transitions = list(machine.transitions)
    initial = machine.initial
    for state in dropped:
        into = [t for t in transitions if t[1] == state and t[0] != state]
        out = [t for t in transitions if t[0] == state and t[1] != state]
        transitions = [t for t in transitions if state not in t[:2]]
        for source, _, event in into:
            for _, target, then in out:
                if source != target and not any(t[:2] == (source, target) for t in transitions):
                    transitions.append((source, target, event or then))
        if initial == state:
            initial = out[0][1] if out else ""
    kept = [s for s in machine.states if s not in dropped]
    return Machine(
        kept,
        transitions,
        initial if initial in kept else (kept[0] if kept else ""),
        [f for f in machine.finals if f in kept],
    )


_WANTED_TO = re.compile(
    # ("ready-for-collection to become Closed": a state written with capitals, joined)
    r"^((?:the|an?|my|our|each|every|any)\s+(?:[\w-]+\s+){0,2}?[\w-]+|it|[a-z]+(?:-[a-z]+)+)"
    # ("a Growing fragment that is pale over a third of it to move to Bleached", "... with
    # snail damage to go to Quarantine": what is said of it stays)
    r"((?:\s+(?:that|which|with|whose)\s+[^,;]+?)?)"
    r"\s+to\s+"
    # ("my booking to be held as tentative" is read as it stands)
    r"(become|go|move|return|send|be(?!\s+[a-z]+\s+as\b))\b",
    re.I,
)


def _wanted(match: re.Match) -> str:
    verb = match.group(3).lower()
    said = {"go": "goes", "be": "is"}.get(verb, verb + "s")
    return f"{match.group(1)}{match.group(2)} {said}"


_GOES = {"go": "goes", "become": "becomes", "move": "moves"}
_STAY = re.compile(r"^(?:stays?|remains?)\s+(?:in\s+)?")
# States nothing goes on from: the next sentence's step leaves the state before them.
_DEAD_ENDS = frozenset("expired lapsed crashed withdrawn discarded destroyed scrapped".split())

# "the states of a washing machine: idle, filling, washing and done"
_STATE_LIST = re.compile(
    r"\bstates\b[^:,.;]{0,40}?(?::|\bare\b)\s*(?P<list>[a-z][a-z -]*(?:,\s*[a-z][a-z -]*)+,?"
    r"\s+and\s+[a-z][a-z-]*(?:\s[a-z-]+)?)(?=\s*[,.;]|\s*$)",
    re.I,
)


def _third_person(match: re.Match) -> str:
    """ "shall expire" -> "expires", as INTRANSITIVE knows it."""
    base = match.group("base").lower()
    return next(verb for verb in INTRANSITIVE if _base(verb) == base)


def _listed_states(sentences: list[str]) -> tuple[list[str], list[str]]:
    """States a sentence lists in order, and the sentences without that list."""
    for i, sentence in enumerate(sentences):
        match = _STATE_LIST.search(sentence)
        if not match:
            continue
        states = [
            w.strip().lower() for w in re.split(r",\s*(?:and\s+)?|\s+and\s+", match.group("list"))
        ]
        if len(states) < 3 or any(not w or len(w.split()) > 3 for w in states):
            continue
        rest = sentence[: match.start("list")].rstrip(" :") + sentence[match.end("list") :]
        return states, sentences[:i] + [rest] + sentences[i + 1 :]
    return [], sentences


def read_arrows(scenario: str) -> Machine | None:
    """Terse notes that write transitions with arrows: "Lamp: off by default; press -> on;
    hold 3 s in on -> dimmed; timeout -> off". Each "event -> state" leaves the state named
    after "in" on its left, else the one reached last; "X by default" is where it starts."""
    # Segments end at ";", a line or a sentence, and at a comma before another arrow.
    # ("escalator E3 (ground -> level 1) - states": an arrow in the title names no transition)
    # ("new keg arrives -> 'Dirty'": the quotes only mark the state's name; "'abort' button"
    # names a button, and keeps them)
    scenario = re.sub(
        r"(?:^|(?<=[>→=\n])|(?<=[>→=*•-]\s))['‘\"“]([A-Za-z][^'‘’\"“”\n]{0,30}?)['’\"”](?![\w'])",
        r"\1",
        scenario,
    )
    title, newline, rest = scenario.partition("\n")
    if newline and not re.match(r"\s*[-*•]", title):
        scenario = re.sub(rf"\([^()]*{ARROW_MARK}[^()]*\)", "", title) + newline + rest
    # ("maturing -> regauge -> maturing (customs check, leak found -> leaking)": the arrow in
    # the bracket is a way out of the state the line reaches)
    scenario = re.sub(rf"\(([^()\n]*?),\s*([^()\n,]*{ARROW_MARK}[^()\n]*)\)", r"(\1); \2", scenario)
    if len(ARROW.findall(scenario)) >= 2:
        # ("filled + on base = ready": what happens, then the state it leads to; "when
        # chamber < 80C AND pressure = atmospheric" compares)
        scenario = _LEADS_TO.sub(
            lambda m: m[0] if _COMPARED.search(_line_before(m)) else " -> ", scenario
        )
    # Each segment with whether it goes on the line of the one before ("Washing -> Clean if
    # ok; -> Dirty if the washer aborts": an arrow with nothing on its left leaves the same
    # state as the one before it on that line).
    lined = [
        (re.sub(r"^[-*•]\s+", "", seg.strip(" .")), i > 0)  # ("- draft -> issued": a bullet)
        for line in scenario.split("\n")
        # ("pump trip (motor overtemp, oil low) -> fault": not at a comma in a bracket)
        for i, seg in enumerate(
            s
            for s in re.split(rf"[;]|\.\s|,\s+(?![^(\n]*\))(?=[^,;.\n]*{ARROW_MARK})", line)
            if s.strip(" .")
        )
    ]
    segments = [seg for seg, _ in lined]
    if sum(bool(ARROW.search(seg)) for seg in segments) < 2:
        return None
    machine = Machine()

    def add(name: str) -> str:
        name = display(name.split())
        if name not in machine.states:
            machine.states.append(name)
        return name

    # States the notes reach somewhere: a left side that is one of them is a state, not an
    # event ("queued -> heating" when "error -> queued" comes later).
    reached = {
        _state_and_event(choice)[0]
        for seg in segments
        for part in ARROW.split(seg.lower())[1:]
        for choice in _CHOICE.split(_unbracketed(part))
    }
    # A short left side the notes leave by more than one arrow ("draft -> issued ...",
    # "draft -> deleted") is a state too, however it is reached.
    lefts = Counter(ARROW.split(seg.lower())[0].strip() for seg in segments if ARROW.search(seg))
    reached |= {left for left, n in lefts.items() if n > 1 and 0 < len(left.split()) <= 2}
    # ("open/draft/approved -> closed": where one choice on the left is a state, all are)
    for left in lefts:
        choices = [c.strip() for c in _CHOICE.split(left)]
        if len(choices) > 1 and any(c in reached for c in choices):
            reached |= {c for c in choices if 0 < len(c.split()) <= 3}
    current = ""
    # the first transition the segment before this one made on its line, if on this line
    line_made = made_here = 0
    for seg, same_line in lined:
        scope: list[str] = []
        line_made = made_here if same_line else len(machine.transitions)
        made_here = len(machine.transitions)
        if not ARROW.search(seg) and display(seg.lower().split()) in machine.states:
            # ("At Customer, no scan > 120 days -> Missing": the state the arrow leaves)
            current = display(seg.lower().split())
            continue
        if _HEAD_COLON.search(ARROW.split(seg)[0]):
            head, seg = _HEAD_COLON.split(seg, maxsplit=1)
            seg = seg.strip()
            anytime = re.match(
                r"(?:at\s+)?any\s*(?:time|point|moment)\b(.*)$", head.strip().lower()
            )
            # "anywhere while heating/printing: thermal runaway -> error"
            scope_match = re.search(r"\bwhile\s+([a-z][\w /,-]*)$", head.lower())
            # ("any Search mode: no motion 60 s -> Send", "any mode: switch OFF -> Off")
            any_mode = re.fullmatch(
                r"(?:from\s+|in\s+)?any\s+(?:([a-z]+)\s+)?(?:mode|state|status)s?",
                head.strip().lower(),
            )
            if any_mode and any_mode[1] and any_mode[1] != "other":
                scope = [x.lower() for x in machine.states if any_mode[1] in x.lower().split()]
            elif any_mode:
                scope = [x.lower() for x in machine.states]
            elif anytime:
                # ("any time (not once Written Off / Scrapped): damage found -> Repair")
                but = {
                    w.strip()
                    for w in re.split(r"[/,()]|\b(?:or|once|not|before|except|but)\b", anytime[1])
                }
                scope = [x.lower() for x in machine.states if x.lower() not in but]
            elif scope_match:
                scope = [w.strip() for w in re.split(r"/|,|\bor\b", scope_match.group(1))]
            elif head.strip().lower() in reached:
                scope = [head.strip().lower()]  # "offer: accepted -> hired"
            elif len(listed := _listed_in_head(head, reached)) > 1:
                scope = listed  # "heating / sterilising / drying: over-temp -> fault"
        start = re.match(
            # ("closed (initial), locked at night": what it is like there goes on)
            r"^(.+?)\s*(?:\((?:initial|start|default)(?: state)?\)(?:\s*[,;][^>]*)?"
            r"|\s(?:by default|initially|at (?:first|start)))$",
            seg,
            re.I,
        )
        if start and not ARROW.search(seg):
            machine.initial = current = add(start.group(1).lower())
            continue
        starts = re.fullmatch(
            r"(?:the\s+)?[a-z]+\s+(?:starts?|begins?)\s+(?:in\s+|as\s+)?"
            r"([A-Z][A-Z-]+(?: [A-Z-]+)*)\b.*",
            seg,
        )
        if starts and not ARROW.search(seg) and not machine.states:
            # ("line starts OFF overnight (cabins parked)": the state written in capitals)
            machine.initial = current = add(starts.group(1).lower())
            continue
        when = re.fullmatch(r"([a-z]+(?: [a-z]+)?) (?:when|while) [^>]+", seg.lower())
        if when and not ARROW.search(seg) and not machine.states:
            # "idle when empty or off the base": the first state, and when it is so
            machine.initial = current = add(when.group(1))
            continue
        then_back = re.search(
            r"\s+(?:for\s+(?P<time>[^,]+?)\s+)?then\s+(?:goes\s+)?back\s+to\s+"
            r"(?P<state>[a-z][\w ]*)$",
            seg.lower(),
        )
        if then_back and ARROW.search(seg[: then_back.start()]):
            # "hits target temp -> keep warm for 30 min then back to idle": the state, and
            # the way back after that time
            seg = seg[: then_back.start()]
            back_to = (
                then_back["state"].strip(),
                f"after {then_back['time']}" if then_back["time"] else "",
            )
        else:
            back_to = None
        chain = [part.strip().lower() for part in ARROW.split(seg)]
        for k in range(len(chain) - 2, 0, -1):
            if chain[k] not in reached and re.match(
                r"(?:after|when|if|once|on|within)\s", chain[k]
            ):
                # ("group check -> after 30 s or button -> send": the event between two states)
                chain[k : k + 2] = [f"{chain[k + 1]} ({chain[k]})"]
        if chain[0] in ("else", "otherwise") and len(chain) == 2 and machine.transitions:
            # ("self check -> idle if sensors ok, else -> fault": the other way out of the
            # state the last arrow left)
            target = _state_and_event(chain[1])[0]
            if target:
                machine.transitions.append((machine.transitions[-1][0], add(target), "else"))
            continue
        if chain[0] == "or" and len(chain) > 1 and machine.transitions:
            # ("leaking -> maturing after repairs, or -> disgorged if too bad": the same)
            chain = [machine.transitions[-1][0].lower()] + chain[1:]
        elif chain[0].startswith("or ") and len(chain) > 1 and machine.transitions:
            # "resolved -> closed after 3 days, or reopened if ... -> in progress": another
            # way out of the state the last arrow left
            chain = [machine.transitions[-1][0].lower(), chain[0][3:]] + chain[1:]
        middle = (
            [_state_and_event(c)[0] for c in _CHOICE.split(_unbracketed(chain[1]))]
            if len(chain) == 3
            else []
        )
        if (
            middle
            and all(m in reached for m in middle)
            and _state_and_event(chain[0])[0] not in reached
            # (a time or a whole event, not a first state: "new -> assigned -> ...")
            and (re.search(r"\d", chain[0]) or len(chain[0].split()) >= 3)
            and not re.search(r"\bany\b", chain[0])
        ):
            # "22:00 centre closes -> running / standby -> stopped (timer)": on that event,
            # from each of those states to the last
            target, said = _state_and_event(chain[2])
            if target:
                for each in middle:
                    machine.transitions.append((add(each), add(target), said or chain[0]))
                current = add(target)
                continue
        first = _state_and_event(chain[0])[0]
        # ("preheat / soak / reflow -> cooling": each choice a state, however many)
        either = [_state_and_event(c)[0] for c in _CHOICE.split(_unbracketed(chain[0]))]
        if len(either) > 1 and all(c in reached for c in either):
            # "issued / partially paid -> overdue when due date passes": from either state
            current = _chain(chain, machine, add) or current
            continue
        longer = next(
            (r for r in sorted(reached) if first and r != first and r.startswith(first + " ")),
            None,
        ) or next(
            # ("hold -> filled" after "... -> quality hold")
            (r for r in sorted(reached) if first and len(first) > 3 and r.endswith(" " + first)),
            None,
        )
        if (
            len(chain) == 2
            and longer
            and first not in reached
            and display(first.split()) not in machine.states
        ):
            # "onsite -> offer or rejected" after "... -> onsite interview": that state
            chain[0], first = longer, longer
        if not scope and (
            len(chain) > 2
            or (len(chain) == 2 and first and display(first.split()) in machine.states)
            or (len(chain) == 2 and first and first in reached and len(first.split()) <= 3)
        ):
            # "new -> assigned (agent picks it) -> in progress", "in progress -> resolved":
            # states in a row, each arrow's event in brackets or after "when".
            current = _chain(chain, machine, add) or current
            continue
        parts = ARROW.split(seg, maxsplit=1)
        if len(parts) != 2:
            continue
        left, right = parts[0].lower().strip(), parts[1].lower()
        first_state = re.fullmatch(r"(.+?)\s*\((?:initial|start|default)(?: state)?\)", left)
        if first_state and not machine.initial:
            # "off (initial) -> standby: plug in": where it starts, and the way out of it
            current = machine.initial = add(first_state.group(1))
            sources, event = [current], ""
        elif not left and same_line and machine.transitions:
            sources, event = [machine.transitions[-1][0]], ""
        else:
            sources, event = _arrow_sources(left, right, current, machine)
            if (
                same_line
                and sources == [current]
                and line_made < made_here
                and left not in reached
                and display(left.split()) not in machine.states
                and _other_way_of(left, machine.transitions[line_made][2])
                # ("no heartbeat -> safe hold; heartbeat back -> armed": back where it was)
                and not re.sub(r"^(?:back\s+)?to\s+", "", right.strip()).startswith(
                    machine.transitions[line_made][0].lower()
                )
            ):
                # ("any check fails -> OFF; all pass -> READY": the other way out of the state
                # the arrow before it on the line left)
                sources = [machine.transitions[line_made][0]]
        if scope:
            sources = [add(w) for w in scope if w]
        # "returning change if credit left, else idle": the target, then the other branch
        # ("light > dawn threshold -> opening (motor up)": what the state does, no part of its
        # name; "(from standby)": where from, read by _arrow_sources)
        # ("-> OFF (line closed rest of day?) Rodrigo says yes": what follows a bracket is
        # an aside)
        right = re.sub(r"^([^()]+?)\s*\([^)]*\)\s+[^>]*$", r"\1", right)
        right = re.sub(r"\s*\([^)]*\)", "", right)
        right = re.sub(r"\s+~\s*\d[^,;]*$", "", right)  # ("-> self test ~4 s": how long it takes)
        # ("-> back to OFF + maintenance ticket": the state, and what is done there)
        right = re.sub(r"^((?:back\s+to\s+)?[a-z][\w -]*?)\s+\+\s+[^,;:]*$", r"\1", right)
        # ("-> pumping 1: level above -2.10": a number ends the name; "22:00" is a time)
        named = re.match(rf"^([a-z][\w -]{{0,40}}?)(?:{_COLON})\s*(\S.*)$", right)
        if named:
            # ("-> standby: plug in / long press": the state, then what takes it there)
            right, event = named.group(1), event or named.group(2).strip()
        target = re.split(r",|\s+(?=if\b|until\b|unless\b)", right, maxsplit=1)[0].strip()
        choices = _CHOICE.split(target)
        if len(choices) > 1 and all(0 < len(c.split()) <= 4 for c in choices):
            # "screening -> rejected or phone interview": each is a way out
            for choice in choices[:-1]:
                reached_state = add(re.sub(r"^(?:back\s+)?to\s+", "", choice.strip()))
                for each in sources:
                    if each and each != reached_state:
                        machine.transitions.append((add(each.lower()), reached_state, event))
            target = choices[-1].strip()
        stays = bool(_STAY.match(target))
        target = re.sub(r"^(?:back\s+)?to\s+", "", _STAY.sub("", target))
        reverts = re.fullmatch(r"([a-z][a-z -]*?)\s+(?:back\s+)?to\s+([a-z][\w -]*)", target)
        if reverts and display(reverts[2].split()) in machine.states:
            # ("-> auto revert to Send": the state, and how it goes there)
            target, event = reverts[2], event or reverts[1]
        if display(re.sub(r"\s+again$", "", target).split()) in machine.states:
            target = re.sub(r"\s+again$", "", target)  # ("-> Dirty again if ...")
        if len(target.split()) > 4 and (first_state or same_line):
            # ("collected (initial) -> in testing when it reaches processing lab", "..., ->
            # Written Off after 1 yr")
            target, said = _state_and_event(target)
            event = event or said
        if not target or len(target.split()) > 4 or not _state_and_event(target)[0]:
            continue  # ("pause? -> NO, Tom says no pause": an answer, no state)
        target = add(target)
        if stays:
            sources = [target]  # "more coins -> stays in has credit"
        elif sources == [target] and machine.transitions:
            # "... -> off" just after reaching off: it leaves the state before.
            sources = [machine.transitions[-1][0]]
        guard = re.search(r"\bif\s+([^,]+)", right)
        label = event + (f" [{guard.group(1).strip()}]" if guard else "")
        for each in sources:
            if each and each != target or stays:
                machine.transitions.append((add(each.lower()), target, label))
        if not any(sources) and not machine.initial:
            machine.initial = target
        otherwise = re.search(r"\belse\s+([a-z][\w -]*)$", right)
        if otherwise and sources and sources[0]:
            machine.transitions.append((sources[0], add(otherwise.group(1).strip()), event))
        current = target
        if back_to is not None and display(back_to[0].split()) in machine.states:
            # (back to a state named before: "... then back to tracking" names no new one)
            machine.transitions.append((target, add(back_to[0]), back_to[1]))
    if len(machine.states) < 2 or not machine.transitions:
        return None
    machine.initial = machine.initial or machine.states[0]
    leaving = {a for a, _, _ in machine.transitions}
    machine.finals = [s for s in machine.states if s not in leaving and s != machine.initial]
    return machine


# "filled + on base = ready" in notes with arrows: an event, then the state it leads to (a
# short name before a comma, a semicolon or the end)
# ("merged = final" says it ends there; "defrost = valve reversed, fan off" what it does)
_LEADS_TO = re.compile(
    r"(?<=[\w)])\s*=\s*(?!(?:final|end|terminal|initial|start)\b)(?=[a-z]+\s*(?:[,;.\n]|$))"
)


def _listed_in_head(head: str, reached: set[str]) -> list[str]:
    """The states a note's head lists ("from warming / incubating / hatching", where
    "warming" is short for "warming up"), or [] when it names anything else."""
    listed = []
    for word in _CHOICE.split(re.sub(r"^\s*(?:from|in)\s+", "", head.lower())):
        word = word.strip()
        longer = [r for r in reached if r.startswith(word + " ")]
        if word not in reached and len(longer) == 1:
            word = longer[0]
        if word not in reached:
            return []
        listed.append(word)
    return listed


_COMPARED = re.compile(r"\b(?:when|if|and|while|until|unless)\b|[<>]", re.I)


def _line_before(match: re.Match) -> str:
    """The text of the match's line before it, after its last arrow."""
    before = match.string[: match.start()].rsplit("\n", 1)[-1]
    return re.split(r"[,;]", ARROW.split(before)[-1])[-1]


# The colon after a note's head or a state's name ("offer: accepted -> hired", "-> pumping 1:
# level above -2.10"), not a time's ("22:00 centre closes -> ...")
_COLON = r"(?<!\d):|:(?!\d)"
_HEAD_COLON = re.compile(_COLON)


def _state_and_event(part: str) -> tuple[str, str]:
    """A part of an arrow chain as (state, event): "assigned (agent picks it)" is Assigned
    reached when the agent picks it, "waiting for customer when agent asks" is reached when
    the agent asks, "closed after 3 days" after 3 days."""
    event = ""
    said = re.search(r"\(([^)]*)\)", part)
    if said:
        event, part = said.group(1).strip(), (part[: said.start()] + part[said.end() :])
    part = re.sub(r"^(?:back\s+)?to\s+|^back\s+", "", part.strip())
    # ("fault -> auto standby: operator reset on site": all after the colon is the event)
    colon = re.match(rf"^([^:]+?)(?:{_COLON})\s*(.+)$", part)
    if colon:
        part, event = colon.group(1), event or colon.group(2).strip(" '\"‘’")
    # ("fault -> off only by unplugging": Off, reached by unplugging)
    cut = re.search(
        r"\s+(?:only\s+)?(?:when|if|once|on|via)\s+(.+)$|\s+(?:only\s+)?((?:after|within)\s+.+)$"
        r"|\s+only\s+(by\s+.+)$",
        part,
    )
    if cut:
        event = event or (cut.group(1) or cut.group(2) or cut.group(3)).strip()
        part = part[: cut.start()]
    # ("open: 'ready for review'": the state, then what is done to reach it)
    colon = re.match(rf"^(.+?)(?:{_COLON})\s*(.+)$", part)
    if colon:
        part, event = colon.group(1), event or colon.group(2).strip(" '\"‘’")
    state = re.sub(r"\s+again$", "", part.strip(" .,"))  # ("-> open again": Open)
    if state.lower() in ("no", "yes", "none", "n/a", "nothing"):
        state = ""  # ("pause? -> NO, Tom says no pause": an answer, no state)
    return (state if 0 < len(state.split()) <= 4 else ""), event


# Choices of one arrow: "approved or rejected", "printing / cancelled"
_CHOICE = re.compile(r",?\s+or\s+|(?<=[a-z])\s*/\s*(?=[a-z])")  # ("open/draft/approved" too)


def _unbracketed(part: str) -> str:
    """A part without its bracket, which says when ("heating (when printer free)")."""
    return re.sub(r"\s*\([^)]*\)", "", part)


# "in any state", "anywhere": every state
_ANYWHERE = re.compile(r"\s*\b(?:(?:from|in) )?any(?: [a-z]+)? state\b|\banywhere\b")


def _any_of(part: str, machine: Machine) -> list[str]:
    """ "any pumping", "any auto state": the states whose names hold that word, if any do."""
    said = re.fullmatch(r"(?:from |in )?any ([a-z]+)(?: states?)?", part.strip())
    if said is None or said.group(1) == "state":
        return []
    return [s for s in machine.states if said.group(1) in s.lower().split()]


def _chain(parts: list[str], machine: Machine, add) -> str:
    """Transitions along "a -> b -> c" (a part ", or d if ..." is another way out of the state
    before it); the state reached last."""
    sources: list[str] = []
    for i, part in enumerate(parts[1:-1], start=1):
        colon = re.match(rf"^([^:]+?)(?:{_COLON})\s*\S", _unbracketed(part))
        # (not "pregnancy scan at day 28: positive -> in pig", an event and its outcome)
        if colon and _state_and_event(colon.group(1))[0]:
            # ("-> outlet blocked: water too high -> pumps stop, doors closed": after the
            # event, what is done on the way, no state)
            parts = parts[:i] + [f"{part} / {' -> '.join(parts[i + 1 :])}"]
            break
    for part in parts:
        if not sources and (some := _any_of(part, machine)):
            sources = some  # ("any pumping -> auto standby", "any auto state -> ...")
            continue
        if not sources and _ANYWHERE.fullmatch(part.strip()):
            # ("any state -> contaminated": from every state named so far)
            sources = list(machine.states)
            continue
        reached = []
        # "steaming when steam knob opened, back to ready when closed": and the way back
        back = re.search(r",\s*(?:and\s+)?(?:goes\s+)?back to\s+(.+)$", part)
        part = part[: back.start()] if back else part
        said = re.search(r"\(([^)]*)\)", part)
        bracketed = said.group(1).strip() if said else ""
        if bracketed.lower() in ("final", "end", "terminal"):
            bracketed = ""  # ("-> discarded (final)": where it ends, no event)
        plain = _unbracketed(part)
        # ("fault on thermocouple open, temp > 260c or door opened": the "or" is in the
        # event; only the states before it are choices)
        said_when = re.search(r"\s+(?:only\s+)?(?:when|if|once|on|via|after|within)\s", plain)
        head, tail = (
            (plain[: said_when.start()], plain[said_when.start() :]) if said_when else (plain, "")
        )
        colon = re.match(rf"^(.+?)(?:{_COLON})\s*(.+)$", head)
        if colon:
            # ("standby: plug in / long press": the event's choices are no states)
            head, tail = colon.group(1), f": {colon.group(2)}{tail}"
        choices = _CHOICE.split(head)
        # ("idle or moving if more calls": the event is the last choice's)
        for choice in choices[:-1] + [choices[-1] + tail]:
            state, event = _state_and_event(choice)
            at = re.match(r"^(.+?)\s+at\s+(.+)$", state)
            if at and display(at.group(1).split()) in machine.states:
                # "closing -> closed at bottom limit": Closed, reached at the bottom limit
                state, event = at.group(1), event or at.group(2)
            # "printing (resume) / cancelled": the bracket is the first choice's event
            if bracketed and not event and not reached:
                event = bracketed
            if not state:
                continue
            target = add(state)
            for source in sources:
                if source != target:
                    machine.transitions.append((source, target, event))
            reached.append(target)
        if back and reached:
            state, event = _state_and_event(back.group(1))
            if state:
                machine.transitions.append((reached[-1], add(state), event))
        if not machine.initial and not sources and reached:
            machine.initial = reached[0]
        # (the first part's choices are each left: "issued / partially paid -> overdue")
        sources = (reached if not sources else reached[-1:]) if reached else sources
    return sources[-1] if sources else ""


def _arrow_sources(left: str, right: str, current: str, machine: Machine) -> tuple[list[str], str]:
    """The states an arrow leaves, and its event: "cancel in has credit" leaves Has Credit,
    "dispensing done" leaves Dispensing, "-> Paused (from Heating or Cooling)" leaves both,
    "sensor error anywhere" leaves every state; else the state reached last."""
    # ("lifted off base while heating -> paused": while in Heating)
    inside = re.search(r"\s+(?:in|while)\s+([a-z][\w -]*?)$", left)
    if inside and display(inside.group(1).split()) in machine.states:
        return [display(inside.group(1).split())], left[: inside.start()]
    origin = re.search(r"\((?:from|in)\s+([^)]+)\)", right)
    if origin:
        named = [display(w.split()) for w in re.split(r",|\bor\b|\band\b", origin.group(1))]
        return [n for n in named if n], left
    came = re.match(r"^(.+?)\s+from\s+([a-z][\w /]*?)$", left)
    if came:
        # ("low water (float sensor below min) from preheating or cooking -> low water alarm")
        named = [display(w.split()) for w in re.split(r",|\bor\b|/", came.group(2)) if w.strip()]
        if len(named) >= 2 and all(n in machine.states for n in named):
            return named, came.group(1).strip()
    # ("self test ok -> send": how the state named first ends)
    done = re.match(
        r"^([a-z][\w ]*?)\s+(?:done|finished|completed?|ends?|over|ok|fail(?:s|ed)?"
        r"|pass(?:es|ed)?|succeed(?:s|ed)?)$",
        left,
    )
    if done and display(done.group(1).split()) in machine.states:
        return [display(done.group(1).split())], left
    some = _any_of(left, machine)
    if some:
        return some, ""
    anywhere = _ANYWHERE.search(left)
    if anywhere:
        # ("motor overheat in any moving state": every state, as the notes cannot say which)
        return list(machine.states), (left[: anywhere.start()] + left[anywhere.end() :]).strip()
    joined = re.match(r"^([a-z][\w /]*?)\s*\+\s*(.+)$", left)
    if joined:
        # "opening / closing + button press": those states, on that event
        named = [display(w.split()) for w in _CHOICE.split(joined.group(1))]
        if named and all(n in machine.states for n in named):
            return named, joined.group(2).strip()
    return [current], left


_CAPITAL_WORD = r"(?:[A-Z][a-z]+|[A-Z]{1,4}(?= [A-Z]))(?:-[A-Z]?[a-z]+)?"
_CAPITALISED = re.compile(
    # ("Off (Day)": a bracketed word is part of the name; "Pre-Alarm", "UV Cycle", "(Ready to
    # Unload)")
    # ("Closed - Positive", "Closed – Negative": one state, its outcome after a dash)
    rf"(?:(?<=[a-z,;] )|(?<=\())({_CAPITAL_WORD}(?: (?:on|for|to|of|in|at|-|–) {_CAPITAL_WORD}"
    rf"| {_CAPITAL_WORD})*\b"
    r"(?: \([A-Z][a-z]+\))?)"
    # ("In Fire Alarm, Silence shall move the zone to Silenced": what is done, no state)
    r"(?!\s+(?:shall|will|must|should|moves|puts|returns|sends|takes)\b)"
)


_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april"
    " june july august september october november december".split()
)


_PARTICLE_STATES = frozenset("up down on off out".split())


# Where a place's name follows: "the field station in", "in Quetzaltenango,"
_PLACED = re.compile(
    r"(?:\b(?:station|farm|village|town|city|site|office|lab|depot|warehouse|shop|plant|factory"
    r"|hospital|school|clinic|centre|center|campus|yard|port|harbour|harbor)\s+(?:in|at|near)"
    r"|\b(?:in|at|near)\s+[A-Z][\w'’-]+,)\s+$"
)


def _capitalised_states(sentences: list[str]) -> dict[str, str]:
    """Capitalised phrases inside sentences ("In Transit", "Out for Delivery", "Resolved"),
    by the single word each is read as ("in-transit")."""
    found: dict[str, str] = {}
    text = " ".join(sentences)
    for index, sentence in enumerate(sentences):
        for match in _CAPITALISED.finditer(sentence):
            phrases = [match.group(1)]
            if (
                index <= 1
                and text.count(match.group(1)) == 1
                and _a_setting(sentence[: match.start()], sentence[match.end() :])
            ):
                # ("Can you do a state diagram for the ice resurfacer at our arena in Red
                # Deer?", "the new dryer controller on the Kowalchuk place": where the writer
                # is or whose place it is, said once as the text opens)
                continue
            if text.count(match.group(1)) == 1 and _PLACED.search(sentence[: match.start()]):
                continue  # ("sow it at the field station in Olintepeque", "in Xela, Guatemala")
            if index <= 1 and re.search(
                r"\b(?:I['’]m|I am|my name is)\s+$", sentence[: match.start()], re.I
            ):
                continue  # ("Hi, I'm Morag Tulloch, one of the registrars": who writes)
            if re.search(
                r"\b(?:press|presses|pressing|pressed|push|pushes|pushing|tap|taps|tapping|"
                r"click|clicks|clicking|hit|hits|hitting)\s+$",
                sentence[: match.start()],
                re.I,
            ):
                continue  # ("pressing Start", "press Stop": a button, not a state)
            if sentence[: match.start()].lower().endswith("from "):
                # "from Draft to In Review": two states, not one
                phrases = phrases[0].split(" to ", 1)
            for phrase in phrases:
                # ("reopening as Awaiting Cleaning in March": the state, then when)
                last = phrase.split()[-1].lower()
                if last in _CALENDAR and re.search(r" (?:in|on|at) \S+$", phrase):
                    phrase = phrase.rsplit(" ", 2)[0]
                # ("Every Monday at 10:00 it runs an exercise": when, not a state; but "the
                # iron sits Down", "the heater is Off": a state the text spells with a capital)
                if phrase.lower() not in (lx.FUNCTION_WORDS - _PARTICLE_STATES) | _CALENDAR:
                    found.setdefault(_token(phrase), phrase)
    for token, phrase in list(found.items()):
        first, to, second = phrase.partition(" to ")
        before, for_, after = phrase.partition(" for ")
        if for_ and _token(before) in found and _token(after) in found:
            # ("leave Storm Stop for Idling" where both are states of their own)
            del found[token]
        elif to and _token(first) in found:
            # "except Published to Deleted" where Published is a state of its own: two states
            del found[token]
            found.setdefault(_token(second), second)
        elif to and _token(second) in found and first.lower().endswith("ed"):
            # ("or Returned to Stored if the order is cancelled": back to Stored)
            del found[token]
    return found


# Words before "in" that say something is in a state, not somewhere: "it's in Standby"
_IN_A_STATE = frozenset(
    "it's is are was were be been being goes go went stays stay remains remain sits sit keeps"
    " keep left back still now only even put puts stuck held ends end starts start".split()
)


def _a_setting(before: str, after: str) -> bool:
    """Whether a capitalised name between these texts says where something is ("the ice
    resurfacer at our arena in", "a little café on the foreshore in") or whose place it is
    ("on the" ... "place"), not a state ("the" ... "phase", "the" ... "goes")."""
    said = re.search(r"\b([a-zé']{3,})\s+(?:in|at|near)\s+$", before)
    if said is not None:
        return said.group(1) not in _IN_A_STATE | lx.PRONOUNS
    return (
        # ("a punt at our Quayside station": the station's name)
        re.search(r"\b(?:the|our|their|my)\s+$", before, re.I) is not None
        and re.match(
            r"\s+(?!(?:state|phase|mode|stage|status|step|cycle|screen)\b)[a-z]+\b"
            r"(?!\s+(?:is|goes|moves|becomes|turns|switches)\b)",
            after,
        )
        is not None
        and not re.match(r"\s+[a-z]+s\b", after)
    )


def _token(phrase: str) -> str:
    """The one word a state's name is read as: "In Transit" is in-transit, "Off (Day)"
    off-day."""
    return re.sub(r"[^a-z0-9]+", "-", phrase.lower()).strip("-")


def _joined(sentence: str, spelled: dict[str, str]) -> str:
    for token, phrase in sorted(spelled.items(), key=lambda item: -len(item[1])):
        # (at the start of a sentence too: "Revisions Requested shall return to Under Review")
        sentence = re.sub(rf"(?<![\w-]){re.escape(phrase)}(?!\w)", token, sentence)
    return sentence


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z'-]*|\d+", text.lower())


def _thing(sentences: list[str]) -> str:
    """The noun the states belong to: the head of the first sentence's subject ("An online
    order is created": order), or the word before a head that only names the process ("The
    document workflow": document); else the noun the text mentions most."""
    words = _words(" ".join(sentences))
    counts: dict[str, int] = {}
    for w in words:
        counts[singular(w)] = counts.get(singular(w), 0) + 1
    subject: list[str] = []
    first = _words(sentences[0]) if sentences else []
    if first and first[0] in lx.PREPOSITIONS:
        # ("At our bridal boutique each gown order passes through many hands": the order)
        start = next(
            (i for i, w in enumerate(first) if i >= 2 and w in ("each", "every", "a", "an", "the")),
            0,
        )
        first = first[start:]
    for i, w in enumerate(first):
        if w in lx.FUNCTION_WORDS and not subject:
            continue  # "An online order": words before the noun phrase's first noun
        inflected = verb_base(w) not in (None, w)  # "waits", not "switch" in "light switch"
        following = first[i + 1] if i + 1 < len(first) else ""
        if inflected and w.endswith("ing") and following in _MODALS | lx.AUXILIARIES | {"to"}:
            inflected = False  # "my hotel booking to be held": a noun
        if w in lx.FUNCTION_WORDS or (subject and inflected):
            break
        subject.append(singular(w))
        if ":" in sentences[0] and len(subject) >= 4:
            break
    subject = [w for w in subject if w not in lx.PERSON_WORDS and w not in TIME_UNITS]
    while len(subject) > 1 and subject[-1] in _PROCESS_WORDS:
        subject.pop()
    kept = re.search(r"\b(?:each|every)\s+([a-z]+)\b", " ".join(first))
    if subject and subject[-1] in ("system", "platform", "software", "portal") and kept:
        # ("The loan store system shall record each wheelchair as Available": the wheelchair)
        return singular(kept.group(1))
    if subject:
        return subject[-1]
    # A word that is also a verb counts where a determiner shows it is a noun ("an expense
    # report", "the report").
    named = {
        singular(w)
        for i, w in enumerate(words)
        if i
        and words[i - 1] in lx.DETERMINERS
        or i > 1
        and words[i - 2] in lx.DETERMINERS
        and words[i - 1] not in lx.FUNCTION_WORDS
    }
    nouns = [
        singular(w)
        for w in words
        if w not in lx.FUNCTION_WORDS
        and w not in lx.PERSON_WORDS
        and w not in TIME_UNITS
        and (not verb_base(w) or singular(w) in named)
    ]
    return max(nouns, key=lambda w: counts[w], default="")


_IRREGULAR = {
    "withdraw": "withdrawn",
    "send": "sent",
    "hold": "held",
    "put": "put",
    "set": "set",
    "pay": "paid",
    "lay": "laid",
    "build": "built",
    "lend": "lent",
    "spend": "spent",
    "keep": "kept",
    "sell": "sold",
    "buy": "bought",
    "bring": "brought",
    "write": "written",
    "take": "taken",
    "give": "given",
    "freeze": "frozen",
    "find": "found",
    "lose": "lost",
    "make": "made",
    "get": "got",
    # ("Here's how I see it": "seen", never "seed")
    "see": "seen",
    "do": "done",
    "go": "gone",
    "know": "known",
    "show": "shown",
    "choose": "chosen",
    "break": "broken",
    "drive": "driven",
    "ride": "ridden",
    "tell": "told",
    "say": "said",
    "lead": "led",
    "meet": "met",
    "leave": "left",
    "begin": "begun",
    "win": "won",
    "hang": "hung",
    "steal": "stolen",
    "forget": "forgotten",
    "throw": "thrown",
    "draw": "drawn",
    "teach": "taught",
    "catch": "caught",
    "think": "thought",
    "hear": "heard",
    "stand": "stood",
    "fall": "fallen",
    "shake": "shaken",
    "shoot": "shot",
    "redo": "redone",
    "retake": "retaken",
    "rewrite": "rewritten",
}
# Verbs of more than one syllable whose last consonant doubles before "-ed"; verbs of one
# syllable ("stop", "scan") double theirs by the rule in past_participle.
_DOUBLED = frozenset(
    "submit commit admit permit omit emit transfer refer prefer occur cancel control patrol".split()
)


def past_participle(verb: str, text: str) -> str:
    """ "cancel" -> "cancelled" when the text writes it so, else the regular form."""
    base = verb_base(verb) or verb
    if base in _IRREGULAR:
        return _IRREGULAR[base]
    stem = base[:-1] if base.endswith("e") else base
    found = re.search(rf"\b{re.escape(stem)}[a-z]?ed\b", text)
    if found:
        return found.group(0)
    if base in _DOUBLED or re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", base):
        return base + base[-1] + "ed"  # "submitted", "shipped", "scanned"
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return base[:-1] + "ied"
    return base + "ed"


def _event(text: str) -> str:
    """A clause's words as a transition label: "when a floor is requested" -> "floor is
    requested"; "after ten seconds the doors close" -> "after ten seconds"."""
    text = re.sub(
        r"^\s*(?:at (?:which|that) point|in (?:which|that) case|(?:during|after) which)\b",
        "",
        text,
    )
    words = text.split()
    while words and (words[0] in _LEADING or words[0] in ("in", "which", "case")):
        words = words[1:]
    text = _CONDITION.sub("", " ".join(words))
    timed = re.match(
        r"^((?:after|within|for)\s+\S+\s+(?:\S+\s+)?(?:" + "|".join(TIME_UNITS) + r"))\b", text
    )
    if timed:
        return timed.group(1)
    words = text.split()
    while words and words[0] in ("a", "an", "the", "it", "they", "i", "we", "you"):
        words = words[1:]
    said = [
        i
        for i, w in enumerate(words[1:-1], 1)
        if w == "it"
        # ("I hand it to the paint shop", "sign it off": it is what is handed; "puts it into"
        # a state is cut where the state's name was)
        and not (words[i + 1] in ("back", "off", "over") or words[i + 1 : i + 3] == ["to", "the"])
    ]
    if said:
        # "the user selects a drink it dispenses ...": the condition ends where the thing
        # becomes the subject again.
        words = words[: said[0]]
    modal = next((i for i, w in enumerate(words) if w in _REQUIRING), None)
    if modal is not None:
        # ("the damper shall go to closing", "a technician shall be able to": what a
        # requirement asks, not what happens; "leaving out of service shall start": what
        # happens is said before it)
        words = words[:modal] if modal >= 2 else []
    words = words[:6]
    while words and words[-1] in _DANGLING:
        words.pop()
    return " ".join(words)


# The modals a requirement asks with ("the damper shall go to Closing")
_REQUIRING = frozenset("shall should must".split())


# What a condition after ";" says when it is the other way out of the same state: "when payment
# succeeds it becomes paid; if it fails ...", "...; if not, ...", "...; if it times out ...".
_OTHER_WAY = re.compile(
    r"\b(?:not|no|never|don't|doesn't|fails?|failed|declined|reject\w*|denied|refused|expires?|expired"
    r"|times? out|timeout|errors?|wrong|invalid|cancel\w*|abort\w*|instead|otherwise|else"
    r"|missing|lost|late|overdue|disputed?|returned|bounces?|nothing|none|nobody)\b"
)


def _other_way_of(event: str, before: str) -> bool:
    """ "all pass" after "any check fails", "not cleared" after "fault cleared": an event that
    says the opposite of the one before it."""
    said = [set(re.findall(r"[a-z']+", e.lower())) for e in (event, before)]
    stems = [{w[:4] for w in words} for words in said]
    for a, b in lx.OPPOSITES:
        if (a[:4] in stems[0] and b[:4] in stems[1]) or (b[:4] in stems[0] and a[:4] in stems[1]):
            return True
    negated = [bool(words & {"not", "no", "never", "isn't", "doesn't", "didn't"}) for words in said]
    shared = {w for w in said[0] & said[1] if w not in lx.FUNCTION_WORDS}
    return negated[0] != negated[1] and bool(shared)


def _follows_on(piece: str, before: str) -> bool:
    """ "it becomes Out, and if it isn't back within the booked hour it turns Overdue": a
    condition of its own, sharing no word with the one before, says what happens next, not
    the other way out ("and if declined", "and if the payment fails" are)."""
    said = [
        {w for w in re.findall(r"[a-z']{3,}", _event(text)) if w not in lx.FUNCTION_WORDS}
        - {w for found in _OTHER_WAY.findall(text) for w in found.split()}
        for text in (piece, before)
    ]
    return (
        bool(said[0])
        and not said[0] & said[1]
        and not _other_way_of(_event(piece), _event(before))
        and not _opposite_side(piece, before)
    )


# "...; a suspicious one into Adverse Finding", "...; the rest to Archived": a clause that
# leaves out the verb of the one before it.
_GAPPED = re.compile(r"^(?:(?:an?|the|any)\s+[a-z-]+\s+ones?|the\s+(?:rest|others))\s+(?:in)?to\s")


def _opposite_side(piece: str, before: str) -> bool:
    """ "... at or above the reserve, ...; if bidding stops below the reserve": the other side
    of the same line."""
    sides = (
        ("above", "below"),
        ("over", "under"),
        ("more", "less"),
        ("more", "fewer"),
        # ("if the blood test is negative, ...; if it is positive, ...")
        ("negative", "positive"),
        ("pass", "fail"),
        ("passes", "fails"),
        ("passed", "failed"),
        ("yes", "no"),
    )
    return any(
        (re.search(rf"\b{a}\b", before) and re.search(rf"\b{b}\b", piece))
        or (re.search(rf"\b{b}\b", before) and re.search(rf"\b{a}\b", piece))
        for a, b in sides
    )


def _pieces(sentence: str) -> list[tuple[str, str]]:
    """A sentence's clauses, each with the separator before it (";" marks an alternative)."""
    sentence = sentence.lower().strip().rstrip(".!?")
    # ("at 00:30 the light ...": a time's colon heads nothing)
    head, colon, rest = re.sub(r"(\d):(\d)", "\\1\0\\2", sentence).partition(":")
    if colon and len(head.split()) <= 6 and rest.strip():
        sentence = rest
    sentence = sentence.replace("\0", ":")
    parts = re.split(
        # ("leaves less than 1,500 seeds": a number's comma parts nothing)
        r"\s*(;|,(?!\d{3}\b))\s*|\s+(?=(?:until|unless|while|when|if|once)\b)|\s+(and|but)\s+"
        r"(?=(?:when|if|after|once|then|it|they|a|an|the)\b)",
        sentence,
    )
    pieces: list[tuple[str, str]] = []
    separator = ""
    for i, part in enumerate(parts):
        if i % 3 == 0:
            if part and part.strip() in ("and", "but"):
                # (", and if they reject, ...": the "and" joins what follows)
                separator = part.strip()
                continue
            if part and part.strip():
                pieces.append((separator, part.strip()))
            separator = ""
        elif part:
            separator = part
    # ("if more than 20% were mouldy it becomes downgraded": the condition, then the way,
    # with no comma between them)
    split: list[tuple[str, str]] = []
    for sep, piece in pieces:
        said = _CONDITION_THEN.match(piece) if sep == "but" else None
        split += [(sep, said[1]), ("", said[2])] if said else [(sep, piece)]
    return split


_CONDITION_THEN = re.compile(
    r"^((?:if|when|once)\s+\S.*?\s(?:were|was|is|are|has|have|had|[a-z]+ed)\b.*?)\s+"
    r"((?:it|they)\s+(?:becomes?|goes|go|moves?|returns?|turns?)\b.*)$"
)


def _choices(pieces: list[tuple[str, str]]) -> set[int]:
    """Indexes of the pieces after the first of a list of choices ("approve it, reject it,
    or send it back"): short clauses joined by commas, the last one starting with "or"."""
    found: set[int] = set()
    for i, (_, piece) in enumerate(pieces):
        condition = next(
            (
                k
                for k in (i - 1, i - 2)
                if k > 0 and not pieces[k][0] and pieces[k][1].startswith("if ")
            ),
            0,
        )
        if (
            piece.startswith("and ")
            and condition
            and pieces[i][0] == ","
            and len(piece.split()) <= 3
            and i + 1 < len(pieces)
            # (not "Active once the fee is paid, and Expired when its year is up": one after
            # the other)
            and pieces[i + 1][1].startswith("if ")
        ):
            # ("becomes Predated if crabs, dogs or people dig into it, and Flooded if a tide
            # reaches it": the other way out of the same state, each with its condition)
            found.update(range(condition + 1, i + 1))
            continue
        if not piece.startswith("or ") or not i:
            continue
        j = i
        while (
            j > 0
            and pieces[j][0] == ","
            # ("..., and back to Growing if it regains colour within 8 weeks, or to Dead")
            # (a condition after its clause, not one that opens the sentence)
            and (
                len(pieces[j - 1][1].split()) <= 6
                or (j > 1 and not pieces[j - 1][0] and _CONDITION.match(pieces[j - 1][1]))
            )
        ):
            found.add(j)
            j -= 1
            if _CONDITION.match(pieces[j][1]):
                break
        if pieces[i][0] == "," and len(piece.split()) <= 3 and piece.startswith("or "):
            # ("becomes Established after 12 months, or Lost if ...": a state alone is the
            # other choice of the clause before, however long that is)
            found.add(i)
    return found


class _Reader:
    def __init__(
        self,
        text: str,
        thing: str,
        known: set[str],
        name_words: set[str],
        spelled: dict[str, str] | None = None,
    ):
        self.spelled = spelled or {}  # "in-transit" -> "In Transit"
        self.text = text
        self.thing = thing
        self.known = set(known)
        self.machine = Machine()
        self.current = ""
        self.explicit_finals: set[str] = set()
        # (those the text calls final, "Rejected is final", not only "can't leave Parked" when
        # the wind is high): no way leaves them
        self.said_final: set[str] = set()
        self.last_subject = ""  # the state the latest way left ("a failed Check sends ...")
        self.worded = 0  # states named by state wording, not only by a verb done to the thing
        # ("moves to Quarantined until the results are back": the state and the event that
        # the next transition leaving it waits for)
        self.waiting: tuple[str, str] | None = None
        self.filling: tuple[int, str] | None = None  # a transition that waited, its event
        self.name_words = set(name_words)
        # Words the text uses as nouns ("the floor", "a request"): not states after "is".
        self.nouns = {
            m.group(1)
            for m in re.finditer(r"\b(?:the|a|an|its|their|another)\s+([a-z]+)\b\s*([a-z']*)", text)
            if not m.group(1).endswith(("ed", "en", "ing"))
            and (not m.group(2) or m.group(2) in lx.FUNCTION_WORDS)
        }

    # --- names ---------------------------------------------------------------------------

    def _is_thing(self, word: str) -> bool:
        return word in ("it", "they", "them") or singular(word) == self.thing

    def _state_word(self, word: str, noun_ok: bool = False) -> bool:
        if word.startswith(("in ", "on ")):
            return self._state_word(word[3:], noun_ok=True)
        return bool(
            word
            and word not in lx.FUNCTION_WORDS
            and word not in lx.PERSON_WORDS
            and word not in NUMBER_WORDS
            and word not in TIME_UNITS
            and word not in NOT_STATES
            and not word.isdigit()
            and singular(word) != self.thing
            and (noun_ok or word not in self.nouns or word in self.known)
        )

    def _name(self, word: str) -> str:
        if word in self.spelled:
            return self.spelled[word]
        name = display(word.split())
        for state in self.machine.states:
            if state.lower() == name.lower():
                return state
        return name

    def _add(self, name: str) -> str:
        if name not in self.machine.states:
            self.machine.states.append(name)
            self.known.add(name.lower())
        return name

    # --- reading -------------------------------------------------------------------------

    def chain(self, states: list[str]) -> None:
        """Starts from states the text lists in order ("its states are idle, filling, ...
        and done"), each followed by the next."""
        names = [self._add(self._name(w)) for w in states]
        for a, b in zip(names, names[1:], strict=False):
            self._link(a, b, "")
        if names:
            self.machine.initial = names[0]
            self.current = names[-1]
            self.worded += len(names)

    def read(self, sentences: list[str]) -> Machine:
        for sentence in sentences:
            self._sentence(sentence)
        if self.waiting is not None:
            # ("It stays green until the timer ends", said last: then it starts again)
            state, until = self.waiting
            initial = self.machine.initial or (self.machine.states or [state])[0]
            if initial != state:
                self._link(state, initial, until)
        m = self.machine
        # ("Approved, Declined and Withdrawn are final; nothing moves out of them", said last)
        m.transitions = [t for t in m.transitions if t[0] not in self.said_final]
        # ("go to Killing, where it is dipped ..., and straight after that to Sweating": a
        # relative word alone says nothing of the way)
        m.transitions = [
            (a, b, "" if label.strip().lower() in _EMPTY_EVENTS else label)
            for a, b, label in m.transitions
        ]
        if m.states and not m.initial:
            m.initial = m.states[0]
        leaving = {a for a, _, _ in m.transitions}
        m.finals = [
            s
            for s in m.states
            if s in self.explicit_finals or (s not in leaving and s != m.initial)
        ]
        return m

    def _sentence(self, sentence: str) -> None:
        sentence = self._from_several(sentence)
        bracket = _FROM_BRACKET.search(sentence.lower())
        sources = re.split(r"\s*,\s*|\s+or\s+|\s+and\s+", bracket[1]) if bracket else []
        if sources and all(w in self.known for w in sources):
            # "On return (from On Hire or Overdue) staff inspect it: with no damage it goes to
            # Charging, ...": every way the sentence says leaves each of those states
            self._read_leaving(sentence[: bracket.start()] + sentence[bracket.end() :], sources)
            return
        left = _LEAVE_FOR.search(sentence.lower())
        sources = re.split(r"\s*,\s*(?:or\s+)?|\s+or\s+", left["list"]) if left else []
        if sources and all(w in self.known for w in sources + [left["to"]]):
            # "the turbine shall leave Storm Stop for Idling only after ...", "shall return from
            # Generating or Curtailed to Idling": from each, to the state after "for" or "to"
            said = f"{sentence[: left.start()]} goes to {left['to']}{sentence[left.end() :]}"
            names = [self._add(self._name(w)) for w in sources]
            # (only the way into that state: "..., and at 05:00 it shall switch back to On
            # Full" is a way of its own)
            target = self._name(left["to"])
            if not self._read_leaving(said, sources, into=target):
                # ("it goes from Off to Standby" while it is in Standby already)
                for name in names:
                    self._link(name, self._add(target), "")
                self.current = target
            return
        clauses = sentence.split(";")
        for k, clause in enumerate(clauses):
            during = _DURING_SEVERAL.search(clause.lower())
            sources = re.split(r"\s*,\s*(?:or\s+)?|\s+or\s+", during[1]) if during else []
            if sources and all(w in self.known for w in sources):
                # "Releasing the key during Opening or Closing shall put the controller in
                # Stopped; ...": that clause's ways leave each of those states
                if k:
                    self._read_sentence(";".join(clauses[:k]))
                # (read as leaving the first of them, so that no other state's way is taken)
                self.current = self._add(self._name(sources[0]))
                self._read_leaving(clause[: during.start()] + clause[during.end() :], sources)
                if k + 1 < len(clauses):
                    self._sentence(";".join(clauses[k + 1 :]))
                return
        self._read_sentence(sentence)

    def _read_leaving(self, text: str, sources: list[str], into: str = "") -> bool:
        """Reads text, every way it says leaving each of sources (where into is given, only
        the first way into that state); whether there was such a way."""
        before = set(self.machine.transitions)
        self._read_sentence(text)
        made = [
            i
            for i, t in enumerate(self.machine.transitions)
            if t not in before and (not into or t[1] == into)
        ]
        self._resource(made[:1] if into else made, [self._name(w) for w in sources])
        return bool(made)

    def _read_sentence(self, sentence: str) -> None:
        pieces = _pieces(sentence)
        source = ""  # "In review, ...": every transition of the sentence leaves this state
        pending = ""  # an event waiting for the state it leads to
        held = ""  # the state a waiting condition says it is in ("if a Reserved pod ...")
        until = ""
        alternative = ""  # the source an "unless"/";" clause shares with the one before
        last_made: list[int] = []  # transitions the last clause added, by index
        # "can approve it, reject it, or send it back": each choice leaves the same state.
        choices = _choices(pieces)
        choice_source = ""
        leaves_from = ""  # "From Adverse Finding, if ..., ...; if ..., ...": what each way leaves
        made: list[int] = []  # the transitions the latest clause that made any added
        any_state = False  # an "at any point" seen, its transitions not yet made
        but = ""  # the state "in any state except ..." leaves out
        for i, (separator, piece) in enumerate(pieces):
            if any_match := _ANY_STATE.search(piece):
                any_state, but = True, any_match.group("but") or ""
            piece = _ANY_STATE.sub(" ", piece)
            piece = " ".join(piece.split())
            if (
                separator == "and"
                and i
                and _CONDITION.match(pieces[i - 1][1])
                and re.fullmatch(r"(?:it|they)\s+(?:is|are)\s+[a-z]+(?:ed|en)", piece)
            ):
                continue  # ("when a farmer delivers it and it is weighed": still when)
            whichever = re.match(
                rf"(?:and\s+)?any\s+{re.escape(self.thing)}\s+(?:that\s+|which\s+)?(?P<why>.+?)\s+"
                r"(?:to\s+)?(?P<goes>(?:go|become|move)s?\s+.+)",
                piece,
            )
            if whichever and _words(whichever["why"])[0] not in _GOES:
                # ("and any job the insurer declines to go to Cancelled": from whatever state it
                # is in, when the insurer declines)
                any_state, but = True, ""
                goes = re.sub(r"^(go|become|move)\b", lambda m: _GOES[m[1]], whichever["goes"])
                piece = f"it {goes} when {whichever['why']}"
            words = piece.split()
            otherwise = bool(words) and words[0] == "otherwise"
            if otherwise and re.search(r"\b(?:stays?|remains?)\b", piece):
                continue  # ("otherwise it shall stay Open": no way out)
            if otherwise:
                pending = ""
                if last_made:
                    alternative = self.machine.transitions[last_made[-1]][0]
            then_led = bool(words) and words[0] == "then"
            while words and words[0] in _LEADING:
                words = words[1:]
            piece = " ".join(words)
            if not piece:
                continue
            # ("... until the level is back to normal, when it shall return to Closed": what
            # then happens, not a condition)
            piece = re.sub(r"^when\s+(?=(?:it|they)\s+(?:shall|will|must)\b)", "", piece)
            then = re.match(r"([a-z][a-z-]*)\s+([a-z]+s)\b", piece)
            if (
                then_led
                and then
                and then[1] in self.spelled
                and self.current
                and self._name(then[1]) != self.current
                and then[2] not in lx.FUNCTION_WORDS
            ):
                # ("Then Unloading empties the column and it goes back to Off": the next state,
                # and what it does there)
                target = self._add(self._name(then[1]))
                last_made = [self._link(self.current, target, "")]
                self.current = target
                continue
            if _FINAL.search(piece):
                said = {self._name(w) for w in _words(piece) if w in self.known}
                for _, listed in reversed(pieces[:i]):
                    # ("Approved, Declined and Withdrawn are final": the list's first names
                    # are pieces of their own; "the status of a Lost, Predated or ...")
                    listed = re.sub(r"^(?:the (?:status|state) of )?(?:an?|the) ", "", listed)
                    words = [w for w in _words(listed) if w not in ("and", "or")]
                    if not words or not all(w in self.known for w in words):
                        break
                    said.update(self._name(w) for w in words)
                if piece.startswith("which ") and self.current and last_made:
                    # ("the request shall then become Cancelled, which is final")
                    said.add(self.current)
                self.explicit_finals |= said
                if re.search(r"\b(?:is|are|to be) final\b|\b(?:is|are) the end\b", piece):
                    self.said_final |= said
                continue
            if _NEGATION.search(piece) and not _CONDITION.match(piece):
                # ("if it is not returned within 30 days it becomes overdue": what is not
                # done is the condition, and the piece still names a state)
                continue
            if piece.startswith("until "):
                until = _event(piece[6:])
                continue
            if piece.startswith("unless "):
                pending = _event(piece[7:])
                if self.machine.transitions and last_made:
                    alternative = self.machine.transitions[last_made[-1]][0]
                continue
            scoped = re.match(
                r"while\s+(?:(?:it|they)\s+(?:is|are)\s+)?(?:in\s+)?([a-z][a-z-]*)\s+"
                r"(?=(?:it|they|the)\b)",
                piece,
            )
            if scoped and scoped.group(1) in self.known:
                # ("if the sensor trips while Heating it goes to Fault": it leaves Heating)
                self.current = self._add(self._name(scoped.group(1)))
                piece = piece[scoped.end() :]
            elif piece.startswith("while "):
                named = [self._name(w) for w in _words(piece) if w in self.known]
                if last_made and re.search(r"\b(?:stays?|remains?)\b", piece):
                    # ("...; each group is logged while the nest stays Hatching": where it is,
                    # not where the way into it leaves)
                    continue
                if named and last_made:
                    last_made = self._resource(last_made, named)
                elif len(named) == 1 and re.fullmatch(
                    r"while\s+(?:(?:it|they)\s+(?:is|are)\s+)?[a-z][a-z-]*", piece
                ):
                    # ("if a user reports a breakdown while On Hire, ... it goes to Awaiting
                    # Repair": the sentence's ways leave On Hire)
                    source = self.current = self._add(named[0])
                continue
            during = re.search(r"\b(?:in|during)\s+([a-z][a-z-]*)\b", piece)
            if (
                during
                and during.group(1) in self.known
                and (_CONDITION.match(piece) or re.match(r"^[a-z]+ during\b", piece))
                # ("once finished it waits in Inspection": where it goes)
                and not re.search(
                    rf"\b(?:it|they|{re.escape(self.thing)})\b", piece[: during.start()]
                )
            ):
                # ("if the timer runs out in Pre-Alarm, ...", "Reset during Pre-Alarm with no
                # active detectors shall return the zone to Normal": it leaves Pre-Alarm)
                source = self.current = self._add(self._name(during.group(1)))
                piece = (
                    f"{piece[: during.start()].rstrip()} {piece[during.end() :].lstrip()}".strip()
                )
            # ("From cold storage we move it to incubation": a state of more words, too)
            longest = "|".join(
                re.escape(k) for k in sorted(self.known, key=len, reverse=True) if " " in k
            )
            leaves = re.match(
                rf"from\s+(?:the\s+)?({longest + '|' if longest else ''}[a-z][a-z-]*)"
                r"(?:\s+state)?(?:\s+|$)",
                piece,
            )
            if leaves and leaves.group(1) in self.known and i == 0:
                # ("From Adverse Finding, if the athlete asks for the B bottle, it goes to B
                # Analysis": the sentence goes on from Adverse Finding)
                name = leaves_from = self._add(self._name(leaves.group(1)))
                if self.waiting is not None and self.waiting[0] == self.current != name:
                    # ("pauses it in Door Open until it's closed again. From Drying ...":
                    # where the pause ends, as the text goes on)
                    self._link(self.current, name, "")
                self.current = name
                piece = piece[leaves.end() :]
                if not piece:
                    continue
            inside = re.fullmatch(r"in\s+(?:the\s+)?([a-z]+)(?:\s+state)?", piece)
            if inside and self._state_word(inside.group(1), noun_ok=True):
                word = inside.group(1)
                # ("In Standby, ..." where Standby is a state the text spells: that state)
                spelled = word in self.spelled or word in self.known
                name = word if spelled or word.endswith(("ed", "ing")) else "in " + word
                source = self.current = self._add(self._name(name))
                continue
            opposite = _opposite_side(piece, " ".join(p for _, p in pieces[:i]))
            if (
                (
                    separator == ";"
                    or (
                        separator == "and"
                        and _OTHER_WAY.search(piece)
                        and not _follows_on(piece, pieces[i - 1][1] if i else "")
                    )
                )
                and last_made
                # ("After a passed pump check it returns to In Yard; a failed check sends it
                # to Awaiting Repair": the other way, said without "if")
                and (
                    _CONDITION.match(piece)
                    or piece.startswith(("after ", "within "))
                    or (opposite and separator == ";")
                )
                # ("...goes into an Inspection Run; if the patrol reports all clear, it moves
                # to Running": a next step, unless the condition says the other way)
                and (
                    _OTHER_WAY.search(piece) or piece.startswith(("after ", "within ")) or opposite
                )
            ):
                alternative = self.machine.transitions[last_made[-1]][0]
            if (
                separator == ";"
                and last_made
                and i
                and len(words) > 2
                and words[:2] == pieces[i - 1][1].split()[:2]
                and (_CONDITION.match(piece) or words[0] in ("on", "after"))
            ):
                # ("on reaching the open limit it shall be Open; on reaching the closed limit it
                # shall be Closed": the same kind of event, the other way out)
                alternative = self.machine.transitions[last_made[-1]][0]
            if separator == ";" and last_made and _GAPPED.match(piece):
                # ("a clean result puts it into Stored Negative; a suspicious one into
                # Adverse Finding": the verb left out, the other way out of the same state)
                alternative = self.machine.transitions[last_made[-1]][0]
            if separator == ";" and leaves_from and _CONDITION.match(piece):
                alternative = leaves_from
            if alternative and re.search(r"\bstill\b", piece):
                # ("... shall be Overdue; if it is still not back after 365 days it shall be
                # Written Off": what follows the state just reached, not another way out)
                alternative = ""
            if separator == "but" and last_made and _CONDITION.match(piece):
                # ("it returns to Conditioning, but if more than 20% were mouldy it becomes
                # Downgraded": the other way out of the state the last way left)
                alternative = self.machine.transitions[last_made[-1]][0]
            if i in choices and choice_source:
                alternative = choice_source
            next_is_which = i + 1 < len(pieces) and pieces[i + 1][1].startswith("which ")
            # ("staff fetch the scooter and it goes straight to Awaiting Repair": what is done
            # to it before it goes, not a state of its own)
            next_is_it = (
                i + 1 < len(pieces)
                and pieces[i + 1][0] == "and"
                and re.match(r"(?:it|they)\b", pieces[i + 1][1]) is not None
            )
            conditional = bool(_CONDITION.match(piece))
            found = self._states_in(
                piece,
                # ("after the courier scans it, ...": an event, not a state "scanned")
                allow_verb=not next_is_which
                and not next_is_it
                and not conditional
                and not piece.startswith("after "),
                separator_state=separator == "," and bool(last_made or self.current),
                after_condition=bool(pending),
            )
            # ("Stage B Review ends in Closed - Buyer Wins": a state already reached, named as
            # the subject, is where the way leaves, not a state reached again first)
            reached = {b for _, b, _ in self.machine.transitions}
            found = [
                f
                for f in found
                if f[0]
                or f[2]
                or self._name(f[1]) not in reached
                or not any(g[0] == self._name(f[1]) for g in found)
            ]
            if conditional and found:
                # "when it finishes it is completed": what comes before the last state is
                # the condition.
                found = found[-1:]
                if not found[0][2] and not found[0][0]:
                    # "... when it is submitted": the whole clause is the condition.
                    found = []
            if not found and conditional and last_made:
                if alternative:
                    # ("...; if it is positive, the bottle shall be Discarded": the other
                    # way's event)
                    pending = _event(piece)
                    continue
                # A condition after its state: "a job is queued when it is submitted".
                self._label_if_empty(last_made, _event(piece))
                if i + 1 in choices:
                    # ("ends in Closed - Positive if it confirms the A result, or Closed -
                    # Negative if it doesn't": the choice leaves where the first way left)
                    choice_source = self.machine.transitions[last_made[0]][0]
                continue
            if not found:
                event = self._verb_event(piece) or _event(piece)
                if event and (
                    next_is_which or _CONDITION.match(piece) or piece.startswith("after")
                ):
                    pending = event
                    held = self._held_in(piece) if conditional else ""
                elif event and next_is_it and not pending:
                    pending = event
                continue
            last_made = []
            previous_start = ""
            # A side branch ("...; after 30 days it expires") leaves the main flow where it
            # was: the next sentence goes on from there, not from Expired.
            side_branch = bool(alternative) and not source and (separator == ";" or otherwise)
            main_current = self.current
            for subject_state, name, event, or_else in found:
                if piece.startswith("which ") and until:
                    # "Open until the guest closes the door and enters a code, which makes
                    # it Locked": what happens until then is what makes it Locked
                    event, until = " and ".join(e for e in (until, pending) if e), ""
                elif piece.startswith("which "):
                    event = pending or event
                event = event or pending or until
                if event == until:
                    until = ""
                pending = ""
                start = subject_state or source or held or alternative or self.current
                if start in self.said_final and not subject_state:
                    # ("Rejected is final. If all checks pass, it shall become Accepted": no
                    # way leaves a final state; the way leaves where the way into it did)
                    start = next(
                        (a for a, b, _ in reversed(self.machine.transitions) if b == start), start
                    )
                held = ""
                if or_else and previous_start:
                    # "becomes either approved or rejected": both leave the same state.
                    start = previous_start
                target = self._add(self._name(name))
                named_thing = re.match(
                    rf"(?:the |a |an |any |each |every |all )?{re.escape(name)} ([a-z-]+)"
                    r"(?= (?:shall|will|must|should|can|may|are|is)\b)",
                    piece,
                )
                if (
                    named_thing
                    and (self._is_thing(named_thing.group(1)) or named_thing.group(1).endswith("s"))
                    and not event
                    and not subject_state
                    and target in {b for _, b, _ in self.machine.transitions}
                ):
                    # ("Completed requests shall be archived after 90 days": what is said of
                    # things in a state already reached, no way into it)
                    self.current = target
                    continue
                if start == target and not subject_state and self.current != target:
                    # "... waits in inspection; if a problem is found it goes back to
                    # cleaning": not the alternative of the step that led to cleaning.
                    start = self.current
                if start and start != target:
                    last_made.append(self._link(start, target, event))
                    previous_start = self.last_subject = start
                elif not start and not self.machine.initial and piece.find(" at first") >= 0:
                    self.machine.initial = target
                if target.lower() not in _DEAD_ENDS:
                    self.current = target
                alternative = ""
            if side_branch and last_made and main_current:
                self.current = main_current
            if i + 1 in choices and i not in choices and (last_made or made):
                # ("approve the document, moving it to Approved, or request changes": the
                # choice leaves where approving left from)
                choice_source = self.machine.transitions[(last_made or made)[0]][0]
            made = last_made or made
            if any_state and last_made:
                # "At any point it can be marked lost, and after a search it goes to
                # found": only the first transition after the phrase leaves every state.
                last_made = self._from_any(sentence, last_made, but)
                any_state = False
        if self.filling is not None:
            self._label_if_empty([self.filling[0]], self.filling[1])
            self.filling = None
        if until and self.current:
            self.waiting = (self.current, until)

    def _held_in(self, piece: str) -> str:
        """ "if a Reserved pod hasn't been checked into by 22:00": the state the thing is in
        while the condition waits, or ""."""
        thing = re.escape(self.thing)
        said = re.search(rf"\b(?:a|an|the|each|every|any)\s+([a-z][a-z-]+)\s+{thing}s?\b", piece)
        if said is None or said.group(1) not in self.spelled:
            return ""
        return self._add(self._name(said.group(1)))

    def _from_several(self, sentence: str) -> str:
        """ "A customer can cancel from Active, Past Due or Suspended": a transition from each
        named state to the verb's state (Cancelled); the sentence without those words."""
        match = _FROM_SEVERAL.search(sentence.lower()) or _CANCEL_FROM.search(sentence.lower())
        if not match:
            return sentence
        sources = [w.strip() for w in re.split(r",\s*(?:or\s+)?|\s+or\s+", match.group("list"))]
        spelled = [next((k for k in self.spelled if k == w.replace(" ", "-")), w) for w in sources]
        if (len(sources) < 2 and match.re is _FROM_SEVERAL) or not all(
            w in self.known or w in self.spelled for w in spelled
        ):
            return sentence
        target = self._add(self._name(past_participle(match.group("verb"), self.text)))
        for word in spelled:
            self._link(self._name(word), target, "")
        # (", which ends it": the state it is cancelled to is its end)
        rest = re.sub(r"^,?\s*which (?:ends|closes|finishes) it\b", "", sentence[match.end() :])
        return sentence[: match.start("verb")] + rest

    def _from_any(self, sentence: str, indexes: list[int], but: str = "") -> list[int]:
        """The transitions at indexes leave every state but a final one (and but) instead;
        their new indexes."""
        states = [
            s
            for s in self.machine.states
            if s not in self.explicit_finals and not (but and s.lower().startswith(but[:5]))
        ]
        before = re.search(r"\bbefore (\w+)", sentence.lower())
        if before:
            # "at any point before delivery": not once it is delivered
            stem = before.group(1)[:5]
            states = [s for s in states if not s.lower().startswith(stem)]
        return self._resource(indexes, states)

    def _label_if_empty(self, indexes: list[int], event: str) -> None:
        for i in indexes:
            source, target, label = self.machine.transitions[i]
            if not label:
                self.machine.transitions[i] = (source, target, event)

    def _link(self, source: str, target: str, event: str) -> int:
        transition = (self._add(source), target, event)
        said = next((t for t in self.machine.transitions if t[:2] == (source, target)), None)
        if event and said is not None and not said[2]:
            # (the same way, said again with why: one arrow, labelled)
            self.machine.transitions[self.machine.transitions.index(said)] = transition
        elif not event and said is not None:
            transition = said
        if transition not in self.machine.transitions:
            self.machine.transitions.append(transition)
        if self.waiting is not None and self.waiting[0] == source:
            # (labelled at the sentence's end, if its own condition has not labelled it)
            self.filling = (self.machine.transitions.index(transition), self.waiting[1])
            self.waiting = None
        return self.machine.transitions.index(transition)

    def _resource(self, indexes: list[int], sources: list[str]) -> list[int]:
        """The transitions at indexes leave each of sources instead ("while it is pending or
        paid", "in any state")."""
        old = [self.machine.transitions[i] for i in indexes]
        self.machine.transitions = [
            t for i, t in enumerate(self.machine.transitions) if i not in set(indexes)
        ]
        made = []
        for _, target, event in old:
            for source in sources:
                if source != target:
                    made.append(self._link(source, target, event))
        if old:
            self.current = old[-1][1]
        return made

    def _subject(self, piece: str, start: int) -> tuple[str, str, bool]:
        """What precedes a verb at start: (the text before its subject, the state the subject
        names or "", whether the subject may be the thing)."""
        before = piece[:start].split()
        while before and before[-1] in _SKIP_BEFORE_VERB:
            before.pop()
        if not before:
            return "", "", True
        word = before[-1]
        said = " ".join(before)
        relative = re.search(
            rf"^(?:(?:a|an|the|each|every)\s+)?(?:([a-z-]+)\s+)?{re.escape(self.thing)}s?\s+"
            r"(?:that|which|with|whose)\s+(.+)$",
            said,
        )
        after_thing = re.search(
            rf"^(?:a|an|the|each|every)\s+{re.escape(self.thing)}s?\s+([a-z-]+)\s+"
            r"(?:that|which|with|whose)\s+(.+)$",
            said,
        )
        if after_thing and after_thing.group(1) in self.known:
            # ("A nest On Hatch Watch with no emergence by day 70 shall also become ...")
            return after_thing.group(2), self._add(self._name(after_thing.group(1))), True
        if relative and re.search(r"\swhose\s+\S+(?:\s+\S+)?$", said):
            # ("a Found nest whose eggs are taken ...": the verb of "whose eggs", not the nest's)
            return said, "", False
        if relative and relative.group(1) in self.known:
            # ("A Released bottle that passes its expiry date shall become Expired": leaves
            # Released when it passes the date)
            return relative.group(2), self._add(self._name(relative.group(1))), True
        passed = relative and re.match(
            r"(?:passes|fails|completes|finishes|clears)\s+(?:the\s+|its\s+)?([a-z]+)$",
            relative.group(2),
        )
        named = [x for x in self.machine.states if passed[1] in x.lower().split()] if passed else []
        if len(named) == 1:
            # ("A cylinder that passes inspection shall become Filling": leaves Under
            # Inspection)
            return relative.group(2), named[0], True
        other = re.fullmatch(
            r"(?:an?|the)\s+([a-z]+)\s+one(?:\s+to\s+(?:move|send|put|go|become)(?:\s+it)?)?"
            r"(?:\s+to)?",
            said,
        )
        if other and self.last_subject:
            # ("a failed Quality Check sends it back ..., and a passed one to move it to Ready":
            # the one is the state just named)
            return other.group(1), self.last_subject, True
        if word in ("and", "then", "or"):
            # "it dispenses the drink and returns to idle": the verb shares the subject of
            # the one before it.
            return "", "", True
        sent = re.search(
            rf"\s(?:sends?|puts?|moves?|takes?|brings?)\s+(?:(?:the|a|an|this|its)\s+)?"
            rf"{re.escape(self.thing)}s?$",
            said,
        )
        if sent and self._is_thing(word):
            # ("a failed Test Ride sends the ticket back to ...": the state that sends it)
            why, state, _ = self._subject(piece, sent.start())
            if state:
                return why, state, True
        if self._is_thing(word):
            adjective = before[-2] if len(before) >= 2 and word not in lx.PRONOUNS else ""
            if adjective in self.name_words:
                adjective = ""  # "a washing machine" names the thing, not a state
            # ("A repaired wheelchair shall go back to ...": it leaves In Repair; "an Outplanted
            # fragment" leaves Outplanted, where that is a state, not Ready for Outplant)
            # ("a conditioned lot" leaves Conditioning)
            stem = adjective[:-2]
            named = [x for x in self.machine.states if x.lower() == adjective] or [
                x
                for x in self.machine.states
                if stem in x.lower().split()
                or (len(stem) >= 4 and any(w == f"{stem}ing" for w in x.lower().split()))
            ]
            if not named and adjective.endswith("ed") and adjective not in self.known:
                # ("an approved job goes to ...": it leaves Awaiting Approval)
                nouns = {adjective[:-2] + ending for ending in ("al", "ion", "ment")}
                named = [x for x in self.machine.states if nouns & set(x.lower().split())]
            state = named[0] if adjective.endswith("ed") and len(named) == 1 else ""
            if (
                not state
                and self.spelled
                and adjective.endswith("ed")
                and adjective not in self.known
                and _token(adjective) not in self.spelled
            ):
                # ("A returned book goes back to Available" where the states are written with
                # capitals: returning is what happens to it, from where it is)
                return adjective, "", True
            if not state and (
                adjective in self.known
                or (adjective.endswith(("ed", "en")) and self._state_word(adjective))
            ):
                state = self._add(self._name(adjective))
            cut = len(before) - (2 if state else 1)
            while cut > 0 and (
                before[cut - 1] in lx.DETERMINERS or before[cut - 1] in self.name_words
            ):
                cut -= 1
            return " ".join(before[:cut]), state, True
        if (
            len(before) >= 2
            and before[-2] in self.known
            and word not in lx.FUNCTION_WORDS
            and verb_base(word) is None
        ):
            # "An Approved loan becomes Funded": the loan is the thing, by another name.
            cut = len(before) - 2
            while cut > 0 and before[cut - 1] in lx.DETERMINERS:
                cut -= 1
            return " ".join(before[:cut]), self._add(self._name(before[-2])), True
        compound = (
            before[0] in ("if", "when")
            and len(before) >= 3
            and before[-2] not in lx.FUNCTION_WORDS
            and before[-2] not in self.known
            and not before[-2].endswith(("ed", "ing"))
        )
        if word in self.known and not compound:
            # (not "a limit switch fault is detected": a fault of the switch, no state)
            cut = len(before) - 1
            if cut >= 2 and before[cut - 1] == "in" and self._is_thing(before[cut - 2]):
                cut -= 2  # ("a job in Awaiting Parts becomes ...": the job, where it is)
            while cut > 0 and before[cut - 1] in lx.DETERMINERS:
                cut -= 1
            return " ".join(before[:cut]), self._add(self._name(word)), True
        return " ".join(before), "", False

    def _states_in(
        self,
        piece: str,
        allow_verb: bool,
        separator_state: bool = False,
        after_condition: bool = False,
    ) -> list[tuple[str, str, str]]:
        """(source named by the subject or "", state, event) for each state the clause
        reaches, in order."""
        found: list[tuple[int, int, str, str, str]] = []
        consumed: list[tuple[int, int]] = []  # (states named where nothing moves)

        def add(
            match: re.Match,
            name: str,
            needs_thing: bool,
            act: str = "",
            verb: bool = False,
            source: str = "",
            named_after: bool = False,
        ) -> None:
            if any(
                s <= match.start() < e or match.start() <= s < match.end()
                for s, e, *_ in found + consumed
            ):
                return
            before, state, is_thing = self._subject(piece, match.start())
            state = source or state
            if needs_thing and not is_thing:
                return
            if named_after:
                before = ""  # ("everything pauses - call it Holding": the name, not why)
            if verb and before:
                # "the courier marks it lost": who acts and the act are the event
                before += " " + match.group(0).split()[0]
            if re.match(r"^(?:the\s+)?system\b", before):
                # "The system shall move it to Archived when ...": the when is the event.
                before = ""
            # "from under review the claim becomes ...", "... and from there to": where it
            # comes from, not why.
            for where in re.finditer(r"\bfrom\s+(there|here|[a-z-]+)\b", before):
                if where.group(1) in ("there", "here") or where.group(1) in self.known:
                    before = before[where.end() :]
            # "the deposit moves from Protected to ...": how it goes, the when says why
            gone = re.sub(
                r"\s*\b(?:(?:moves?|go|goes|changes?|switch(?:es)?|pass(?:es)?)\s+)?from$",
                "",
                before,
            )
            if gone != before:
                # ("at 00:30 the light shall switch from On Full to ...": at 00:30)
                thing = re.escape(self.thing)
                modal = r"(?:\s+(?:shall|will|must|should|can|may))?"
                before = re.sub(rf"\s*\b(?:the\s+|an?\s+)?{thing}s?{modal}$", "", gone)
                # ("move a horse from Quarantine to ... once it passes": the once says why)
                before = re.sub(r"^(?:moves?|puts?|sends?|takes?)$", "", before)
            # "submitting the claim moves it to submitted": the act before "moves it".
            # ("put a job in On Hold": the act that puts it there says nothing of why)
            thing = rf"(?:an?|the|this|that)\s+(?:[a-z]+\s+)?{re.escape(self.thing)}"
            before = re.sub(
                rf"\s*\b(?:moves?|puts?|sends?|brings?|(?<!\bon )returns?|start)"
                rf"(?:\s+(?:it|them|{thing}))?(?:\s+(?:in|into))?$",
                "",
                before,
            )
            # ("or straight to Scheduled", "and on to In Paint": how it goes, not why)
            before = re.sub(
                r"^(?:(?:or|and)\s+)?(?:it\s+)?(?:(?:goes|go|moves?)\s+)?(?:straight|directly|on|back)$",
                "",
                before,
            )
            # "the claim becomes": the thing and its verb say nothing of why.
            # ("the bottle shall become", "the bottle shall be")
            # ("the turbine shall enter": entering says no more of why)
            copula = bool(re.search(r"\b(?:becomes?|be|enters?)$", before))
            words = re.sub(
                # ("it shall go straight to ...": how it goes says nothing of why either)
                r"\s*\b(?:(?:shall|must|will|should|can|may|has to|have to|needs to)\s+)?"
                r"(?:then\s+)?(?:becomes?|be(?:\s+marked)?|enters?"
                r"|(?:go|goes|move|moves)\s+(?:straight|directly|immediately))$",
                "",
                before,
            ).split()
            named = [w for w in words if w not in lx.DETERMINERS]
            if (
                all(w in lx.DETERMINERS or self._is_thing(w) for w in words)
                or (
                    # ("the heat pump shall enter": the thing by its whole name)
                    1 < len(named) <= 3
                    and self._is_thing(named[-1])
                    and all(w in self.name_words for w in named[:-1])
                )
                or (
                    # ("If any check fails, the request shall become Rejected": the subject says
                    # nothing of why, the condition does)
                    copula
                    and len(words) == 2
                    and words[0] in ("the", "a", "an", "each", "every", "this", "its", "their")
                )
            ):
                before = ""
            event = _event(before) or act
            tail = re.match(r"\s*((?:after|when|if|once)\s.*)", piece[match.end() :])
            if not event and tail:
                event = _event(tail.group(1))
            found.append((match.start(), match.end(), state, name, event))

        for m in _CREATED.finditer(piece):
            w = m.group("w") or m.group("bare") or m.group("initially")
            if re.match(r"(?:sits?|rests?)\b", m.group(0)) and self.machine.states:
                continue  # ("then sits in Ready": a next state, not where it begins)
            if self._state_word(w):
                add(m, w, True)
                if not self.machine.initial:
                    self.machine.initial = self._add(self._name(w))
        for m in _FOR.finditer(piece):
            if self._state_word(m.group("w"), noun_ok=True):
                add(m, "in " + m.group("w"), False, verb_base(m.group(0).split()[0]) or "")
        for m in _HELD_AS.finditer(piece):
            if m.group("called") and m.group("called") in self.spelled:
                add(m, m.group("called"), False, named_after=True)
            elif m.group("w") and self._state_word(m.group("w"), noun_ok=True):
                add(m, m.group("w"), True)
        for m in _TO.finditer(piece):
            w = m.group("w")
            if self._state_word(w, noun_ok=not m.group("the")):
                add(m, w, True)
        for m in _SWITCHED.finditer(piece):
            add(m, m.group("w"), True)
        for m in _COPULA.finditer(piece):
            if m.group("named"):
                # "the draft state" names a state, whatever else "draft" may be
                if self._state_word(m.group("named"), noun_ok=True):
                    add(m, m.group("named"), True)
                continue
            w = m.group("w")
            if w.startswith(("in ", "on ")) and w[3:] in self.spelled:
                w = w[3:]  # ("sits in Standby": the state Standby, not "In Standby")
            if w in _TAKEN and re.match(r"\s+(?:back\s+)?(?:in)?to\b", piece[m.end() :]):
                continue  # "it is moved into Brining": where it goes is the state
            following = re.match(r"\s+(?:as\s+)?([a-z][a-z-]+)", piece[m.end() :])
            if w.endswith("ed") and following and following.group(1) in self.spelled:
                continue  # ("shall be marked Delayed Handover": the state is the one named)
            if re.search(r"\bstill\b", m.group(0)):
                # ("a warning if it is still Received after 25 days": where it is, no way)
                consumed.append((m.start(), m.end()))
                continue
            if self._state_word(w) and not (verb_base(w) and not w.endswith(("ed", "en", "ing"))):
                if after_condition and re.match(r"(?:stays?|remains?)\b", m.group(0)):
                    # ("if the tenancy is renewed, the deposit stays Protected": it is there
                    # and stays there)
                    add(m, w, True, source=self._add(self._name(w)))
                    continue
                add(m, w, True)
        alone = re.fullmatch(r"(?:then\s+)?([a-z]+)", piece)
        if alone and separator_state and self._state_word(alone.group(1)):
            # "an order is placed, then paid, then shipped"
            w = alone.group(1)
            if w.endswith(("ed", "en")) or not verb_base(w):
                found.append((0, len(piece), "", w, ""))
        for m in _STARTS.finditer(piece):
            add(m, m.group("w"), True)
        for token in self.spelled:
            # "marks it Delivered", "show as Open": a state the text spells with capitals.
            for m in re.finditer(rf"(?<![\w-]){re.escape(token)}(?![\w-])", piece):
                after = piece[m.end() :].split()
                said = piece[: m.start()].rstrip()
                if after and (
                    self._is_thing(after[0])
                    or (
                        # ("puts it into Fault (locked down)": a bracket says more of it)
                        not (after[0].startswith("(") and re.search(r"\binto?$", said))
                        and after[0] not in lx.FUNCTION_WORDS | _DANGLING
                        and after[0] not in _PROCESS_WORDS | {"status", "mode", "stage", "phase"}
                        and verb_base(after[0]) is None
                        and after[0] not in self.known
                    )
                ):
                    continue  # "an Approved loan becomes ...": the state it leaves
                if (
                    said
                    and (
                        re.search(r"\b(?:a|an|the|each|every|any)(?:\s+[a-z-]+)?$", said)
                        or re.search(rf"\b{re.escape(self.thing)}s?\s+in$", said)
                    )
                    and after
                    and after[0] in ("sends", "puts", "moves", "takes", "becomes", "goes")
                ):
                    # ("a job in Awaiting Parts becomes ...", "a failed Test Ride sends it
                    # back ...": the state it is in does what follows)
                    continue
                if (
                    after
                    and re.search(
                        rf"\b(?:a|an|the|each|every|any)\s+{re.escape(self.thing)}$", said
                    )
                    and (after[0] in _MODALS or after[0] in ("with", "that", "which", "whose"))
                ):
                    # ("A nest On Hatch Watch shall become Hatching", "... with no emergence by
                    # day 70 shall ...": the state the thing is in, no way into it)
                    continue
                add(m, token, False)
        for m in _MARKS.finditer(piece):
            w = m.group("w")
            if m.group("o") and not self._is_thing(m.group("o")):
                continue
            if (
                w.split()[0].endswith(("ed", "en")) or w in _IRREGULAR_PARTICIPLES
            ) and self._state_word(w.split()[0], noun_ok=True):
                # "marks a confirmed booking as checked in": from confirmed
                adjective = m.group("adj") or ""
                source = (
                    self._add(self._name(adjective))
                    if adjective in self.known and adjective != w
                    else ""
                )
                add(m, w, False, verb=True, source=source)
        for m in _BECOMES_A.finditer(piece):
            if self._state_word(m.group("w"), noun_ok=True):
                add(m, m.group("w"), True)
        for m in _MOVES.finditer(piece):
            moved = m.group("o").split()[-1]
            if self._is_thing(moved) and self._state_word(m.group("w"), noun_ok=not m.group("the")):
                add(m, m.group("w"), False, verb=True)
        for m in _SHOWS.finditer(piece):
            if m.group("w") in self.known or self._state_word(m.group("w")):
                add(m, f"{m.group('v')}ing {m.group('w')}", True)
        for m in _ALONE.finditer(piece):
            verb = m.group("w")
            stem = verb_base(verb) or verb
            same = [
                s for s in self.known if s.startswith(stem[:-1] if stem.endswith("e") else stem)
            ]
            add(m, same[0] if same else INTRANSITIVE[verb], True)
        self.worded += len(found)
        if not found and allow_verb:
            self._acted_on(piece, found)
        found.sort()
        return [
            (state, name, event, k > 0 and bool(_OR.fullmatch(piece[found[k - 1][1] : start])))
            for k, (start, _, state, name, event) in enumerate(found)
        ]

    def _acted_on(self, piece: str, found: list) -> None:
        """ "which publishes it", "a customer can cancel an order", "halts the elevator": a
        verb done to the thing leaves it in the verb's participle."""
        pattern = (
            r"\b(?P<v>[a-z]+)\s+(?:(?:it|them)(?=$|\s+(?:and|or|but|when|if|to|in|on|at|for|with"
            r"|again|back|until|while)\b)|(?:the|an?|this|that|my|your|our|their|its)\s+(?:[a-z]+\s+)?"
            + re.escape(self.thing)
            + r"s?\b)"
        )
        for m in re.finditer(pattern, piece):
            verb = m.group("v")
            if (
                verb in lx.FUNCTION_WORDS
                or not verb_base(verb)
                or verb.endswith(("ing", "ed"))
                or verb in ("turns", "turn", "switches", "switch")
            ):
                continue
            before = piece[: m.start()].split()
            while before and before[-1] in _SKIP_BEFORE_VERB:
                before.pop()
            while before and before[0] in ("which", "who"):
                before = before[1:]
            event = " ".join(before) if before and before[0].endswith("ing") else verb
            found.append((m.start(), m.end(), "", past_participle(verb, self.text), _event(event)))
            return

    def _verb_event(self, piece: str) -> str:
        """ "the reviewer either approves it" -> "approves": the act, when the clause acts on
        the thing."""
        m = re.search(r"\b([a-z]+)\s+(?:it|them)\b", piece)
        if m and verb_base(m.group(1)) and m.group(1) not in lx.FUNCTION_WORDS:
            return m.group(1)
        return ""
