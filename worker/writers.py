"""PlantUML writers: one per diagram type, each turning a plan into code that always parses.

Every name goes through an identifier (`PaymentService`) and a quoted label, so no text from
a scenario can break the syntax or reach the preprocessor.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable

from worker import lexicon as lx
from worker.plan import Element, Link, Plan, clean_name

_ARROWS = {
    "association": "--",
    "composition": "*--",
    "aggregation": "o--",
    "generalisation": "--|>",
    "dependency": "..>",
    "directed": "-->",
}


_UNACCENTED = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "Đ": "D",
        "đ": "d",
        "Þ": "Th",
        "þ": "th",
        "ı": "i",
    }  # fmt: skip
)


def identifier(name: str) -> str:
    """`Payment Service` -> `PaymentService`; always a valid PlantUML identifier."""
    # "Day's Schedule" is DaysSchedule, not DaySSchedule; "Peña" is Pena, not PeA; "Łukasz
    # Mazur" is LukaszMazur, not UkaszMazur (letters no accent can be taken off of).
    folded = unicodedata.normalize("NFKD", name.translate(_UNACCENTED))
    folded = folded.encode("ascii", "ignore").decode()
    parts = re.findall(r"[A-Za-z0-9]+", re.sub(r"['’](?=s\b)", "", folded))
    ident = "".join(p[:1].upper() + p[1:] for p in parts) or "Element"
    return ident if not ident[0].isdigit() else "E" + ident


def _label(text: str, limit: int = 80) -> str:
    text = " ".join(re.sub(r"[\"\n\r\\]+", " ", text).split())
    if len(text) > limit:
        # Cut at a word, never inside one: "... below the set point", not "below the set po".
        text = text[: limit - 4].rsplit(" ", 1)[0] + " ..."
    return text


def _ids(plan: Plan) -> dict[str, str]:
    """Each element's identifier, unique even when two names join to the same one."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for element in plan.elements:
        ident = identifier(element.name)
        base, n = ident, 2
        while ident.lower() in used:
            ident, n = f"{base}{n}", n + 1
        used.add(ident.lower())
        ids[element.key] = ident
    return ids


def _ref(ids: dict[str, str], name: str) -> str | None:
    from worker.plan import element_key

    return ids.get(element_key(name))


def _head(plan: Plan) -> list[str]:
    lines = ["@startuml"]
    if plan.title:
        lines.append(f"title {_label(plan.title)}")
    return lines


def _mult(text: str) -> str:
    return f' "{_label(text)}"' if text else ""


def write_class(plan: Plan) -> str:
    ids = _ids(plan)
    lines = _head(plan)
    keyword = "object" if plan.diagram_type == "object" else "class"
    for element in plan.elements:
        ident = ids[element.key]
        label = clean_name(element.name)
        joined = label == ident or (keyword == "class" and label.replace(" ", "") == ident)
        head = f"{keyword} {ident}" if joined else f'{keyword} "{label}" as {ident}'
        body = [f"  {_member(a, keyword)}" for a in element.attributes]
        body += [f"  {_operation(o)}" for o in element.operations]
        lines.append(head + (" {" if body else ""))
        if body:
            lines += body + ["}"]
    lines.append("")
    # A line drawn twice says nothing more, nor does a bare line beside a pair's other link.
    joined_pairs: set[frozenset[str]] = set()
    written: set[str] = set()
    for link in plan.links:
        a, b = _ref(ids, link.source), _ref(ids, link.target)
        if not a or not b:
            continue
        pair = frozenset((a, b))
        bare = link.kind == "association" and not (
            link.label or link.source_multiplicity or link.target_multiplicity
        )
        if bare and pair in joined_pairs:
            continue
        joined_pairs.add(pair)
        if link.kind == "generalisation":
            lines.append(f"{a} --|> {b}")
            continue
        arrow = _ARROWS.get(link.kind, "--")
        # ("from with", "for with of": words that only join others say nothing on a link;
        # one of them, "by" or "for", still says which way it goes)
        said = link.label if _says_something(link.label) else ""
        label = f" : {_label(said)}" if said else ""
        if label and link.kind in ("association", "directed"):
            label += " >"
        ends = f"{a}{_mult(link.source_multiplicity)} {arrow}{_mult(link.target_multiplicity)} {b}"
        if ends + label not in written:
            written.add(ends + label)
            lines.append(ends + label)
    lines.append("@enduml")
    return "\n".join(lines)


def _says_something(label: str) -> bool:
    words = label.split()
    return len(words) < 2 or any(word.lower() not in lx.FUNCTION_WORDS for word in words)


def _member(attribute: str, keyword: str) -> str:
    name, _, value = attribute.partition("=")
    name = identifier(name.strip())
    if not name.isupper():  # "ISBN" stays as written, "Due Date" becomes "dueDate"
        # ("IMO Number" becomes "imoNumber": an acronym that opens a name is lowercased whole)
        lead = re.match(r"[A-Z]+(?=[A-Z][a-z])", name)
        cut = lead.end() if lead and lead.end() > 1 else 1
        name = name[:cut].lower() + name[cut:]
    if keyword == "object":
        value = _label(value.strip())
        if not value:
            # A slot the scenario names without a value: its name alone, not a placeholder.
            return name
        return (
            f'{name} = "{value}"'
            if not re.fullmatch(r"-?\d+(?:\.\d+)?", value)
            else f"{name} = {value}"
        )
    return f"+{name}"


def _operation(operation: str) -> str:
    name = identifier(operation)
    return f"+{name[:1].lower() + name[1:]}()"


def write_component(plan: Plan) -> str:
    ids = _ids(plan)
    lines = _head(plan)
    for element in plan.elements:
        keyword = {
            "database": "database",
            "actor": "actor",
            "queue": "queue",
            "interface": "interface",
        }.get(element.kind, "component")
        lines.append(f'{keyword} "{clean_name(element.name)}" as {ids[element.key]}')
    lines.append("")
    for link in plan.links:
        a, b = _ref(ids, link.source), _ref(ids, link.target)
        if a and b:
            arrow = "..>" if link.kind == "dependency" else "-->"
            lines.append(f"{a} {arrow} {b}" + (f" : {_label(link.label)}" if link.label else ""))
    lines.append("@enduml")
    return "\n".join(lines)


def write_sequence(plan: Plan) -> str:
    ids = _ids(plan)
    lines = _head(plan)
    for element in plan.elements:
        keyword = (
            element.kind
            if element.kind in ("actor", "database", "boundary", "control", "entity", "queue")
            else "participant"
        )
        lines.append(f'{keyword} "{clean_name(element.name)}" as {ids[element.key]}')
    lines.append("")
    group = condition = ""
    drawn = [link for link in plan.links if _ref(ids, link.source) and _ref(ids, link.target)]
    for i, link in enumerate(drawn):
        a, b = _ref(ids, link.source), _ref(ids, link.target)
        # ("If a relative is registered, ... If the nurse decides to visit, ...": a block
        # under another condition is a block of its own)
        another = (
            link.group == group
            and group in ("alt", "opt", "loop")
            and link.condition
            and condition
            and link.condition != condition
        )
        if link.group != group or another:
            # (an "else" is another way of an alt; after a loop or an option it opens one)
            opens = link.group == "else" and group not in ("alt", "else")
            if group and (link.group != "else" or another or opens):
                lines.append("end")
            if link.group == "else":
                run = itertools.takewhile(lambda k: k.group == "else", drawn[i:])
                one_way = all(k.condition in ("", link.condition) for k in run)
                lines.append(
                    f"{'opt' if one_way else 'alt'} {_label(link.condition) or 'otherwise'}"
                    if opens
                    else f"else {_label(link.condition) or 'otherwise'}"
                )
            elif link.group:
                keyword = link.group
                if keyword == "alt" and not _else_follows(drawn, i, link.condition):
                    keyword = "opt"  # (a choice with one way is an option)
                lines.append(f"{keyword} {_label(link.condition)}".rstrip())
            group, condition = link.group, link.condition
        if link.kind == "reply":
            label = _label(link.label)
            lines.append(f"{a} --> {b} : {label}" if label else f"{a} --> {b}")
        else:
            lines.append(f"{a} -> {b} : {_label(link.label) or 'message'}")
    if group:
        lines.append("end")
    lines.append("@enduml")
    return "\n".join(lines)


def _else_follows(links: list[Link], start: int, condition: str) -> bool:
    """Whether the alt block opened at links[start] has an else before it ends."""
    for link in links[start + 1 :]:
        if link.group == "else":
            return True
        if link.group != "alt" or (link.condition and link.condition != condition):
            return False
    return False


def write_usecase(plan: Plan) -> str:
    ids = _ids(plan)
    lines = _head(plan) + ["left to right direction"]
    actors = [e for e in plan.elements if e.kind == "actor"]
    cases = [e for e in plan.elements if e.kind != "actor"]
    for element in actors:
        lines.append(f'actor "{clean_name(element.name)}" as {ids[element.key]}')
    if plan.boundary:
        lines.append(f'rectangle "{clean_name(plan.boundary)}" {{')
    for element in cases:
        lines.append(f'  usecase "{clean_name(element.name)}" as {ids[element.key]}')
    if plan.boundary:
        lines.append("}")
    for link in plan.links:
        a, b = _ref(ids, link.source), _ref(ids, link.target)
        if a and b:
            if link.kind == "include":
                lines.append(f"{a} ..> {b} : <<include>>")
            elif link.kind == "extend":
                lines.append(f"{a} ..> {b} : <<extend>>")
            elif link.kind == "generalisation":
                lines.append(f"{a} --|> {b}")
            else:
                lines.append(f"{a} --> {b}")
    lines.append("@enduml")
    return "\n".join(lines)


def write_state(plan: Plan) -> str:
    ids = _ids(plan)
    lines = _head(plan)
    for element in plan.elements:
        if element.kind in ("start", "end"):
            continue
        lines.append(f'state "{clean_name(element.name)}" as {ids[element.key]}')
    lines.append("")
    for link in plan.links:
        a = "[*]" if link.source == "[*]" else _ref(ids, link.source)
        b = "[*]" if link.target == "[*]" else _ref(ids, link.target)
        if a and b:
            lines.append(f"{a} --> {b}" + (f" : {_label(link.label)}" if link.label else ""))
    lines.append("@enduml")
    return "\n".join(lines)


def write_timing(plan: Plan) -> str:
    ids = _ids(plan)
    lines = _head(plan)
    lifelines = [e for e in plan.elements if e.attributes]
    for element in lifelines:
        lines.append(f'concise "{clean_name(element.name)}" as {ids[element.key]}')
    steps = max((len(e.attributes) for e in lifelines), default=0)
    for t in range(steps):
        lines.append(f"@{t * 10}")
        for element in lifelines:
            if t < len(element.attributes):
                lines.append(f'{ids[element.key]} is "{_label(element.attributes[t])}"')
    for link in plan.links:
        a, b = _ref(ids, link.source), _ref(ids, link.target)
        if a and b and steps:
            lines.append(
                f"{a}@0 -> {b}@{max(steps - 1, 0) * 10} : {_label(link.label) or 'signal'}"
            )
    lines.append("@enduml")
    return "\n".join(lines)


def write_activity(plan: Plan) -> str:
    lines = _head(plan)
    first_lane = next((s.lane for s in plan.steps if s.lane), "")
    if first_lane:
        # Swimlanes must be declared before anything else is drawn.
        lines.append(f"|{_lane(first_lane)}|")
    lines.append("start")
    lane = first_lane
    depth = 0
    for step in plan.steps:
        text = _label(step.text, 110).replace(";", ",")
        if step.lane and step.lane != lane and step.kind in ("action", "backward"):
            lines.append(f"|{_lane(step.lane)}|")
            lane = step.lane
        if step.kind == "action":
            if text:  # (a step with no words would draw a box that says nothing)
                lines.append(f":{text};")
        elif step.kind == "backward":
            lines.append(f"backward :{text or 'back'};")
        elif step.kind == "if":
            lines.append(f"if ({_paren(text) or 'condition'}) then (yes)")
            depth += 1
        elif step.kind == "else" and depth:
            lines.append(f"else ({_paren(text) or 'no'})")
        elif step.kind == "endif" and depth:
            lines.append("endif")
            depth -= 1
        elif step.kind in _ACTIVITY_KEYWORDS:
            lines.append(_ACTIVITY_KEYWORDS[step.kind])
        elif step.kind == "repeatwhile":
            lines.append(f"repeat while ({_paren(text) or 'again?'})")
        elif step.kind == "repeatuntil":
            # "until it passes": round again while it does not
            lines.append(f"repeat while ({_paren(text) or 'done?'}) is (no) not (yes)")
    lines += ["endif"] * depth
    if lines[-1] != "stop":
        lines.append("stop")
    lines.append("@enduml")
    return "\n".join(lines)


_ACTIVITY_KEYWORDS = {
    "fork": "fork",
    "forkagain": "fork again",
    "endfork": "end fork",
    "repeat": "repeat",
    "stop": "stop",
}


def _lane(name: str) -> str:
    return _label(name).replace("|", " ")


def _paren(text: str) -> str:
    return text.replace("(", " ").replace(")", " ").strip()


WRITERS: dict[str, Callable[[Plan], str]] = {
    "class": write_class,
    "object": write_class,
    "component": write_component,
    "sequence": write_sequence,
    "usecase": write_usecase,
    "state": write_state,
    "timing": write_timing,
    "activity": write_activity,
}


def write(plan: Plan) -> str:
    """The plan as PlantUML, in its diagram type's own style."""
    return WRITERS[plan.diagram_type](plan)


__all__ = ["Element", "Link", "Plan", "identifier", "write"]
