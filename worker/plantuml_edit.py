"""Line-level edits of PlantUML code that keep everything they are not asked to change.

New elements are written the way the diagram already writes elements of their kind, so an
added component looks like its neighbours; notes, groups and skinparams are left alone.
"""

from __future__ import annotations

import re
from collections import Counter

from worker.plantuml_elements import (
    BRACKET,
    COLON,
    DECLARATION,
    INLINE_DECLARATION,
    PAREN,
    QUOTED,
    TOKEN,
    Element,
    block_end,
    body_lines,
    camel,
    declaration,
    declared_name,
    depths,
    elements,
    inner,
    kind_of,
    name_key,
    refers_to,
    relation_lines,
    relation_match,
)


def depth_at(lines: list[str], index: int) -> int:
    """The brace depth a line inserted at `index` would sit at."""
    return depths(lines + [""])[min(index, len(lines))]


def end_index(lines: list[str]) -> int:
    for number in range(len(lines) - 1, -1, -1):
        if lines[number].strip().lower().startswith("@enduml"):
            return number
    return len(lines)


def _top_level_after(lines: list[str], number: int) -> int:
    """The index just after line `number` and any block around or opened by it."""
    depth = depths(lines)
    end = block_end(lines, number)
    while end + 1 < len(lines) and depth[end + 1] > 0 and depth[number] > 0:
        end += 1
    return end + 1


def declaration_insert_index(lines: list[str], kind: str | None = None) -> int:
    """After the last top-level declaration (of `kind` when there is one), else after the header."""
    declared = [n for n, line in enumerate(lines) if declaration(line)]
    same = [n for n in declared if kind and kind_of(lines[n]) == kind]
    if same or declared:
        return _top_level_after(lines, (same or declared)[-1])
    for number, line in enumerate(lines):
        if line.strip().lower().startswith("@startuml"):
            return number + 1
    return 0


def relation_insert_index(lines: list[str]) -> int:
    related = [number for number, _ in relation_lines("\n".join(lines))]
    if related:
        return _top_level_after(lines, related[-1])
    return end_index(lines)


def _existing_aliases(code: str) -> set[str]:
    return {element.alias for element in elements(code) if element.alias}


def declaration_line(code: str, kind: str, name: str, *, spaced_names: bool) -> tuple[str, str]:
    """A declaration of a new `kind` element written like the diagram's own, and its ref token.

    `spaced_names` says whether this diagram type draws names with spaces (`[Payment Service]`)
    or wants identifiers (`PaymentService`) when it has nothing of this kind to imitate.
    """
    lines = code.splitlines()
    model = next((line for line in lines if kind_of(line) == kind), None)
    indent = ""
    if model:
        indent = re.match(r"\s*", model).group(0)
        match = DECLARATION.match(model)
        if match:
            written, alias = declared_name(match)
            keyword = match.group("kind")
            if alias:
                new_alias = _next_alias(code, alias, name)
                return f'{indent}{keyword} "{name}" as {new_alias}', new_alias
            if written[0] in "[(:":
                token = f"{written[0]}{name}{written[-1]}"
                return f"{indent}{keyword} {token}", token
            if written.startswith('"'):
                return f'{indent}{keyword} "{name}"', f'"{name}"'
            return f"{indent}{keyword} {camel(name)}", camel(name)
        written = INLINE_DECLARATION.match(model).group("name")
        token = f"{written[0]}{name}{written[-1]}"
        return f"{indent}{token}", token
    if kind == "component" and spaced_names:
        return f"[{name}]", f"[{name}]"
    if kind == "usecase":
        return f"({name})", f"({name})"
    if kind in ("concise", "robust", "clock", "binary"):
        alias = _next_alias(code, "", name)
        return f'{kind} "{name}" as {alias}', alias
    if " " in name.strip() and kind in ("actor", "participant", "database", "boundary"):
        alias = _next_alias(code, "", name)
        return f'{kind} "{name}" as {alias}', alias
    return f"{kind} {camel(name)}", camel(name)


def _next_alias(code: str, model_alias: str, name: str) -> str:
    """UC4 after UC1..UC3 when the diagram numbers its aliases, else the camel-cased name."""
    taken = _existing_aliases(code) | {element.name for element in elements(code)}
    numbered = re.fullmatch(r"([A-Za-z_]+)(\d+)", model_alias or "")
    if numbered:
        prefix = numbered.group(1)
        numbers = [
            int(m.group(1))
            for alias in taken
            if (m := re.fullmatch(rf"{re.escape(prefix)}(\d+)", alias or ""))
        ]
        return f"{prefix}{max(numbers, default=0) + 1}"
    alias = camel(name)
    candidate, suffix = alias, 2
    while candidate in taken:
        candidate, suffix = f"{alias}{suffix}", suffix + 1
    return candidate


def usual_arrow(code: str, default: str) -> str:
    """The plain arrow the diagram uses most (`-->`, `->`, `--`, `..>`), else `default`."""
    arrows = Counter(
        match.group("arrow")
        for _, match in relation_lines(code)
        if re.fullmatch(r"[-.]+>?", match.group("arrow"))
    )
    return arrows.most_common(1)[0][0] if arrows else default


def declare_before_use(code: str, ref: str) -> str:
    """The code with the declaration of `ref` moved up to just before its first relation.

    PlantUML creates an element when a relation first names it, and then refuses a later
    declaration of the same name ("already defined"), so a new declaration must come first.
    """
    lines = code.splitlines()
    declared = next(
        (
            n
            for n, line in enumerate(lines)
            if (match := declaration(line))
            and any(
                token and name_key(token) == name_key(ref)
                for token in (match.group("name"), match.group("alias"))
            )
        ),
        None,
    )
    used = next(
        (
            n
            for n, match in relation_lines(code)
            if name_key(ref) in (name_key(match.group("a")), name_key(match.group("b")))
        ),
        None,
    )
    if declared is None or used is None or used > declared:
        return code
    line = lines.pop(declared).strip()
    indent = re.match(r"\s*", lines[used]).group(0)
    lines.insert(used, indent + line)
    return _joined(code, lines)


_ACTIVATION = re.compile(rf"^\s*(activate|deactivate)\s+({TOKEN})", re.IGNORECASE)


def tidy_activations(code: str) -> str:
    """A sequence diagram's activations made consistent again after messages were removed.

    PlantUML refuses a deactivation of a lifeline that is not active, and two activation
    changes of one lifeline with no message between them; an activation and a deactivation
    that now enclose nothing cancel out.
    """
    lines = code.splitlines()
    kept: list[str | None] = []
    active: dict[str, int] = {}
    last_change: dict[str, int] = {}  # lifeline -> index in `kept` of its last change
    message_since: dict[str, bool] = {}
    any_message = False
    for line in lines:
        match = _ACTIVATION.match(line)
        if not match:
            if relation_match(line.strip()):
                any_message = True
                message_since = dict.fromkeys(message_since, True)
            kept.append(line)
            continue
        op, who = match.group(1).lower(), name_key(match.group(2))
        quiet = who in last_change and not message_since.get(who, False)
        previous = kept[last_change[who]] if who in last_change else None
        previous_op = _ACTIVATION.match(previous).group(1).lower() if previous else None
        if quiet and previous_op and previous_op != op:
            kept[last_change.pop(who)] = None
            active[who] = active.get(who, 0) + (1 if op == "activate" else -1)
            continue
        if op == "deactivate" and active.get(who, 0) == 0 or not any_message or quiet:
            continue
        active[who] = active.get(who, 0) + (1 if op == "activate" else -1)
        last_change[who] = len(kept)
        message_since[who] = False
        kept.append(line)
    return _joined(code, [line for line in kept if line is not None])


def insert(code: str, index: int, new_lines: list[str]) -> str:
    lines = code.splitlines()
    lines[index:index] = new_lines
    return "\n".join(lines) + ("\n" if code.endswith("\n") else "")


def remove_element(code: str, element: Element) -> tuple[str, int, set[int]]:
    """The code without the element's declarations, relations, notes and activations.

    Returns the new code, how many relations or messages went with it, and the numbers of the
    lines inside its body (a composite state's children go with it).
    """
    lines = code.splitlines()
    drop: set[int] = set()
    inside: set[int] = set()
    members = body_lines(lines)
    relations_dropped = 0
    number = 0
    while number < len(lines):
        line = lines[number]
        stripped = line.strip()
        words = stripped.split()
        match = declaration(line)
        if (
            match
            and refers_to(declared_name(match)[0], element)
            or (match and match.group("alias") and refers_to(match.group("alias"), element))
        ):
            end = block_end(lines, number)
            drop.update(range(number, end + 1))
            inside.update(range(number + 1, end + 1))
            number = end + 1
            continue
        rel = relation_match(stripped) if number not in members else None
        if rel and (refers_to(rel.group("a"), element) or refers_to(rel.group("b"), element)):
            drop.add(number)
            relations_dropped += 1
        elif (
            len(words) >= 2
            and words[0].lower() in ("activate", "deactivate", "destroy", "create")
            and refers_to(words[-1], element)
        ):
            drop.add(number)
        elif re.match(rf"^{TOKEN}\s*:", stripped) and refers_to(
            re.match(TOKEN, stripped).group(0), element
        ):
            # `Order : +total()` or `Idle : entry / reset`: a member written outside a body.
            drop.add(number)
        elif re.match(rf"^{TOKEN}\s+is\s+", stripped) and refers_to(words[0], element):
            # Timing diagrams: `WU is Waiting`.
            drop.add(number)
        elif stripped.lower().startswith("note") and not _keep_note(lines, number, element):
            end = number
            if ":" not in stripped:
                while end + 1 < len(lines) and not lines[end].strip().lower().startswith(
                    "end note"
                ):
                    end += 1
            drop.update(range(number, end + 1))
            number = end + 1
            continue
        elif stripped.lower().startswith("note over") and ":" in stripped:
            lines[number] = _note_without(line, element)
        number += 1
    kept = [line for n, line in enumerate(lines) if n not in drop]
    return "\n".join(kept) + ("\n" if code.endswith("\n") else ""), relations_dropped, inside


def _note_targets(stripped: str) -> list[str] | None:
    match = re.match(r"^note\s+(?:(?:left|right|top|bottom)\s+of|over)\s+([^:]+)", stripped, re.I)
    if not match:
        return None
    return [target.strip() for target in match.group(1).split(",")]


def _keep_note(lines: list[str], number: int, element: Element) -> bool:
    """A note stays unless it is attached to the element alone."""
    targets = _note_targets(lines[number].strip())
    return not targets or not all(refers_to(target, element) for target in targets)


def _note_without(line: str, element: Element) -> str:
    match = re.match(r"^(\s*note\s+over\s+)([^:]+)(:.*)$", line, re.I)
    if not match:
        return line
    targets = [t.strip() for t in match.group(2).split(",") if not refers_to(t.strip(), element)]
    return f"{match.group(1)}{', '.join(targets)} {match.group(3)}"


def rename_element(code: str, element: Element, new_name: str) -> str:
    """Every whole-name use of the element spelt as the new name, in the same style.

    Identifiers stay identifiers (`OrderService` -> `BillingService`), quoted or bracketed names
    keep spaces, and an alias keeps pointing at the renamed element. Other text is untouched,
    except whole-word uses of an identifier in labels and member types.
    """
    old = element.name
    spaced_key = name_key(old)
    identifier = camel(new_name) if re.search(r"[^\w]", new_name.strip()) else new_name.strip()

    def replace_delimited(match: re.Match) -> str:
        token = match.group(0)
        if name_key(token) != spaced_key:
            return token
        if token.startswith('"') and not re.search(r"\s", inner(token)) and " " in new_name:
            return f'"{new_name}"'
        return f"{token[0]}{new_name}{token[-1]}"

    identifier_pattern = re.compile(rf"(?<![\w.\"]){re.escape(old)}(?![\w\"])")
    delimited = re.compile(rf"{QUOTED}|{BRACKET}|{PAREN}|{COLON}")
    renamed = []
    for line in code.splitlines():
        pieces, last = [], 0
        for match in delimited.finditer(line):
            plain = line[last : match.start()]
            pieces.append(_replace_plain(plain, identifier_pattern, identifier, old))
            pieces.append(replace_delimited(match))
            last = match.end()
        pieces.append(_replace_plain(line[last:], identifier_pattern, identifier, old))
        renamed.append("".join(pieces))
    return "\n".join(renamed) + ("\n" if code.endswith("\n") else "")


def _replace_plain(text: str, pattern: re.Pattern, identifier: str, old: str) -> str:
    if re.fullmatch(r"[\w.]+", old):
        return pattern.sub(identifier, text)
    return text


def add_member(code: str, element: Element, member: str, declare_kind: str) -> str:
    """`member` inside the element's body, creating the body (or the declaration) if absent."""
    lines = code.splitlines()
    outside_style = [
        n
        for n, line in enumerate(lines)
        if re.match(rf"^\s*{TOKEN}\s*:\s*\S", line)
        and not relation_match(line.strip())
        and refers_to(re.match(rf"\s*({TOKEN})", line).group(1), element)
    ]
    if outside_style:
        indent = re.match(r"\s*", lines[outside_style[-1]]).group(0)
        lines.insert(outside_style[-1] + 1, f"{indent}{element.ref} : {member}")
        return _joined(code, lines)
    for number, line in enumerate(lines):
        match = DECLARATION.match(line) if declaration(line) else None
        if (
            not match
            or not refers_to(declared_name(match)[0], element)
            and not (match.group("alias") and refers_to(match.group("alias"), element))
        ):
            continue
        indent = match.group("indent")
        if "{" in match.group("rest"):
            end = block_end(lines, number)
            if end == number and "}" in line:  # `class A { }` on one line
                lines[number] = line[: line.rindex("}")].rstrip()
                lines[number + 1 : number + 1] = [f"{indent}  {member}", f"{indent}}}"]
            else:
                body_indent = _body_indent(lines, number, end, indent)
                lines.insert(end, f"{body_indent}{member}")
            return _joined(code, lines)
        lines[number] = f"{line.rstrip()} {{"
        lines[number + 1 : number + 1] = [f"{indent}  {member}", f"{indent}}}"]
        return _joined(code, lines)
    new = [f"{declare_kind} {element.ref} {{", f"  {member}", "}"]
    return insert(code, declaration_insert_index(lines, declare_kind), new)


def _body_indent(lines: list[str], start: int, end: int, indent: str) -> str:
    for line in lines[start + 1 : end]:
        if line.strip():
            return re.match(r"\s*", line).group(0)
    return indent + "  "


def _joined(code: str, lines: list[str]) -> str:
    return "\n".join(lines) + ("\n" if code.endswith("\n") else "")
