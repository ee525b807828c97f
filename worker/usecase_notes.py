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
_DOER_LINE = re.compile(r"^\s*[-*•]\s*(?P<who>[a-z][a-z -]{1,30}?)\s*:\s*(?P<verb>[a-z]+)\b", re.M)


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
