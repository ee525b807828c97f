"""«include» and «extend» between use cases, read from what a scenario says of them.

    "Booking an appointment shall always include checking the patient's insurance."
        Book Appointment ..> Check Insurance : <<include>>
    "As a teacher, I want to record attendance and enter grades, and I must log in before
    doing either."                      Record Attendance, Enter Grades ..> Log In : <<include>>
    "As a guest I can optionally add breakfast or airport pickup to a booking."
        Add Breakfast, Add Airport Pickup ..> Book Room : <<extend>>
    "pay by app (extends pay)"          Pay By App ..> Pay : <<extend>>

A phrase is matched to a use case already drawn by the stems of its words ("booking" and
"Book Room", "renewal" and "Renew Permit"); one that matches none is drawn as a new use case
(a gerund becomes its verb: "checking my card" is "Check Card").
"""

from __future__ import annotations

import re

from worker import lexicon as lx
from worker.analysis import Analysis, display, verb_base
from worker.plan import Link, Plan

# At most this many «include» and «extend» arrows: more would hide the actors' links.
MAX_LINKS = 6

_INCLUDE = re.compile(
    r"\b(?:shall\s+|should\s+|must\s+|will\s+|always\s+|also\s+)*"
    # ("..., including the request ID" lists parts of a thing, not a use case's steps)
    r"(?:includes?|requires?|involves?)\s+(?P<part>[a-z]+ing\b[^.;:(),]*)",
    re.I,
)
_LOG_IN = re.compile(
    r"\b(?:must|has to|have to|needs? to|should)\s+(?:first\s+)?(?P<verb>log|sign)\s+in\b"
    r"(?:\s+first)?\s+before\s+(?P<before>[^.;]+)",
    re.I,
)
_EITHER = re.compile(
    r"^(?:doing\s+)?(?:either|both|so|that|this|these|them|any of (?:these|them))\b"
)
# "let members answer a page with ..., and optionally share their live location"
_AND_OPTIONALLY = re.compile(
    r"(?:let\s+[\w\s]+?\s+|to\s+|can\s+)(?P<base>[a-z]+\s[^;.]+?),?\s+and\s+(?:can\s+|may\s+)?"
    r"optionally\s+(?P<ext>[a-z]+\s[^,;.]+)",
    re.I,
)
# "book slot always includes check member subs paid": a step named by its bare verb
_INCLUDE_VERB = re.compile(
    r"\b(?:always\s+|also\s+)*includes?\s+(?P<part>[a-z]+\s[^.;:(),]*)", re.I
)
# "which always includes a police background check run by an outside service": a step
# named by a noun, said to be always part of what came before
_ALWAYS_NOUN = re.compile(
    r"\balways\s+(?:includes?|involves?|requires?)\s+(?:an?|the)\s+"
    r"(?P<part>[a-z]+(?:[ -][a-z]+){0,6})",
    re.I,
)
# "parental consent is always part of sign-up"
_PART_OF = re.compile(
    r"(?P<part>\b(?:[a-z]+\s+){0,2}[a-z]+)\s+(?:is|are)\s+always\s+(?:a\s+)?part\s+of\s+"
    r"(?:the\s+|every\s+|each\s+|their\s+|a\s+)?(?P<whole>[a-z][a-z-]*(?:\s+[a-z][a-z-]*)?)",
    re.I,
)
# Steps that scenarios name by a noun, and the doing that names them as a use case.
_DOING = {
    "payment": "paying",
    "registration": "registering",
    "login": "logging in",
    "authentication": "authenticating",
    "verification": "verifying identity",
    "checkout": "checking out",
}
_INCLUDED_NOUN = re.compile(
    rf"\b(includes?|requires?)\s+(?:an?\s+|the\s+)?({'|'.join(_DOING)})\b", re.I
)
# "borrow demijohns (optional add-on to book slot, only if in stock)"
_ADD_ON = re.compile(
    r"(?P<ext>[^,.;:()>]+?)\s*\(\s*optional(?:\s+add-?on|\s+extra)?\s+(?:to|for|of)\s+"
    r"(?P<base>[^),;]+)",
    re.I,
)
# "while out on a trip they can optionally extend their booking": the booking's extension
_OPTIONAL_ALONE = re.compile(
    r"\boptionally\s+(?P<verb>extend|renew|upgrade|change|modify|amend|reschedule)\s+"
    r"(?:their|the|a|an|his|her|its|my|our)\s+"
    r"(?P<base>[a-z]+)\s*(?=[.;,]|$)",
    re.I,
)
_EXTENDS = re.compile(r"(?P<ext>[^,.;:()>]+?)\s*\(\s*extends\s+(?P<base>[^)]+)\)", re.I)
_OPTIONAL = re.compile(
    r"\boptionally\s+(?P<ext>[^.;]+?)\s+(?:to|when|while|during|after|for|on)\s+"
    r"(?P<base>[^.;,]+)",
    re.I,
)
_LENGTH = re.compile(
    r"(?:\d+|an?|one|two|three|four|five|six|seven|ten)\s+(?:more\s+|extra\s+)?"
    r"(?:days?|weeks?|months?|hours?|years?|nights?)\b",
    re.I,
)
_CUT = re.compile(
    r"\s+(?:with|through|via|by|from|at|in|on|for|to|before|after|so|and|or)\b.*$", re.I
)


def add_include_extend(plan: Plan, analysis: Analysis) -> None:
    """Adds to plan the «include» and «extend» arrows that the scenario states. The text as
    written is read too: a note's "(extends pay)" is gone from the sentences analysed."""
    texts = [s.text for s in analysis.sentences]
    texts += [
        t
        for t in re.split(r"(?<=[.!?;])\s+|\n", analysis.scenario)
        if _EXTENDS.search(t) or _ADD_ON.search(t) or re.search(r"\(\s*includes?\s", t)
    ]
    added = 0
    for text in texts:
        for base, part, kind in _stated(text):
            if added >= MAX_LINKS:
                return
            base_case = _case(
                plan,
                base,
                # ("paging members shall always include ...": a use case the text names by
                # what is done, drawn if it is not yet)
                create=(kind == "extend" and len(base.split()) == 1) or _a_doing(base),
            )
            if base_case is None:
                continue
            kind = "extend" if kind == "alters" else kind
            part_case = _case(plan, part, create=True, exclude=base_case)
            if part_case is None or base_case == part_case:
                continue
            link = (
                Link(base_case, part_case, "include")
                if kind == "include"
                else Link(part_case, base_case, "extend")
            )
            if link not in plan.links:
                plan.links.append(link)
                added += 1


def _stated(text: str) -> list[tuple[str, str, str]]:
    """(base phrase, included or extending phrase, "include" or "extend") said in text."""
    found = []
    # ("booking always includes payment": a step named by what it does)
    text = _INCLUDED_NOUN.sub(lambda m: f"{m[1]} {_DOING[m[2].lower()]}", text)
    included = [*_INCLUDE.finditer(text)] or [
        m for m in _INCLUDE_VERB.finditer(text) if _bare_verb(m.group("part").split()[0])
    ]
    for match in included:
        before = re.split(r",?\s+(?:which|that)\b", text[: match.start()])[0]
        # ("public visitor: join as member (includes pay subs)": what follows the colon)
        before = before.rsplit(":", 1)[-1].rstrip(" (")
        # ("a kit check may optionally include raising a repair request": it extends it)
        kind = "extend" if re.search(r"\boptionally\s*$", before) else "include"
        before = re.sub(r"\s+(?:may|can|shall|will)?\s*optionally\s*$", "", before)
        found.append((_last_words(before), match.group("part"), kind))
    if not included:
        for match in _ALWAYS_NOUN.finditer(text):
            before = re.split(r",?\s+(?:which|that)\b", text[: match.start()])[0]
            part = re.split(r"\s+(?:[a-z]+ed|run|done|made|given)\s+by\b", match["part"])[0]
            found.append((_last_words(before), _CUT.sub("", part), "include"))
    for match in _PART_OF.finditer(text):
        found.append((match["whole"], match["part"], "include"))
    for match in _AND_OPTIONALLY.finditer(text):
        # "answer a page with 'attending' ..., and optionally share their live location": an
        # option of what was just done
        found.append((_last_words(_CUT.sub("", match.group("base"))), match.group("ext"), "extend"))
    for match in _LOG_IN.finditer(text):
        login = f"{match.group('verb')} in"
        before = match.group("before").strip()
        if _EITHER.match(before):
            # "... record attendance and enter grades, and I must log in before doing either"
            for phrase in _verb_phrases(text[: match.start()]):
                found.append((phrase, login, "include"))
        else:
            found.append((before, login, "include"))
    for match in _EXTENDS.finditer(text):
        ext = re.split(r"->|→|:|,", match.group("ext"))[-1]
        found.append((match.group("base"), ext, "extend"))
    for match in _ADD_ON.finditer(text):
        ext = re.split(r"->|→|:", match.group("ext"))[-1]
        ext = re.split(r"\s+\+\s+|\s+and\s+", ext.strip())[0]
        if ext.split() and ext.split()[0].lower() in lx.VERBS:  # ("airlocks" alone: no step)
            found.append((match.group("base"), ext, "extend"))
    for match in _OPTIONAL_ALONE.finditer(text):
        # (the thing changed is a use case drawn already: "their booking" is "Book ...")
        found.append(
            (match.group("base"), f"{match.group('verb')} {match.group('base')}", "alters")
        )
    for match in _OPTIONAL.finditer(text):
        if _LENGTH.match(match.group("base")):
            continue  # ("optionally extend a loan for two more weeks": how long, no use case)
        verb, *rest = match.group("ext").split()
        objects = re.split(r"\s+(?:or|and)\s+|,\s*", " ".join(rest))
        for obj in objects:
            found.append((match.group("base"), f"{verb} {obj}", "extend"))
    return found


def _bare_verb(word: str) -> bool:
    """ "check", "pay": a verb the lexicon knows, in its base form."""
    word = word.lower()
    return word in lx.VERBS and verb_base(word) == word


def _a_doing(phrase: str) -> bool:
    """Whether a phrase names something done: "paging members", "answer a page"."""
    words = _content(_CUT.sub("", phrase.strip()))
    if len(words) < 2:
        return False
    first = words[0].lower()
    base = verb_base(first)
    return base is not None and (first.endswith("ing") or base == first)


def _last_words(text: str) -> str:
    """The end of a clause, what a base phrase before "includes" can be: "book a room and pay
    a deposit" -> "pay a deposit"."""
    last = re.split(r"\s+(?:and|or)\s+(?=[a-z]+\s+(?:a|an|the|my|their|its)\b)", text)[-1]
    return " ".join(last.split()[-6:])


def _verb_phrases(text: str) -> list[str]:
    """ "I want to record attendance and enter grades, and" -> two phrases, each from a verb."""
    words = re.findall(r"[A-Za-z']+", text)
    starts = [
        i
        for i, word in enumerate(words)
        if word.lower() in lx.VERBS
        and word.lower() not in ("want", "need", "can", "is", "are", "wish", "like")
        and verb_base(word.lower()) == word.lower()
    ]
    return [" ".join(words[a:b]) for a, b in zip(starts, starts[1:] + [len(words)], strict=True)]


def _stem(word: str) -> str:
    """ "booking", "books" and "book"; "renewal" and "renew"; "grades" and "grade"."""
    word = word.lower().strip("'’")
    for suffix in ("ments", "ment", "ings", "ing", "als", "al", "s", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word.removesuffix("e")[:5]


def _content(phrase: str) -> list[str]:
    return [
        w
        for w in re.findall(r"[A-Za-z']+", phrase)
        if w.lower() not in lx.FUNCTION_WORDS and not w.lower().endswith(("'s", "’s"))
    ]


def _case(plan: Plan, phrase: str, *, create: bool, exclude: str | None = None) -> str | None:
    """The name of the use case phrase means: a drawn one whose verb and a word match, else,
    when create, a new one from the phrase."""
    cases = [e.name for e in plan.elements if e.kind == "usecase" and e.name != exclude]
    login = re.match(r"(log|sign)\s+in\b", phrase.strip(), re.I)
    words = [login.group(1), "in"] if login else _content(_CUT.sub("", phrase.strip()))
    if not words:
        return None
    wanted = display(_named(words).split())
    exact = next((c for c in cases if c.lower() == wanted.lower()), None)
    if exact is not None:
        return exact
    if not login:
        best = _matching(cases, words) or (None if exclude else _by_its_things(cases, words))
        if best is not None:
            return best
    if not (create or login):
        return None
    return plan.add(wanted, "usecase").name


def _matching(cases: list[str], words: list[str]) -> str | None:
    """The drawn use case whose verb is the phrase's (or its noun's: "booking", "renewal")
    and that shares the most stems with it."""
    stems = [_stem(w) for w in words]
    best, best_score = None, 0
    for case in cases:
        case_stems = [_stem(w) for w in case.split()]
        shared = len(set(stems) & set(case_stems))
        if case_stems and case_stems[0] in stems and shared > best_score:
            if len(words) == 1 or shared >= 2 or len(case_stems) == 1:
                best, best_score = case, shared
    return best


def _by_its_things(cases: list[str], words: list[str]) -> str | None:
    """The one drawn use case whose words after its verb hold every word of a phrase named
    by its things alone: "a kit check" is "Record Kit Checks"."""
    stems = {_stem(w) for w in words}
    if len(stems) < 2:
        return None
    found = [c for c in cases if stems <= {_stem(w) for w in c.split()[1:]}]
    return found[0] if len(found) == 1 else None


def _named(words: list[str]) -> str:
    """ "checking card" -> "check card"; "log in" stays."""
    first = words[0].lower()
    base = verb_base(first) if first.endswith("ing") else None
    head = [base or first]
    rest = [w.lower() for w in words[1:]]
    return " ".join(head + rest[-2:]) if rest else head[0]


def merge_shortened(plan: Plan, scenario: str) -> None:
    """One thing said twice, once in full and once shortened, is drawn once: "Book Slot"
    after "Book Press Slot" (same verb, same last word); the actor "Owner" when "cat owners"
    came first ("Users ... admin users" keeps both: the shorter came first)."""
    text = scenario.lower()
    for kind in ("usecase", "actor"):
        names = [e.name for e in plan.elements if e.kind == kind]
        for short in names:
            words = short.lower().split()
            longer = [
                n
                for n in names
                if n != short
                and _shortens(words, n.lower().split(), kind)
                and (kind == "usecase" or _first_at(text, n) <= _first_at(text, short))
            ]
            if len(longer) == 1:
                _redirect(plan, short, longer[0])


def _shortens(short: list[str], full: list[str], kind: str) -> bool:
    if len(short) >= len(full) or short[-1] != full[-1]:
        return False
    if kind == "actor":
        return full[-len(short) :] == short
    rest = iter(full)
    return short[0] == full[0] and all(w in rest for w in short)


def _first_at(text: str, name: str) -> int:
    words = [re.escape(w) for w in name.lower().split()]
    found = re.search(r"\b" + r"\s+".join(words), text)
    return found.start() if found else len(text)


def _redirect(plan: Plan, old: str, new: str) -> None:
    plan.elements = [e for e in plan.elements if e.name != old]
    links = []
    for link in plan.links:
        link.source = new if link.source == old else link.source
        link.target = new if link.target == old else link.target
        if link.source != link.target and link not in links:
            links.append(link)
    plan.links = links
