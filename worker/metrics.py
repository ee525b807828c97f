"""Scores a generated diagram against a reference: named elements, relations and chrF.

Elements are the named things a reader sees (classes, objects, participants, actors, use
cases, components, states, timing lines), resolved through aliases (`actor "Front Desk" as
FD` names "Front Desk") and compared after normalising case, quotes, spaces and punctuation,
so `FrontDesk`, `"front desk"` and `Front Desk` are one element. Relations are the ordered
pairs of elements an arrow or line joins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME = r'(?:"[^"]+"|[A-Za-z_][\w.]*|\[[^\]]+\]|\([^)]+\)|:[^:]+:)'
_DECLARATION = re.compile(
    r"^\s*(?P<kw>abstract\s+class|abstract|class|interface|enum|entity|annotation|object|map|"
    r"participant|actor|boundary|control|database|collections|queue|usecase|component|node|"
    r"artifact|cloud|frame|state|concise|robust|clock|binary|agent|storage|file|folder|card)"
    rf"\s+(?P<name>{_NAME})(?:\s+as\s+(?P<alias>{_NAME}))?",
    re.IGNORECASE,
)
# An element written inline: [Component], (Use case), :Actor:, with an optional alias.
_INLINE = re.compile(r"(\[[^\]\n]+\]|\((?!\*\))[^)\n]+\)|:[^:\n]+:)(?:\s+as\s+(\w+))?")
_ARROW = re.compile(
    rf"^\s*(?P<a>{_NAME}|\[\*\])\s*(?:\"[^\"]*\"\s*)?"
    r"(?P<arrow>[<ox*#}{|+^]*[-.=]+(?:\[[^\]]*\])?(?:left|right|up|down|le|ri|do)?[-.=]*[>ox*#}{|+^\\/]*)"
    rf"\s*(?:\"[^\"]*\"\s*)?(?P<b>{_NAME}|\[\*\])",
    re.IGNORECASE,
)
_ARROW_START = re.compile(r'\s*(?:"[^"]*"\s*)?[<ox*#}{|+^]*[-.]{1,}')
_CONTAINERS = {"package", "rectangle", "namespace", "together", "frame", "folder", "cloud"}
_SKIP_ARROW_ENDS = {"[*]", "[", "]"}
# Keywords that start lines a relation pattern would misread as message endpoints.
NOT_NAMES = {
    "activate",
    "deactivate",
    "note",
    "alt",
    "else",
    "end",
    "loop",
    "opt",
    "par",
    "group",
    "ref",
    "autonumber",
    "return",
    "skinparam",
    "title",
    "left",
    "right",
    "hide",
    "show",
    "destroy",
    "create",
    "newpage",
    "box",
}


def normalise_name(name: str) -> str:
    name = name.strip()
    if len(name) >= 2 and name[0] + name[-1] in ('""', "[]", "()", "::"):
        name = name[1:-1]
    return re.sub(r"[^a-z0-9]+", "", name.lower())


@dataclass(frozen=True)
class DiagramParts:
    elements: frozenset[str]
    relations: frozenset[tuple[str, str]]
    # The relations drawn with no head or decoration at either end, as written.
    undirected: frozenset[tuple[str, str]] = frozenset()

    def joins(self, a: str, b: str) -> bool:
        """Whether the diagram links a to b: in that direction, or by a line with none."""
        return (a, b) in self.relations or (b, a) in self.undirected


_BODY_OWNER = re.compile(
    r"^\s*(?:abstract\s+class|abstract|class|interface|enum|entity|annotation|object|map)\b"
    r"[^{]*\{\s*$",
    re.IGNORECASE,
)


def _drawn_lines(code: str) -> list[str]:
    """The lines that can declare or join elements: comments dropped, and the bodies of
    classes and objects (attributes such as `total = 12`) left out, since they draw none."""
    lines: list[str] = []
    depth = 0
    for line in code.splitlines():
        stripped = line.strip()
        if stripped.startswith("'"):
            continue
        if depth:
            depth += stripped.count("{") - stripped.count("}")
            continue
        if _BODY_OWNER.match(stripped):
            depth = 1
        lines.append(line)
    return lines


def parse_diagram(code: str) -> DiagramParts:
    """The normalised element names and relations of PlantUML code (best effort, no server)."""
    alias: dict[str, str] = {}
    elements: set[str] = set()
    relations: set[tuple[str, str]] = set()
    undirected: set[tuple[str, str]] = set()

    def resolve(token: str) -> str:
        key = normalise_name(token)
        return alias.get(key, key)

    lines = _drawn_lines(code)
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith(("@", "'", "skinparam", "title", "note", "!")):
            continue
        match = _DECLARATION.match(stripped)
        if match and _ARROW_START.match(stripped[match.end() :]):
            # `Database "1" --* Order` joins a class named Database; it declares nothing.
            match = None
        if match:
            name, other = match.group("name"), match.group("alias")
            # Both `actor "Long name" as LN` and `participant LN as "Long name"` occur.
            if other and other.startswith('"') and not name.startswith('"'):
                name, other = other, name
            key = normalise_name(name)
            if other and normalise_name(other) in alias:
                # A second declaration of an alias: PlantUML draws the first one only.
                continue
            if key:
                elements.add(key)
                if other:
                    alias[normalise_name(other)] = key
            continue
        first = stripped.split(None, 1)[0].lower()
        if first in _CONTAINERS:
            continue
        # A message label (`A -> B : check (if required)`) draws no use case.
        ends = stripped.split(" : ", 1)[0] if _ARROW.match(stripped) else stripped
        for inline in _INLINE.finditer(ends):
            key = normalise_name(inline.group(1))
            if key and ":" not in inline.group(1)[1:-1]:
                elements.add(key)
                if inline.group(2):
                    alias[normalise_name(inline.group(2))] = key

    for line in lines:
        stripped = line.strip()
        match = _ARROW.match(stripped)
        if not match or stripped.split(None, 1)[0].lower() in NOT_NAMES:
            continue
        a, b, arrow = match.group("a"), match.group("b"), match.group("arrow")
        if "-" not in arrow and "." not in arrow:
            continue  # `total = 12` is an assignment, not a link
        ends = []
        for token in (a, b):
            if token in _SKIP_ARROW_ENDS:
                ends.append(None)
                continue
            key = resolve(token)
            if not key or key in NOT_NAMES:
                ends.append(None)
                continue
            elements.add(key)
            ends.append(key)
        if ends[0] and ends[1]:
            head_first, head_last = _heads(arrow)
            if head_first and not head_last:
                ends.reverse()
            pair = (ends[0], ends[1])
            if head_first == head_last:
                if (pair[1], pair[0]) in relations:
                    continue  # `A -- B` and `B -- A`: one line, drawn twice
                undirected.add(pair)
            relations.add(pair)
    return DiagramParts(frozenset(elements), frozenset(relations), frozenset(undirected))


def _heads(arrow: str) -> tuple[bool, bool]:
    """Whether an arrow's first and last ends carry a head or decoration (`<|`, `*`, `o`, `>`)."""
    body = re.sub(r"\[[^\]]*\]", "", arrow)
    return body[0] not in "-.=", body[-1] not in "-.="


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float


def prf(predicted: frozenset | set, reference: frozenset | set) -> PRF:
    """Precision, recall and F1 of two sets; two empty sets agree perfectly."""
    if not predicted and not reference:
        return PRF(1.0, 1.0, 1.0)
    hits = len(set(predicted) & set(reference))
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(reference) if reference else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1)


def element_scores(code: str | None, reference: str) -> PRF:
    predicted = parse_diagram(code).elements if code else frozenset()
    return prf(predicted, parse_diagram(reference).elements)


def relation_scores(code: str | None, reference: str) -> PRF | None:
    """None when the reference has no relations: the metric does not apply to it."""
    ref = parse_diagram(reference)
    if not ref.relations:
        return None
    drawn = parse_diagram(code) if code else DiagramParts(frozenset(), frozenset())
    if not drawn.relations:
        return PRF(0.0, 0.0, 0.0)
    precision = _found(drawn, ref) / len(drawn.relations)
    recall = _found(ref, drawn) / len(ref.relations)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1)


def _found(here: DiagramParts, there: DiagramParts) -> int:
    """How many of here's relations there draws: in the same direction, or the other way
    round when either of the two lines has no direction (`Customer -- Order` and
    `Order -- Customer` are one association)."""
    return sum(
        1
        for a, b in here.relations
        if (a, b) in there.relations
        or (b, a) in there.relations
        and ((a, b) in here.undirected or (b, a) in there.undirected)
    )


def chrf(code: str | None, reference: str) -> float:
    """chrF (sacrebleu, 0-100) of the code against the reference; 0 for no code."""
    if not code:
        return 0.0
    from sacrebleu.metrics import CHRF

    return CHRF().sentence_score(code, [reference]).score


def repeated_line_share(code: str) -> float:
    """The share of non-blank lines that repeat an earlier line: high means the model looped."""
    lines = [line.strip() for line in code.splitlines() if line.strip()]
    if not lines:
        return 0.0
    return 1 - len(set(lines)) / len(lines)
