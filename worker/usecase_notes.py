"""Who does what, written as notes: "- driver applicant - apply new licence / renew, book
knowledge test, pay fee", one line per role. Each role is an actor (a bracket such as
"(ext)" is no part of its name) and each thing it does one of its use cases; "paying fee
always part of apply + renew" is an include."""

from __future__ import annotations

import re

from worker import lexicon as lx
from worker.analysis import display, singular, singular_key, verb_base
from worker.plan import Link, Plan

# "- licensing officer - review apps, approve / refuse" ("- candidate: upload thesis pdf",
# with a colon, is read with the rest of the text)
_ROLE_LINE = re.compile(
    r"^\s*[-*•]\s*(?P<who>[A-Za-z][\w .'&/]{1,40}?(?:\s*\([^()]{1,30}\))?)\s+[-–]\s+"
    r"(?P<what>\S.+)$"
)
_ALWAYS = re.compile(
    r"(?P<part>[\w /+-]{3,40}?)\s+(?:is\s+)?always\s+(?:part of|included in|includes?|inside)\s+"
    r"(?P<whole>[\w /+,-]{3,60})",
    re.I,
)
_MIN_ROLES = 3


def read_roles(scenario: str) -> Plan | None:
    """The use case diagram the notes describe, or None for text that is not such notes."""
    if re.search(r"^\s*use case\b", scenario, re.I | re.M):
        return None  # (a use case document: its sections say who and what)
    sections = _sections(scenario)
    if sections is not None:
        return sections
    roles = []
    for line in scenario.splitlines():
        found = _ROLE_LINE.match(line)
        if found is None:
            continue
        who, what = found.group("who").strip(), found.group("what").strip()
        if what.split()[0].lower() in lx.FUNCTION_WORDS:
            continue  # ("- User: The person who wants to register": who they are, not a doing)
        if len(re.sub(r"\([^()]*\)", "", who).split()) > 5 or "->" in what:
            return None  # (a part and what it talks to: component notes, not roles)
        roles.append((who, what))
    if len(roles) < _MIN_ROLES:
        return None
    plan = Plan("usecase")
    plan.boundary = _system(scenario)
    cases: list[str] = []
    for who, what in roles:
        name = display(re.sub(r"\s*\([^()]*\)", "", who).split())
        actor = plan.add(name, "actor")
        for item in _items(what):
            case = plan.add(item, "usecase")
            if case.name not in cases:
                cases.append(case.name)
            plan.links.append(Link(actor.name, case.name))
    if len([e for e in plan.elements if e.kind == "usecase"]) < _MIN_ROLES:
        return None
    for found in _ALWAYS.finditer(scenario):
        part = _case_for(found.group("part"), cases)
        for whole in re.split(r"\s*(?:\+|,|\band\b)\s*", found.group("whole")):
            owner = _case_for(whole, cases)
            if part and owner and owner != part:
                plan.links.append(Link(owner, part, "include"))
    return plan


def _system(scenario: str) -> str:
    """The notes' first line, when it names what the roles use ("hackney + private hire
    licensing portal (council, team mtg 4/2)"), without its bracket."""
    first = next((line.strip() for line in scenario.splitlines() if line.strip()), "")
    if _ROLE_LINE.match(first) or first.endswith(":") or len(first.split()) > 14:
        return ""
    named = re.sub(r"\s*\([^()]*\)", "", first).strip(" -:.")
    named = re.split(r"\s+[-–]\s+", named)[0]
    return display(named.split()) if named else ""


def _items(what: str) -> list[str]:
    """The things a role does, one per comma outside brackets."""
    what = re.sub(r"\s*\([^()]*\)", "", what)
    items = []
    for item in re.split(r"\s*[,;]\s*", what):
        item = re.sub(r"\s+", " ", item).strip(" .")
        if len(item) < 3 or not re.search(r"[a-z]", item, re.I):
            continue
        words = item.split()
        base = verb_base(words[0])
        if base and words[0].lower().endswith("s") and base != words[0].lower():
            words[0] = base  # ("validates QR": Validate QR)
        # ("Make a Complaint": small words after the first stay small)
        items.append(
            " ".join(
                w if i and w in lx.FUNCTION_WORDS else display([w]) for i, w in enumerate(words)
            )
        )
    return items


def _case_for(words: str, cases: list[str]) -> str:
    """The use case whose first word is the first word of words, said as a verb ("paying fee"
    is Pay Fee; "apply" is Apply New Licence / Renew)."""
    said = re.findall(r"[a-z]+", words.lower())
    if not said:
        return ""
    stem = verb_base(said[0]) or said[0]
    rest = set(said[1:])
    best = ""
    for case in cases:
        first = case.split()[0].lower()
        if (verb_base(first) or first) != stem:
            continue
        if not best or rest & set(case.lower().split()):
            best = case
    return best


# "- section leader: approves new members, plans slots": a note's head, then what it does
# ("- ops (Chipo): set daily capacity": who the bracket names does it)
_DOER_LINE = re.compile(
    r"^\s*[-*•]\s*(?P<who>[a-z][a-z -]{1,30}?)\s*(?:\([^()]{1,30}\))?\s*:\s*(?P<verb>[a-z]+)\b",
    re.M,
)


def noted_doers(scenario: str) -> set[str]:
    """The heads of notes that each say what someone does, when two or more lines do."""
    found = {
        singular_key(m["who"])
        for m in _DOER_LINE.finditer(scenario)
        if verb_base(m["verb"]) is not None
        and m["verb"] not in lx.FUNCTION_WORDS
        and singular(m["who"].split()[-1]) not in lx.SYSTEM_WORDS
    }
    return found if len(found) >= 2 else set()


# "host family:" on a line of its own, then what the role does, one "- " bullet each
_HEAD = re.compile(r"^\s*(?P<who>[A-Za-z][\w .'&/-]{1,40}?)\s*:\s*(?P<rest>.*)$")
_BULLET = re.compile(r"^\s*[-*•]\s*(?P<item>\S.*)$")
_LISTS_ACTORS = frozenset("actors actor roles users who".split())
_EVERYONE = frozenset({"everyone", "everybody", "all", "all users"})
# ("monthly check-in form -> always incl. short mood survey": a part it always has)
_ALWAYS_ARROW = re.compile(r"^\s*always\s+(?:incl\.?|includes?|including)\s+(?P<part>.+)$", re.I)


def _sections(scenario: str) -> Plan | None:
    """Notes that list the actors, then give each a head ("student:") over bullets of what
    it does ("- fill profile (interests, diet)"). A head names an actor the list gives
    ("student" is the listed "exchange student"), or "everyone", whose line every actor
    does; None for text that is not such notes."""
    listed: list[str] = []  # the actors the notes list, in order
    asides: dict[str, str] = {}  # what a listed actor's bracket says of it
    done: dict[str, list[str]] = {}  # an actor's name -> the bullets under its head
    head = ""
    for line in scenario.splitlines():
        bullet = _BULLET.match(line)
        if bullet:
            if head == "actors":
                name, _, said = bullet["item"].partition("(")
                listed.append(name.strip())
                asides[name.strip().lower()] = said
            elif head:
                done[head].append(bullet["item"])
            continue
        found = _HEAD.match(line)
        if found is None or len(found["who"].split()) > 4:
            head = ""
            continue
        who = found["who"].strip().lower()
        if who in _LISTS_ACTORS:
            head = "actors"
            continue
        head = _listed_actor(who, listed) or (who if who in _EVERYONE else "")
        if head:
            done.setdefault(head, [])
            if found["rest"].strip():
                done[head].append(found["rest"])  # ("everyone: login w/ 2fa")
    doers = {who: items for who, items in done.items() if items and who not in _EVERYONE}
    if len(listed) < 2 or len(doers) < 2:
        return None
    plan = Plan("usecase")
    plan.boundary = _system(scenario)
    actors = {who: plan.add(display(who.split()), "actor").name for who in doers}
    for who, items in done.items():
        for item in items:
            case, *after = re.split(r"\s*(?<!<)->\s*", item, maxsplit=1)
            made = []
            # ("do home visit + file visit report": two things; "profile + photos": one)
            case = re.sub(
                r"\s+\+\s+(?=(\w+))",
                lambda m: ", " if verb_base(m[1].lower()) == m[1].lower() else " and ",
                _plain(case),
            )
            for name in _items(case):
                made.append(plan.add(name, "usecase").name)
                for actor in [actors[who]] if who in actors else actors.values():
                    plan.links.append(Link(actor, made[-1]))
            always = _ALWAYS_ARROW.match(after[0]) if after else None
            # ("always incl. booking a home visit": Book a Home Visit)
            part = _items(_plain(_base_first(always["part"]))) if always else []
            if made and part:
                plan.links.append(Link(made[-1], plan.add(part[0], "usecase").name, "include"))
    for name in listed:
        # ("partner agency abroad (ext. system, pushes student files via api)": a listed
        # actor with no head of its own takes part in the use cases its bracket names)
        said = _content_words(asides.get(name.lower(), ""))
        if name.lower() in done or not said:
            continue
        for case in [e.name for e in plan.elements if e.kind == "usecase"]:
            if len(said & _content_words(case)) >= 2:
                actor = plan.add(display(name.split()), "actor").name
                plan.links.append(Link(actor, case))
    return plan


def _base_first(text: str) -> str:
    first, _, rest = text.strip().partition(" ")
    base = verb_base(first.lower()) if first.lower().endswith("ing") else None
    return f"{base} {rest}" if base and base != first.lower() else text


def _content_words(text: str) -> set[str]:
    return {singular(w) for w in re.findall(r"[a-z]{3,}", text.lower())} - lx.FUNCTION_WORDS


def _listed_actor(head: str, listed: list[str]) -> str:
    """The listed actor a head names: itself, or the one whose name ends with its words
    ("volunteer" is "local volunteer")."""
    for name in listed:
        if name.lower() == head or name.lower().endswith(" " + head):
            return name.lower()
    return ""


def _plain(item: str) -> str:
    """An item without its bracket and what follows a colon ("upload docs: ids + cert"),
    with "w/" said as "with" and "<->" as "and"."""
    item = re.sub(r"\s*\([^()]*\)", "", item.split(":")[0])
    return re.sub(r"\s*<->\s*", " and ", re.sub(r"\bw/\s*", "with ", item))
