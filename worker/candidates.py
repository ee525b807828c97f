"""Names a diagram of a scenario is likely to use, read from the scenario itself.

Scenarios are usually structured ("Use Case Actors:\\n1. Front desk staff\\n2. Patient",
"Use Case Flow: ..."), and about half of the names in a reference diagram occur there
verbatim: actors, the system, and capitalised or repeated noun phrases. A small model copies
these far more reliably from a numbered list than it spells them from nothing.
"""

from __future__ import annotations

import re
from collections import Counter

MAX_CANDIDATES = 24

_SECTION = re.compile(r"^\s*(?:Use Case\s+)?([A-Z][A-Za-z ]{1,40}):\s*(.*)$")
_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s*(.+?)\s*$")
_PARENS = re.compile(r"\s*\([^)]*\)")
_WORD = r"[A-Za-z][A-Za-z0-9'&/-]*"
_TITLE_PHRASE = re.compile(
    r"\b([A-Z][a-z0-9'&-]+(?:\s+(?:of|and|&|for)?\s*[A-Z][A-Za-z0-9'&-]+){0,4})"
)
_SYSTEM_PHRASE = re.compile(
    rf"\bthe\s+((?:{_WORD}\s+){{0,3}}(?:system|platform|application|app|portal|server|"
    rf"database|service|website|module|gateway|device|software|interface))\b",
    re.IGNORECASE,
)
_SUBJECT = re.compile(
    rf"(?:^|\.\s+|\d\.\s+)(?:The\s+)?((?:{_WORD}\s+){{0,2}}{_WORD})\s+"
    r"(?:selects|enters|sends|receives|requests|checks|creates|updates|"
    r"reviews|submits|verifies|notifies|logs|views|approves|provides|"
    r"generates|validates|records|displays|confirms|processes)\b"
)

_STOP = {
    "use case",
    "use",
    "case",
    "the",
    "a",
    "an",
    "this",
    "that",
    "it",
    "if",
    "once",
    "when",
    "then",
    "after",
    "before",
    "each",
    "all",
    "any",
    "name",
    "id",
    "description",
    "actors",
    "triggers",
    "preconditions",
    "postconditions",
    "flow",
    "exceptions",
    "alternative",
    "alternative flow",
    "main flow",
    "step",
    "steps",
    "note",
    "system",
    "they",
    "he",
    "she",
    "user case",
    "in",
    "on",
    "for",
    "to",
    "of",
    "and",
    "or",
    "is",
    "are",
    "there",
    "upon",
    "during",
    "while",
    "these",
    "those",
    "also",
    "both",
    "otherwise",
    "finally",
    "next",
    "basic flow",
    "extensions",
    "assumptions",
    "includes",
    "extends",
}
_ACTOR_SECTIONS = {
    "actors",
    "actor",
    "primary actor",
    "primary actors",
    "secondary actors",
    "participants",
    "stakeholders",
}


def _clean(name: str) -> str:
    name = _PARENS.sub("", name)
    name = re.sub(r"[\"`*:;,.]+$", "", name.strip())
    name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)
    return " ".join(name.split())


def _acceptable(name: str) -> bool:
    lowered = name.lower()
    return 2 <= len(name) <= 40 and lowered not in _STOP and len(name.split()) <= 5


def scenario_candidates(scenario: str, limit: int = MAX_CANDIDATES) -> list[str]:
    """Up to `limit` distinct names from the scenario, most likely first.

    Order: the listed actors, the use case's name, "the ... system" phrases, the
    subjects of flow steps, then capitalised phrases by frequency. Deterministic: the same
    scenario always gives the same list, which the slot prompt format relies on.
    """
    ranked: list[str] = []
    seen: set[str] = set()

    def add(name: str) -> None:
        name = _clean(name)
        key = name.lower()
        if _acceptable(name) and key not in seen:
            seen.add(key)
            ranked.append(name)

    section = ""
    for line in scenario.splitlines():
        header = _SECTION.match(line)
        if header and not _ITEM.match(line):
            section = header.group(1).strip().lower()
            rest = header.group(2).strip()
            if section == "name" and rest:
                add(rest)
            elif section in _ACTOR_SECTIONS and rest:
                for part in re.split(r",|\band\b", rest):
                    add(part)
            continue
        item = _ITEM.match(line)
        if item and section in _ACTOR_SECTIONS:
            add(item.group(1).split(":")[0].split(" - ")[0])

    # Phrases never span lines: a line break ends a section header or a list item.
    text = " . ".join(line.strip() for line in scenario.splitlines() if line.strip())
    text = re.sub(r"\bUse Case\b", ".", text)
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for pattern, weight in ((_SYSTEM_PHRASE, 3), (_SUBJECT, 2), (_TITLE_PHRASE, 1)):
        for match in pattern.finditer(text):
            name = _clean(match.group(1))
            if not _acceptable(name):
                continue
            key = name.lower()
            counts[key] += weight
            first_seen.setdefault(key, match.start())
            first_seen.setdefault(key + "\0", 0)
    forms: dict[str, str] = {}
    for pattern in (_SYSTEM_PHRASE, _SUBJECT, _TITLE_PHRASE):
        for match in pattern.finditer(text):
            name = _clean(match.group(1))
            forms.setdefault(name.lower(), name)
    for key in sorted(counts, key=lambda k: (-counts[k], first_seen[k])):
        # A single capitalised word seen once is usually a sentence start, not a name.
        if " " not in key and counts[key] < 4:
            continue
        add(forms[key])
    for phrase in _frequent_phrases(text):
        add(phrase)
    return ranked[:limit]


_PHRASE_STOP = _STOP | {
    "by",
    "with",
    "from",
    "as",
    "at",
    "be",
    "can",
    "will",
    "has",
    "have",
    "not",
    "into",
    "its",
    "their",
    "his",
    "her",
    "such",
    "was",
    "were",
    "been",
    "which",
    "who",
    "new",
    "any",
    "may",
    "must",
    "should",
    "able",
    "via",
    "about",
    "up",
    "out",
    "other",
    "more",
    "only",
    "so",
    "necessary",
    "relevant",
    "required",
    "appropriate",
    "including",
    "etc",
    "e",
    "g",
    "i",
    "information",
    "process",
    "details",
    "based",
    "them",
    "user's",
    "s",
}


def _frequent_phrases(text: str) -> list[str]:
    """Noun-phrase-like word runs of one to three words that recur, longest and most frequent
    first; runs never start or end on a function word."""
    sentences = re.split(r"[.;:!?()\[\]\"]+|\s-\s|,", text)
    counts: Counter[str] = Counter()
    order: dict[str, int] = {}
    for sentence in sentences:
        words = re.findall(r"[A-Za-z][A-Za-z'-]*", sentence)
        for size in (3, 2, 1):
            for start in range(len(words) - size + 1):
                run = words[start : start + size]
                if run[0].lower() in _PHRASE_STOP or run[-1].lower() in _PHRASE_STOP:
                    continue
                if any(w.lower() in ("the", "a", "an", "and", "or") for w in run):
                    continue
                if size == 1 and len(run[0]) < 4:
                    continue
                key = " ".join(w.lower() for w in run)
                counts[key] += 1
                order.setdefault(key, len(order))
    scored = [
        (count * (1 + 0.5 * (len(key.split()) - 1)), key)
        for key, count in counts.items()
        if count >= 2
    ]
    scored.sort(key=lambda item: (-item[0], order[item[1]]))
    return [" ".join(w[:1].upper() + w[1:] for w in key.split()) for _, key in scored]


def camel(name: str) -> str:
    """The joined spelling diagrams use for identifiers: "front desk staff" -> "FrontDeskStaff"."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name) if part)
