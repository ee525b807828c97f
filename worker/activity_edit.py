"""Edits of activity diagrams, whose elements are steps (`:Check stock;`) rather than names.

Steps can span lines (`:Pack the\\nparcel;`) and end in `;` or one of the SDL shape endings
(`|`, `<`, `>`, `/`, `]`, `}`); decisions, forks and loops around them are left as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from worker.plantuml_elements import loose_key, name_key

_STEP_END = re.compile(r"[;|<>/\]}]\s*$")


@dataclass(frozen=True)
class Step:
    text: str
    first: int
    last: int
    prefix: str = ""  # "backward " for the step a loop goes back through


def steps(code: str) -> list[Step]:
    lines = code.splitlines()
    found, number = [], 0
    while number < len(lines):
        stripped = lines[number].strip()
        backward = re.match(r"backward\s*(?=:)", stripped, re.I)
        prefix = "backward " if backward else ""
        if backward:
            stripped = stripped[backward.end() :]
        if stripped.startswith(":") and not re.match(r"^:[^:;]+:\s*$", stripped):
            last = number
            while not _STEP_END.search(lines[last].strip()) and last + 1 < len(lines):
                last += 1
            text = " ".join([stripped] + [line.strip() for line in lines[number + 1 : last + 1]])
            found.append(Step(text[1:-1].strip(), number, last, prefix))
            number = last + 1
            continue
        number += 1
    return found


def find_step(code: str, wanted: str) -> Step | None:
    """The step a user means: the same words, or the only step that contains them."""
    all_steps = steps(code)
    for key_of in (name_key, loose_key):
        for step in all_steps:
            if key_of(step.text) == key_of(wanted):
                return step
    key = loose_key(wanted)
    partial = [step for step in all_steps if key and key in name_key(step.text)]
    return partial[0] if len(partial) == 1 else None


def _indent_of(lines: list[str], number: int) -> str:
    return re.match(r"\s*", lines[number]).group(0) if lines else ""


def add_step(code: str, text: str, *, after: Step | None = None, before: Step | None = None) -> str:
    """A new step after or before another, else before the final `stop`/`end`."""
    lines = code.splitlines()
    if after is not None:
        index, indent = after.last + 1, _indent_of(lines, after.first)
    elif before is not None:
        index, indent = before.first, _indent_of(lines, before.first)
    else:
        index = _final_index(lines)
        indent = _indent_of(lines, index - 1) if index > 0 else ""
        if lines[index - 1].strip().lower().startswith("@startuml"):
            indent = ""
    lines[index:index] = [f"{indent}:{text};"]
    return "\n".join(lines) + ("\n" if code.endswith("\n") else "")


def _final_index(lines: list[str]) -> int:
    for number in range(len(lines) - 1, -1, -1):
        word = lines[number].strip().lower()
        if word in ("stop", "end", "kill", "detach") or word.startswith("@enduml"):
            if word.startswith("@enduml"):
                continue
            return number
    for number in range(len(lines) - 1, -1, -1):
        if lines[number].strip().lower().startswith("@enduml"):
            return number
    return len(lines)


def remove_step(code: str, step: Step) -> str:
    lines = code.splitlines()
    del lines[step.first : step.last + 1]
    return "\n".join(lines) + ("\n" if code.endswith("\n") else "")


def rename_step(code: str, step: Step, text: str) -> str:
    lines = code.splitlines()
    indent = _indent_of(lines, step.first)
    ending = lines[step.last].rstrip()[-1]
    lines[step.first : step.last + 1] = [f"{indent}{step.prefix}:{text}{ending}"]
    return "\n".join(lines) + ("\n" if code.endswith("\n") else "")
