"""The "plantweb-slots" prompt format: numbered candidate names instead of spelling names.

The prompt lists the names found in the scenario as slots (`<n1> Front desk staff`), and
the model writes `<n1>` where the diagram uses that name (`<c1>` for its joined spelling,
`FrontDeskStaff`). fill_slots puts the names back. A small model then only has to learn
each diagram type's structure and which listed names to use, not how to spell them.
"""

from __future__ import annotations

import re

from worker.candidates import MAX_CANDIDATES, camel, scenario_candidates

PROMPT_FORMAT = "plantweb-slots"
SCENARIO_CHARS = 400
SLOT_TOKENS = tuple(f"<n{i}>" for i in range(1, MAX_CANDIDATES + 1)) + tuple(
    f"<c{i}>" for i in range(1, MAX_CANDIDATES + 1)
)
_SLOT = re.compile(r"<([nc])(\d{1,2})>")
_BOILERPLATE = re.compile(
    r"^\s*(?:Use Case (?:ID|Name|Description|Actors|Triggers|Preconditions|Postconditions|Flow)"
    r"|Business Rules|Exceptions|Notes?|Assumptions)\s*:\s*",
    re.IGNORECASE | re.MULTILINE,
)
_ID_LINE = re.compile(r"^\s*Use Case ID:.*$\n?", re.IGNORECASE | re.MULTILINE)


def display_name(name: str) -> str:
    """How a slot is written back: each word capitalised, as diagrams label things."""
    return " ".join(word[:1].upper() + word[1:] for word in name.split())


def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w<]){re.escape(text)}(?![\w>])", re.IGNORECASE)


def delexicalise(text: str, candidates: list[str]) -> str:
    """Text with every candidate (and its joined spelling) replaced by its slot token.

    Longer names go first, so "Front desk staff" wins over "Staff".
    """
    order = sorted(range(len(candidates)), key=lambda i: -len(candidates[i]))
    for i in order:
        name = candidates[i]
        joined = camel(name)
        if " " in name and len(joined) >= 4:
            text = _pattern(joined).sub(f"<c{i + 1}>", text)
        text = _pattern(name).sub(f"<n{i + 1}>", text)
    return text


def fill_slots(text: str, candidates: list[str]) -> str:
    """The inverse of delexicalise; a slot with no candidate becomes a neutral name.

    Where PlantUML expects an identifier, a name of several words would break the diagram,
    so it is written joined ("FrontDeskStaff"), or quoted when an alias follows
    (`actor "Front Desk Staff" as FDS`). Inside quotes, brackets, parentheses, `:actor:`
    and labels after a colon any text is allowed, so the name is written as it reads.
    """
    return "\n".join(_fill_line(line, candidates) for line in text.split("\n"))


def _fill_line(line: str, candidates: list[str]) -> str:
    parts: list[str] = []
    done = 0
    for match in _SLOT.finditer(line):
        kind, number = match.group(1), int(match.group(2))
        name = candidates[number - 1] if 1 <= number <= len(candidates) else f"Element {number}"
        prefix = line[: match.start()]
        rest = line[match.end() :]
        if kind == "c":
            filled = camel(name)
        elif re.fullmatch(r"[A-Za-z_]\w*", name) or _free_text(prefix, rest):
            filled = display_name(name)
        elif re.match(r"\s+as\s+\w", rest):
            filled = f'"{display_name(name)}"'
        else:
            filled = camel(name)
        parts.append(line[done : match.start()] + filled)
        done = match.end()
    parts.append(line[done:])
    return "".join(parts)


def _free_text(prefix: str, rest: str) -> bool:
    """Whether a slot between prefix and rest sits where PlantUML takes any text."""
    if prefix.count('"') % 2 == 1:
        return True
    if prefix.count("[") > prefix.count("]") or prefix.count("(") > prefix.count(")"):
        return True
    if prefix.endswith(":") and rest.startswith(":"):
        return True  # :Actor name:
    return ":" in prefix.replace("::", "")


def short_scenario(scenario: str, chars: int = SCENARIO_CHARS) -> str:
    """The scenario without its ID line and section headers, cut to `chars` characters."""
    text = _BOILERPLATE.sub("", _ID_LINE.sub("", scenario))
    text = " ".join(text.split())
    return text[:chars]


def slot_prompt(scenario: str, diagram_type: str) -> str:
    candidates = scenario_candidates(scenario)
    names = "\n".join(f"<n{i + 1}> {name}" for i, name in enumerate(candidates))
    summary = delexicalise(short_scenario(scenario), candidates)
    return f"<s>[INST]{diagram_type} diagram\n{names}\n{summary}\n[/INST]"
