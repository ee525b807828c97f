"""Refine that obeys: a change request in words applied to the diagram's code, keeping the rest.

`apply_refinement` covers the requests users make most ("add Payment between Order and
Warehouse", "remove Warehouse", "rename Order to Purchase", "add attribute total to Order",
"add message pay from Customer to Shop", "add transition from Idle to Busy on start", "make it a
sequence diagram"). It answers None for anything else, so the caller can hand the request to
the model instead; a type change comes back flagged for regeneration rather than as code.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass

from worker import activity_edit as activity
from worker import plantuml_edit as edit
from worker.plantuml_elements import (
    Element,
    camel,
    declaration,
    elements,
    find,
    loose_key,
    name_key,
    refers_to,
    relations_between,
)
from worker.refine_request import Edit, clean_name, parse_request

logger = logging.getLogger(__name__)

# Types that draw names with spaces (`[Payment Service]`, `(Place order)`, `:Pack parcel;`);
# the others want identifiers, so "payment service" becomes `PaymentService` there.
_SPACED_TYPES = {"component", "usecase", "activity", "timing"}
_DEFAULT_KIND = {
    "class": "class",
    "object": "object",
    "component": "component",
    "sequence": "participant",
    "state": "state",
    "timing": "concise",
}
_MULTIPLICITY = {
    "a": "1",
    "an": "1",
    "one": "1",
    "many": "*",
    "several": "*",
    "multiple": "*",
    "some": "*",
    "one or more": "1..*",
    "zero or more": "0..*",
}
_GENERALISATION = re.compile(r"^(?:inherits from|extends|is a kind of|is a type of|is an?)$")


@dataclass(frozen=True)
class RefineResult:
    """New code and a one-line summary, or a type change the caller regenerates for.

    `code` is None exactly when `needs_regeneration` is set; `diagram_type` is then the type
    the user asked for. `changed` is False when the request was already true of the diagram.
    """

    code: str | None
    summary: str
    needs_regeneration: bool = False
    diagram_type: str | None = None
    changed: bool = True


class _NotApplicable(Exception):
    """The request names something the diagram does not have, or asks the type for the
    impossible; the caller falls back to the model."""


def apply_refinement(code: str, request: str, diagram_type: str) -> RefineResult | None:
    """The diagram changed as the request says, or None when the request is not understood."""
    try:
        return _refined(code, request, diagram_type)
    except Exception:
        # Code this module misreads must never cost the user their refine: the model still
        # gets the request.
        logger.exception("Refine could not apply %r; leaving it to the model", request)
        return None


def _refined(code: str, request: str, diagram_type: str) -> RefineResult | None:
    edits = parse_request(request)
    if not edits:
        return None
    retypes = [item for item in edits if item.op == "retype"]
    if retypes:
        if len(edits) > 1:
            return None
        wanted = retypes[0].name
        shown = "use case" if wanted == "usecase" else wanted
        if wanted == diagram_type:
            return RefineResult(code, f"It is already a {shown} diagram.", changed=False)
        return RefineResult(
            None, f"Redraw as a {shown} diagram.", needs_regeneration=True, diagram_type=wanted
        )
    summaries = []
    new_code = code
    for item in edits:
        try:
            new_code, summary = _apply(new_code, item, diagram_type)
        except _NotApplicable:
            return None
        summaries.append(summary)
    return RefineResult(new_code, " ".join(summaries), changed=new_code != code)


# Declaration kinds that only one diagram type uses, to tell what a diagram's code really is.
_TELLING_KINDS = {
    "class": {"class", "abstract class", "abstract", "interface", "enum", "entity", "annotation"},
    "object": {"object", "map"},
    "component": {"component", "node", "artifact"},
    "usecase": {"usecase"},
    "sequence": {"participant", "boundary", "control", "collections", "queue"},
    "state": {"state"},
    "timing": {"concise", "robust", "clock", "binary"},
}


def _effective_type(code: str, diagram_type: str) -> str:
    """The type the code really is, where it shows another type than the one asked for.

    A "timing" diagram written as a sequence gets participants, not timelines, which PlantUML
    would reject there, and a type the caller does not know ("auto") is read from the code;
    when the code tells nothing either way, the asked type stands.
    """
    if diagram_type == "activity":
        return diagram_type
    if diagram_type not in _TELLING_KINDS and activity.steps(code):
        return "activity"
    kinds = {re.sub(r"\s+", " ", e.kind) for e in elements(code) if e.kind}
    if kinds & _TELLING_KINDS.get(diagram_type, set()):
        return diagram_type
    shown = [name for name, telling in _TELLING_KINDS.items() if kinds & telling]
    return shown[0] if len(shown) == 1 else diagram_type


def _apply(code: str, item: Edit, diagram_type: str) -> tuple[str, str]:
    diagram_type = _effective_type(code, diagram_type)
    if diagram_type == "activity":
        return _apply_activity(code, item)
    handler = {
        "add": _add,
        "add_to": _add_to,
        "between": _between,
        "remove": _remove,
        "rename": _rename,
        "rename_split": _rename_split,
        "link": _link,
        "verb": _link,
        "message": _message,
        "transition": _transition,
        "unlink": _unlink,
        "attribute": _attribute,
        "method": _method,
        "has": _has,
    }.get(item.op)
    if handler is None:
        raise _NotApplicable(item.op)
    return handler(code, item, diagram_type)


def _existing(code: str, name: str) -> Element:
    element = find(code, name) if name else None
    if element is None:
        raise _NotApplicable(name)
    return element


def _display(name: str, kind: str | None) -> str:
    """A new name as the diagram would write it: words capitalised unless the user chose case."""
    name = re.sub(r"\s+", " ", name.strip())
    if name != name.lower():
        return name
    if kind in ("usecase", "step"):
        return name[:1].upper() + name[1:]
    return " ".join(word[:1].upper() + word[1:] for word in name.split())


def _kind(code: str, diagram_type: str, kind: str | None, name: str) -> str:
    if kind and kind != "step":
        return kind
    if diagram_type == "usecase":
        # One capitalised word is someone (Librarian); a phrase is something they do.
        return "actor" if re.fullmatch(r"[A-Z][\w]*", name.strip()) else "usecase"
    if diagram_type == "timing":
        kinds = Counter(e.kind for e in elements(code) if e.kind)
        timelines = [k for k, _ in kinds.most_common() if k in _TELLING_KINDS["timing"]]
        if timelines:
            return timelines[0]
        # Timelines would not parse in code that only shows actors and arrows: add one more
        # element of the kind it already has.
        return kinds.most_common(1)[0][0] if kinds else "actor"
    return _DEFAULT_KIND.get(diagram_type, "class")


def _declare(code: str, diagram_type: str, name: str, kind: str, after: Element | None = None):
    """The code with a new element declared in the diagram's style, and the element's ref."""
    display = _display(name, kind)
    line, ref = edit.declaration_line(
        code, kind, display, spaced_names=diagram_type in _SPACED_TYPES
    )
    lines = code.splitlines()
    if diagram_type == "sequence":
        declared = [n for n, text in enumerate(lines) if declaration(text)]
        if not declared and " " not in line.split(None, 1)[1] and kind == "participant":
            # Participants here appear through their messages; declaring one would move it
            # to the far left, so let its first message introduce it.
            return code, ref
        if after is not None and after.lines and after.lines[0] in declared:
            return edit.insert(code, after.lines[0] + 1, [line]), ref
        if not declared:
            return edit.insert(code, edit.end_index(lines), [line]), ref
    index = edit.declaration_insert_index(lines, kind)
    if edit.depth_at(lines, index) == 0:
        line = line.lstrip()
    return edit.insert(code, index, [line]), ref


def _add(code: str, item: Edit, diagram_type: str) -> tuple[str, str]:
    present = find(code, item.name)
    if present is not None and name_key(present.name) == name_key(item.name):
        return code, f"{present.name} is already in the diagram."
    kind = _kind(code, diagram_type, item.kind, item.name)
    new_code, _ = _declare(code, diagram_type, item.name, kind)
    if new_code == code:  # a sequence participant with no message yet still needs a line
        line, _ = edit.declaration_line(code, kind, _display(item.name, kind), spaced_names=False)
        new_code = edit.insert(code, edit.end_index(code.splitlines()), [line])
    return new_code, f"Added {_kind_word(kind)} {_display(item.name, kind)}."


def _kind_word(kind: str) -> str:
    return {"usecase": "use case", "concise": "timeline", "robust": "timeline"}.get(kind, kind)


def _element_or_new(code: str, diagram_type: str, item: Edit, after: Element | None = None):
    """An element the request names, declared first when the diagram lacks it."""
    present = find(code, item.name)
    if present is not None and loose_key(present.name) == loose_key(item.name):
        return code, present.ref, present.name
    kind = _kind(code, diagram_type, item.kind, item.name)
    if diagram_type == "state":
        # A transition brings its state in, in the scope (composite state) where it is drawn.
        shown = _display(item.name, kind)
        return code, camel(shown), shown
    code, ref = _declare(code, diagram_type, item.name, kind, after=after)
    return code, ref, _display(item.name, kind)


def _arrow(code: str, diagram_type: str) -> str:
    return edit.usual_arrow(code, "->" if diagram_type == "sequence" else "-->")


def _line(a: str, arrow: str, b: str, label: str = "") -> str:
    return f"{a} {arrow} {b}" + (f" : {label}" if label else "")


def _add_relations(code: str, diagram_type: str, new_lines: list[str]) -> str:
    lines = code.splitlines()
    index = (
        edit.end_index(lines) if diagram_type == "sequence" else edit.relation_insert_index(lines)
    )
    return edit.insert(code, index, new_lines)


def _between(code: str, item: Edit, diagram_type: str) -> tuple[str, str]:
    first, second = _existing(code, item.a), _existing(code, item.b)
    code, ref, shown = _element_or_new(code, diagram_type, item, after=first)
    arrow = _arrow(code, diagram_type)
    lines = code.splitlines()
    direct = relations_between(code, first, second)
    if diagram_type == "sequence":
        # Only messages from the first to the second pass through the new participant;
        # answers going back stay as they are.
        direct = [
            (number, match)
            for number, match in direct
            if refers_to(match.group("a"), first) != match.group("arrow").startswith("<")
        ]
    for number, match in reversed(direct):
        a, b, rest = match.group("a"), match.group("b"), match.group("rest")
        indent = re.match(r"\s*", lines[number]).group(0)
        line_arrow = match.group("arrow")
        lines[number : number + 1] = [
            f"{indent}{a}{match.group('la')}{line_arrow} {ref}{rest}",
            f"{indent}{ref} {line_arrow}{match.group('lb')}{b}"
            + (rest if diagram_type == "sequence" else ""),
        ]
    if direct:
        code = "\n".join(lines) + ("\n" if code.endswith("\n") else "")
        replaced = f", in place of the direct link{'s' if len(direct) > 1 else ''}"
    else:
        code = _add_relations(
            code, diagram_type, [_line(first.ref, arrow, ref), _line(ref, arrow, second.ref)]
        )
        replaced = ""
    code = edit.declare_before_use(code, ref)
    return code, f"Added {shown} between {first.name} and {second.name}{replaced}."


def _remove(code: str, item: Edit, diagram_type: str) -> tuple[str, str]:
    if find(code, item.name) is None and re.search(r",|\band\b", item.name):
        # "remove Bank and Accounts": several names, unless one element is called that.
        names = [clean_name(part)[0] for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", item.name)]
        names = [name for name in names if name]
        if len(names) < 2:
            raise _NotApplicable(item.name)
        summaries = []
        for name in names:
            code, summary = _remove(code, Edit("remove", name=name), diagram_type)
            summaries.append(summary)
        return code, " ".join(summaries)
    element = _existing(code, item.name)
    before = elements(code)
    code, dropped, inside = edit.remove_element(code, element)
    if diagram_type == "sequence":
        code = edit.tidy_activations(code)
    before = [e for e in before if not set(e.lines) <= inside]
    code = _keep_orphans(code, before, element, diagram_type)
    what = {"sequence": "message", "state": "transition"}.get(diagram_type, "relation")
    tail = f" and its {dropped} {what}{'s' if dropped != 1 else ''}" if dropped else ""
    return code, f"Removed {element.name}{tail}."


def _keep_orphans(code: str, before: list[Element], gone: Element, diagram_type: str) -> str:
    """Declares elements that only lived in the removed element's relations, so that removing
    one element never takes another with it."""
    left = {key for element in elements(code) for key in element.keys()}
    orphans = [e for e in before if not (e.keys() & gone.keys()) and not (e.keys() & left)]
    lines = []
    for orphan in orphans:
        if orphan.ref[0] in "[(:":
            lines.append(orphan.ref)
        else:
            kind = orphan.kind or _DEFAULT_KIND.get(diagram_type, "actor")
            lines.append(f"{kind} {orphan.ref}")
    if not lines:
        return code
    return edit.insert(code, edit.declaration_insert_index(code.splitlines()), lines)


def _rename(code: str, item: Edit, diagram_type: str) -> tuple[str, str]:
    element = _existing(code, item.a)
    new_name = item.b
    if new_name == new_name.lower() and element.name[:1].isupper():
        new_name = _display(new_name, element.kind)
    return edit.rename_element(code, element, new_name), f"Renamed {element.name} to {new_name}."


def _rename_split(code: str, item: Edit, diagram_type: str) -> tuple[str, str]:
    words = item.name.split()
    for cut in range(len(words) - 1, 0, -1):
        old = " ".join(words[:cut])
        element = find(code, old)
        if element is not None and loose_key(element.name) == loose_key(old):
            new = clean_name(" ".join(words[cut:]))[0]
            return _rename(code, Edit("rename", a=old, b=new), diagram_type)
    raise _NotApplicable(item.name)


def _link(code: str, item: Edit, diagram_type: str) -> tuple[str, str]:
    first, second = _existing(code, item.a), _existing(code, item.b)
    label = item.label
    if item.op == "verb" and diagram_type in ("class", "object"):
        if _GENERALISATION.match(label):
            line = _line(second.ref, "<|--", first.ref)
            return _add_relations(code, diagram_type, [line]), (
                f"{first.name} now specialises {second.name}."
            )
        if label == "implements":
            line = _line(second.ref, "<|..", first.ref)
            return _add_relations(code, diagram_type, [line]), (
                f"{first.name} now implements {second.name}."
            )
    arrow = _arrow(code, diagram_type)
    code = _add_relations(code, diagram_type, [_line(first.ref, arrow, second.ref, label)])
    return code, f"Linked {first.name} to {second.name}" + (f" ({label})." if label else ".")


def _sequence_end(code: str, diagram_type: str, name: str, after: Element | None = None):
    present = find(code, name)
    if present is not None:
        return code, present
    if diagram_type != "sequence":
        raise _NotApplicable(name)
    # A message may bring in a new participant, as it would on paper.
    code, ref = _declare(code, diagram_type, name, "participant", after=after)
    return code, Element(_display(name, "participant"), ref, "participant")


def _message(code: str, item: Edit, diagram_type: str) -> tuple[str, str]:
    code, sender = _sequence_end(code, diagram_type, item.a)
    code, receiver = _sequence_end(code, diagram_type, item.b, after=sender)
    arrow = _arrow(code, diagram_type)
    code = _add_relations(code, diagram_type, [_line(sender.ref, arrow, receiver.ref, item.label)])
    label = f" {item.label}" if item.label else ""
    return code, f"Added message{label} from {sender.name} to {receiver.name}."


def _transition(code: str, item: Edit, diagram_type: str) -> tuple[str, str]:
    if diagram_type != "state":
        return _link(code, Edit("link", a=item.a, b=item.b, label=item.label), diagram_type)
    ends = []
    for name in (item.a, item.b):
        present = find(code, name)
        # A transition brings a new state with it, as PlantUML does.
        ends.append(present.ref if present else camel(_display(name, "state")))
    code = _add_relations(code, diagram_type, [_line(ends[0], "-->", ends[1], item.label)])
    on = f" on {item.label}" if item.label else ""
    return code, f"Added transition from {ends[0]} to {ends[1]}{on}."


def _unlink(code: str, item: Edit, diagram_type: str) -> tuple[str, str]:
    first, second = _existing(code, item.a), _existing(code, item.b)
    links = relations_between(code, first, second)
    if diagram_type == "sequence":
        # Messages have a direction: "from A to B" keeps B's answers to A.
        links = [
            (number, match)
            for number, match in links
            if refers_to(match.group("a"), first) != match.group("arrow").startswith("<")
        ]
    numbers = {number for number, _ in links}
    lines = [line for n, line in enumerate(code.splitlines()) if n not in numbers]
    new_code = "\n".join(lines) + ("\n" if code.endswith("\n") else "")
    if diagram_type == "sequence":
        new_code = edit.tidy_activations(new_code)
    what = {"sequence": "message", "state": "transition"}.get(diagram_type, "link")
    count = f"{len(links)} {what}{'s' if len(links) != 1 else ''}"
    return new_code, f"Removed {count} between {first.name} and {second.name}."


def _member_text(text: str) -> str:
    """`price of type float` -> `price : float`; the user's own notation is kept otherwise."""
    text = text.strip().strip("\"'`")
    if not text or re.search(r"[{}\n]", text):
        # A brace would open or close a body of its own and unbalance the class.
        raise _NotApplicable(text)
    typed = re.match(r"^(.+?)\s+(?:of type|as an?|as|typed)\s+(.+)$", text, re.IGNORECASE)
    if typed and ":" not in text:
        return f"{_identifier(typed.group(1))} : {typed.group(2).strip()}"
    if ":" in text or "=" in text or "(" in text:
        return text
    return _identifier(text)


def _identifier(words: str) -> str:
    """`unit price` -> unitPrice: members are written as code."""
    parts = re.findall(r"[A-Za-z0-9_]+", words)
    if not parts:
        return words.strip()
    return parts[0][:1].lower() + parts[0][1:] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def _attribute(code: str, item: Edit, diagram_type: str) -> tuple[str, str]:
    if diagram_type not in ("class", "object"):
        raise _NotApplicable(diagram_type)
    element = _existing(code, item.a)
    member = _member_text(item.label)
    code = edit.add_member(code, element, member, diagram_type)
    return code, f"Added {member} to {element.name}."


def _method(code: str, item: Edit, diagram_type: str) -> tuple[str, str]:
    if diagram_type != "class":
        raise _NotApplicable(diagram_type)
    element = _existing(code, item.a)
    member = item.label.strip()
    if not member or re.search(r"[{}\n]", member):
        raise _NotApplicable(member)
    if "(" not in member:
        member = f"{_identifier(member)}()"
    code = edit.add_member(code, element, member, "class")
    return code, f"Added {member} to {element.name}."


def _has(code: str, item: Edit, diagram_type: str) -> tuple[str, str]:
    owner = _existing(code, item.a)
    part = find(code, item.label)
    if part is not None and part is not owner and loose_key(part.name) == loose_key(item.label):
        if diagram_type == "class":
            many = _MULTIPLICITY.get(item.kind or "a", "1")
            line = f'{owner.ref} "1" *-- "{many}" {part.ref}'
            return _add_relations(code, diagram_type, [line]), (
                f"{owner.name} now has {'many' if many != '1' else 'a'} {part.name}."
            )
        return _link(code, Edit("link", a=item.a, b=item.label), diagram_type)
    if diagram_type in ("class", "object"):
        return _attribute(code, Edit("attribute", a=item.a, label=item.label), diagram_type)
    raise _NotApplicable(item.label)


def _looks_like_member(text: str, diagram_type: str) -> bool:
    if re.search(r"[:(=]", text):
        return True
    # Classes are capitalised, so a lowercase word added to one is a field; objects are often
    # lowercase themselves (`order1`), so there only notation says "member".
    return diagram_type == "class" and bool(re.fullmatch(r"[a-z_][\w ]*", text))


def _add_to(code: str, item: Edit, diagram_type: str) -> tuple[str, str]:
    target = _existing(code, item.a)
    if (
        diagram_type in ("class", "object")
        and not item.kind
        and _looks_like_member(item.name, diagram_type)
    ):
        op = "method" if "(" in item.name and diagram_type == "class" else "attribute"
        handler = _method if op == "method" else _attribute
        return handler(code, Edit(op, a=item.a, label=item.name), diagram_type)
    code, ref, shown = _element_or_new(code, diagram_type, item, after=target)
    arrow = _arrow(code, diagram_type)
    code = _add_relations(code, diagram_type, [_line(target.ref, arrow, ref)])
    code = edit.declare_before_use(code, ref)
    return code, f"Added {shown}, linked from {target.name}."


def _apply_activity(code: str, item: Edit) -> tuple[str, str]:
    """Steps are what an activity diagram names: add, remove and rename them."""

    def step(name: str) -> activity.Step:
        found = activity.find_step(code, name)
        if found is None:
            raise _NotApplicable(name)
        return found

    text = _display(item.name, "step") if item.name else ""
    if item.op == "add":
        return activity.add_step(code, text), f"Added step {text}."
    if item.op in ("after", "between"):
        anchor = step(item.a)
        if item.op == "between":
            step(item.b)
        return activity.add_step(
            code, text, after=anchor
        ), f"Added step {text} after {anchor.text}."
    if item.op == "before":
        anchor = step(item.a)
        return activity.add_step(
            code, text, before=anchor
        ), f"Added step {text} before {anchor.text}."
    if item.op == "remove":
        found = step(item.name)
        return activity.remove_step(code, found), f"Removed step {found.text}."
    if item.op == "rename":
        found = step(item.a)
        new = item.b if item.b != item.b.lower() else _display(item.b, "step")
        return activity.rename_step(code, found, new), f"Renamed step {found.text} to {new}."
    raise _NotApplicable(item.op)
