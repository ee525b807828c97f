"""What PlantUML code names: its elements, their declarations, and the relations between them.

A diagram is read as lines: declarations (`class Order`, `participant "Web Shop" as WS`,
`[Billing]`), relations (`A --> B : label`, `Customer -> Shop : order`), and the rest (notes,
groups, skinparams). Names are compared after dropping case, quotes, brackets, spaces and
punctuation, so `[Order Service]`, `"order service"` and `OrderService` are one element.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from worker.metrics import NOT_NAMES

QUOTED = r'"[^"\n]+"'
_IDENT = r"[A-Za-z_][\w.]*"
BRACKET = r"\[[^\]\n*]+\]"
PAREN = r"\((?!\*\))[^)\n]+\)"
COLON = r":[^:;\n]+:"
TOKEN = rf"(?:{QUOTED}|{BRACKET}|{PAREN}|{COLON}|{_IDENT})"
_KINDS = (
    r"abstract\s+class|abstract|class|interface|enum|entity|annotation|object|map|participant|"
    r"actor|boundary|control|database|collections|queue|usecase|component|node|artifact|cloud|"
    r"state|concise|robust|clock|binary|agent|storage|file|card"
)
DECLARATION = re.compile(
    rf"^(?P<indent>\s*)(?P<kind>{_KINDS})\s+(?P<name>{TOKEN})"
    rf"(?:\s+as\s+(?P<alias>{TOKEN}))?(?P<rest>.*)$",
    re.IGNORECASE,
)
# A line that is only an inline element: `[Billing]`, `(Place order)`, `:Customer:`, maybe aliased.
INLINE_DECLARATION = re.compile(
    rf"^(?P<indent>\s*)(?P<name>{BRACKET}|{PAREN}|{COLON})(?:\s+as\s+(?P<alias>{_IDENT}))?"
    r"(?P<rest>\s*(?:<<[^>]*>>)?\s*(?:#\w+)?\s*)$"
)
_END = rf"(?:{TOKEN}|\[\*\])"
RELATION = re.compile(
    rf"^(?P<indent>\s*)(?P<a>{_END})(?P<la>\s*(?:\"[^\"]*\")?\s*)"
    r"(?P<arrow>[<ox*#}{|+^\\/]*[-.=]+(?:\[[^\]]*\])?(?:left|right|up|down|le|ri|do)?[-.=]*"
    r"[>ox*#}{|+^\\/]*)"
    rf"(?P<lb>\s*(?:\"[^\"]*\")?\s*)(?P<b>{_END})(?P<rest>.*)$",
    re.IGNORECASE,
)
_MEMBER_KINDS = re.compile(
    r"^(?:abstract\s+class|abstract|class|interface|enum|entity|annotation|object|map)$", re.I
)
_CONTAINERS = {"package", "rectangle", "namespace", "together", "frame", "folder", "box"}


def name_key(text: str) -> str:
    """Case, quotes, brackets, spaces and punctuation dropped: `[Order Service]` -> orderservice."""
    return re.sub(r"[^a-z0-9]+", "", inner(text).lower())


def loose_key(text: str) -> str:
    """name_key without a plural ending, so "orders" finds `Order` and "categories" `Category`."""
    key = name_key(text)
    if len(key) > 4 and key.endswith("ies"):
        return key[:-3] + "y"
    if len(key) > 4 and key.endswith(("sses", "shes", "ches", "xes")):
        return key[:-2]
    if len(key) > 3 and key.endswith("s") and not key.endswith("ss"):
        return key[:-1]
    return key


def inner(token: str) -> str:
    token = token.strip()
    if len(token) >= 2 and token[0] + token[-1] in ('""', "[]", "()", "::"):
        return token[1:-1].strip()
    return token


def camel(words: str) -> str:
    """`payment service` -> PaymentService; an identifier already (`nurseJones`) stays as is."""
    if re.fullmatch(r"[A-Za-z_]\w*", words.strip()):
        return words.strip()
    parts = re.findall(r"[A-Za-z0-9]+", words)
    return "".join(part[:1].upper() + part[1:] for part in parts) or "Element"


@dataclass
class Element:
    """A named thing the diagram draws, and the token its relations use for it."""

    name: str
    ref: str
    kind: str | None = None
    alias: str | None = None
    lines: list[int] = field(default_factory=list)

    def keys(self) -> set[str]:
        keys = {name_key(self.name)}
        if self.alias:
            keys.add(name_key(self.alias))
        return keys


def relation_match(stripped: str) -> re.Match | None:
    match = RELATION.match(stripped)
    if not match or stripped.split(None, 1)[0].lower() in NOT_NAMES:
        return None
    arrow = match.group("arrow")
    # `total = 10` in an object's body is a field, not an arrow.
    if not re.search(r"[-.]", arrow) and len(arrow) < 3:
        return None
    return match


def body_lines(lines: list[str]) -> set[int]:
    """Lines inside element bodies (`class Order { ... }`): members, never relations."""
    inside: set[int] = set()
    for number, line in enumerate(lines):
        match = DECLARATION.match(line) if declaration(line) else None
        # A composite state or a component holds real children and arrows; these hold members.
        if match and "{" in match.group("rest") and _MEMBER_KINDS.match(match.group("kind")):
            inside.update(range(number + 1, block_end(lines, number) + 1))
    return inside


def relation_lines(code: str) -> list[tuple[int, re.Match]]:
    """Each relation line's number and match, members in bodies excluded."""
    lines = code.splitlines()
    skip = body_lines(lines)
    return [
        (number, match)
        for number, line in enumerate(lines)
        if number not in skip and (match := relation_match(line.strip()))
    ]


def declaration(line: str) -> re.Match | None:
    """The declaration on this line, if it declares an element (containers excluded)."""
    stripped = line.strip()
    if not stripped or stripped.split(None, 1)[0].lower() in _CONTAINERS:
        return None
    # `Database "1" --* "1" User` starts like a declaration of a database called "1".
    if relation_match(stripped):
        return None
    return DECLARATION.match(line) or INLINE_DECLARATION.match(line)


def declared_name(match: re.Match) -> tuple[str, str | None]:
    name, alias = match.group("name"), match.group("alias")
    # Both `actor "Long name" as LN` and `participant LN as "Long name"` occur.
    if alias and alias.startswith('"') and not name.startswith('"'):
        name, alias = alias, name
    return name, alias


def elements(code: str) -> list[Element]:
    """The diagram's elements in the order they first appear."""
    found: list[Element] = []
    by_key: dict[str, Element] = {}

    def remember(element: Element) -> Element:
        for key in element.keys():
            by_key.setdefault(key, element)
        found.append(element)
        return element

    lines = code.splitlines()
    for number, line in enumerate(lines):
        match = declaration(line)
        if not match:
            continue
        name, alias = declared_name(match)
        existing = by_key.get(name_key(alias or name)) or by_key.get(name_key(name))
        if existing:
            existing.lines.append(number)
            continue
        kind = match.group("kind").lower() if "kind" in match.re.groupindex else None
        ref = alias or name
        remember(Element(inner(name), ref, kind, alias, [number]))
    for number, match in relation_lines(code):
        for token in (match.group("a"), match.group("b")):
            if token == "[*]":
                continue
            existing = by_key.get(name_key(token))
            if existing:
                existing.lines.append(number)
                continue
            kind = {"[": "component", "(": "usecase", ":": "actor"}.get(token[0])
            remember(Element(inner(token), token, kind, None, [number]))
    return found


def find(code: str, wanted: str) -> Element | None:
    """The element a user means by `wanted`: exact key, then plural-blind, then a unique part."""
    candidates = elements(code)
    for key_of in (name_key, loose_key):
        key = key_of(wanted)
        for element in candidates:
            if key in {key_of(element.name)} | (
                {key_of(element.alias)} if element.alias else set()
            ):
                return element
    key = loose_key(wanted)
    if len(key) >= 4:
        partial = [element for element in candidates if key in name_key(element.name)]
        if len(partial) == 1:
            return partial[0]
    return None


def refers_to(token: str, element: Element) -> bool:
    return token != "[*]" and name_key(token) in element.keys()


def block_end(lines: list[str], start: int) -> int:
    """The last line of the block that opens on `start` (itself when it opens none)."""
    depth = 0
    for number in range(start, len(lines)):
        text = re.sub(r'"[^"]*"', "", lines[number])
        depth += text.count("{") - text.count("}")
        if depth <= 0:
            return number
    return start


def depths(lines: list[str]) -> list[int]:
    """The brace depth at the start of each line."""
    found, depth = [], 0
    for line in lines:
        found.append(depth)
        text = re.sub(r'"[^"]*"', "", line)
        depth = max(0, depth + text.count("{") - text.count("}"))
    return found


def kind_of(line: str) -> str | None:
    if declaration(line) is None:
        return None
    match = DECLARATION.match(line)
    if match:
        return re.sub(r"\s+", " ", match.group("kind").lower())
    match = INLINE_DECLARATION.match(line)
    if match:
        return {"[": "component", "(": "usecase", ":": "actor"}.get(match.group("name")[0])
    return None


def relations_between(code: str, a: Element, b: Element) -> list[tuple[int, re.Match]]:
    """Relation lines that join a and b, either way round."""
    found = []
    for number, match in relation_lines(code):
        ends = (match.group("a"), match.group("b"))
        if (refers_to(ends[0], a) and refers_to(ends[1], b)) or (
            refers_to(ends[0], b) and refers_to(ends[1], a)
        ):
            found.append((number, match))
    return found
