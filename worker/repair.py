"""Deterministic fixes for PlantUML a model wrote: the mistakes small models make most.

They loop (the same line again and again), stop in the middle of a line when they run out
of tokens, and forget to close what they opened (braces, `alt ... end`, `note ... end note`)
or the diagram itself. Each fix keeps whatever was right and never invents content.
"""

from __future__ import annotations

import re

# Lines that legitimately repeat: closers and sequence-diagram bookkeeping.
_REPEATABLE = re.compile(
    r"^(?:[{}]|end(?:\s+\w+)?|else\b.*|deactivate\b.*|activate\b.*|return\b.*|\|\|+|\.\.\.|"
    r"--+|==+.*|@\d+|@\+\d+|left to right direction|newpage)$",
    re.IGNORECASE,
)
_BLOCK_OPEN = re.compile(r"^(?:alt|opt|loop|par|break|critical|group)\b", re.IGNORECASE)
_BLOCK_END = re.compile(r"^end$", re.IGNORECASE)
_NOTE_OPEN = re.compile(
    r"^(?:[rh]?note)\b(?!.*:)(?:\s+(?:left|right|top|bottom|over|of|as|on)\b.*)?$", re.IGNORECASE
)
_NOTE_END = re.compile(r"^end\s?note$", re.IGNORECASE)


def drop_repeated_lines(code: str) -> str:
    """Keeps the first copy of every line that repeats; closers and separators may repeat."""
    seen: set[str] = set()
    kept = []
    for line in code.splitlines():
        key = line.strip()
        if key and not _REPEATABLE.match(key) and not key.startswith("@"):
            if key in seen:
                continue
            seen.add(key)
        kept.append(line)
    return "\n".join(kept)


def _close_blocks(lines: list[str]) -> list[str]:
    """Appends the `end note`, `end` and `}` that open blocks still need, innermost first."""
    stack: list[str] = []
    for line in lines:
        key = line.strip()
        if stack and stack[-1] == "end note":
            if _NOTE_END.match(key):
                stack.pop()
            continue
        if _NOTE_OPEN.match(key):
            stack.append("end note")
            continue
        if _BLOCK_OPEN.match(key):
            stack.append("end")
        elif _BLOCK_END.match(key) and "end" in stack:
            while stack and stack.pop() != "end":
                pass
        opened = key.count("{") - key.count("}")
        for _ in range(max(opened, 0)):
            stack.append("}")
        for _ in range(max(-opened, 0)):
            if "}" in stack:
                while stack and stack.pop() != "}":
                    pass
    return lines + list(reversed(stack))


def repair_plantuml(text: str) -> str:
    """Best-effort valid PlantUML from a model's answer, complete or cut off.

    The answer is cut at the first `@enduml`; without one, the last line is assumed
    unfinished and dropped. Repeated lines go, open blocks are closed, and the
    `@startuml` / `@enduml` pair is put back where missing.
    """
    text = text.replace("\r\n", "\n")
    start = text.find("@startuml")
    body = text[start + len("@startuml") :] if start != -1 else text
    end = body.find("@enduml")
    if end != -1:
        body = body[:end]
    else:
        lines = body.rstrip("\n").split("\n")
        # A complete last line would have been followed by a newline or @enduml.
        if len(lines) > 1 and not body.endswith("\n"):
            lines = lines[:-1]
        body = "\n".join(lines)
    body = drop_repeated_lines(body)
    lines = [line for line in body.split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    lines = _close_blocks(lines)
    return "@startuml\n" + "\n".join(lines) + "\n@enduml"
