"""Reads a change request written in words ("add Payment between Order and Warehouse") as edits.

Plain patterns over the request, tolerant of "please", articles, quotes and punctuation. A
request the patterns do not cover reads as None, so the caller can hand it to the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words a user puts before the element name to say what kind of element it is.
KIND_WORDS = {
    "abstract class": "abstract class",
    "class": "class",
    "interface": "interface",
    "enum": "enum",
    "entity": "entity",
    "object": "object",
    "instance": "object",
    "component": "component",
    "participant": "participant",
    "lifeline": "participant",
    "actor": "actor",
    "database": "database",
    "state": "state",
    "use case": "usecase",
    "usecase": "usecase",
    "use-case": "usecase",
    "step": "step",
    "activity": "step",
    "action": "step",
}
# "between the Order and Warehouse classes"
KIND_WORDS |= {
    re.sub(r"y$", "ie", word) + "s" if not word.endswith("s") else f"{word}es": kind
    for word, kind in list(KIND_WORDS.items())
    if word not in ("abstract class", "use-case")
}
_KIND_PATTERN = "|".join(sorted((re.escape(word) for word in KIND_WORDS), key=len, reverse=True))

TYPE_WORDS = {
    "class": "class",
    "object": "object",
    "component": "component",
    "sequence": "sequence",
    "use case": "usecase",
    "use-case": "usecase",
    "usecase": "usecase",
    "state machine": "state",
    "state": "state",
    "timing": "timing",
    "activity": "activity",
    "flow chart": "activity",
    "flowchart": "activity",
    "workflow": "activity",
}
_TYPE_PATTERN = "|".join(sorted((re.escape(word) for word in TYPE_WORDS), key=len, reverse=True))


@dataclass(frozen=True)
class Edit:
    """One change: `op` names it; the other fields are the names and words it acts on."""

    op: str
    name: str = ""
    kind: str | None = None
    a: str = ""
    b: str = ""
    label: str = ""


def _tidy(text: str) -> str:
    text = text.strip().strip("`").strip()
    text = re.sub(r"\s+", " ", text)
    polite = (
        r"^(?:please|kindly|can you|could you|would you|will you|i want you to|i'd like you to|"
    )
    polite += r"i would like you to|let's|lets|now|also|and|then|just|ok|okay)\b[\s,]*"
    while True:
        shorter = re.sub(polite, "", text, flags=re.IGNORECASE)
        if shorter == text:
            break
        text = shorter
    text = re.sub(r"[\s,]*\b(?:please|thanks|thank you)\b[\s.!]*$", "", text, flags=re.I)
    return text.strip().rstrip(".!?;, ").strip()


def clean_name(text: str) -> tuple[str, str | None]:
    """The name without quotes, articles and kind words, and the kind the words named."""
    text = text.strip().strip(".,;:!?").strip()
    quoted = re.search(r"[\"'“”‘’`]([^\"'“”‘’`]+)[\"'“”‘’`]", text)
    kind = None
    before = text[: quoted.start()] if quoted else text
    after = text[quoted.end() :] if quoted else ""
    for part in (before, after):
        word = re.search(rf"\b({_KIND_PATTERN})\b", part, re.IGNORECASE)
        if word:
            kind = KIND_WORDS[word.group(1).lower()]
    if quoted:
        return quoted.group(1).strip(), kind
    text = re.sub(r"^(?:(?:a|an|the|new|another|one more|some)\s+)+", "", text, flags=re.I)
    lead = re.match(rf"^({_KIND_PATTERN})\s+(?:(?:called|named)\s+)?(.+)$", text, re.I)
    if lead:
        return lead.group(2).strip(), KIND_WORDS[lead.group(1).lower()]
    trail = re.match(rf"^(.+?)\s+({_KIND_PATTERN})$", text, re.I)
    if trail:
        return trail.group(1).strip(), KIND_WORDS[trail.group(2).lower()]
    return text.strip(), None


def _name(text: str) -> str:
    return clean_name(text)[0]


def _rule(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


_RULES: list[tuple[str, re.Pattern]] = [
    (
        "retype",
        _rule(
            r"^(?:make|turn|change|convert|switch|redo|redraw|draw|show|render)\s+"
            r"(?:(?:it|this|that|the diagram|this diagram|the whole thing)\s+)?"
            rf"(?:(?:into|to|as)\s+)?(?:(?:a|an)\s+)?(?P<type>{_TYPE_PATTERN})"
            r"(?:\s+diagram)?(?:\s+instead)?$"
        ),
    ),
    (
        "retype",
        _rule(rf"^(?:use\s+)?(?:(?:a|an)\s+)?(?P<type>{_TYPE_PATTERN}) diagram(?: instead)?$"),
    ),
    (
        "retype",
        _rule(
            r"^(?:i\s+(?:want|need|would like|'d like|prefer)(?:\s+(?:it|this)\s+as)?|give me|"
            r"(?:it|this)\s+should\s+be|as|better as)\s+(?:(?:a|an)\s+)?"
            rf"(?P<type>{_TYPE_PATTERN})(?:\s+diagram)?(?:\s+instead)?$"
        ),
    ),
    ("rename", _rule(r"^(?P<a>.+?)\s+should\s+be\s+renamed\s+(?:to|as|into)\s+(?P<b>.+)$")),
    ("rename", _rule(r"^(?:rename|relabel)\s+(?P<a>.+?)\s+(?:to|as|into)\s+(?P<b>.+)$")),
    (
        "rename",
        _rule(r"^(?:change|switch)\s+(?:the\s+name\s+of\s+)?(?P<a>.+?)\s+to\s+(?P<b>.+)$"),
    ),
    ("rename", _rule(r"^replace\s+(?P<a>.+?)\s+with\s+(?P<b>.+)$")),
    ("rename", _rule(r"^(?P<a>.+?)\s+should\s+be\s+(?:called|named)\s+(?P<b>.+)$")),
    ("rename_call", _rule(r"^(?:call|name)\s+(?P<a>.+?)\s+instead$")),
    (
        "message",
        _rule(
            r"^(?:add|send|insert)\s+(?:an?\s+|the\s+)?(?:message|call|request)\s+(?P<m>.+?)\s+"
            r"from\s+(?P<a>.+?)\s+to\s+(?P<b>.+)$"
        ),
    ),
    (
        "message",
        _rule(
            r"^(?:add|send|insert)\s+(?:an?\s+|the\s+)?(?:message|call|request)\s+from\s+(?P<a>.+?)"
            r"\s+to\s+(?P<b>.+?)(?:\s*[:,]?\s*(?:saying|called|named|labell?ed|with label|:)\s*"
            r"(?P<m>.+))?$"
        ),
    ),
    (
        "transition",
        _rule(
            r"^(?:add|draw|insert)\s+(?:an?\s+|the\s+)?transition\s+from\s+(?P<a>.+?)\s+to\s+"
            r"(?P<b>.+?)(?:\s+(?:on|when|after|triggered by|labell?ed|with)\s+(?P<m>.+))?$"
        ),
    ),
    (
        "transition",
        _rule(
            r"^(?:from\s+)?(?P<a>.+?)\s+(?:should\s+)?(?:goes|go|moves|move|changes|change|"
            r"switches|switch|transitions|transition|leads|lead)\s+(?:in)?to\s+(?P<b>.+?)"
            r"(?:\s+(?:on|when|after|if|once)\s+(?P<m>.+))?$"
        ),
    ),
    (
        "message",
        _rule(
            r"^(?P<a>.+?)\s+(?:sends|should send|passes|forwards|returns)\s+(?P<m>.+?)\s+"
            r"(?:to|back to)\s+(?P<b>.+)$"
        ),
    ),
    (
        "has",
        _rule(
            r"^give\s+(?P<a>.+?)\s+(?P<many>(?:an?|the|some|many)\s+)(?P<m>.+?)"
            r"(?:\s+(?:attribute|field|property))?$"
        ),
    ),
    (
        "attribute",
        _rule(
            r"^(?:add|give|put)\s+(?:an?\s+|the\s+)?(?:attribute|field|property|slot)\s+(?P<m>.+?)"
            r"\s+(?:to|on|in|into|for)\s+(?P<a>.+)$"
        ),
    ),
    (
        "method",
        _rule(
            r"^(?:add|give|put)\s+(?:an?\s+|the\s+)?(?:method|operation|function)\s+(?P<m>.+?)"
            r"\s+(?:to|on|in|into|for)\s+(?P<a>.+)$"
        ),
    ),
    (
        "unlink",
        _rule(
            r"^(?:remove|delete|drop)\s+(?:the\s+|all\s+)?(?:relation(?:ship)?|link|arrow|"
            r"association|connection|message|transition|edge)s?\s+(?:between|from)\s+(?P<a>.+?)"
            r"\s+(?:and|to)\s+(?P<b>.+)$"
        ),
    ),
    (
        "link",
        _rule(
            r"^(?:add|draw|insert)\s+(?:an?\s+|the\s+)?(?:relation(?:ship)?|link|arrow|association|"
            r"connection|edge)\s+(?:between|from)\s+(?P<a>.+?)\s+(?:and|to)\s+(?P<b>.+?)"
            r"(?:\s+(?:labell?ed|saying|called)\s+(?P<m>.+))?$"
        ),
    ),
    (
        "between",
        _rule(r"^(?:add|insert|put|place)\s+(?P<x>.+?)\s+between\s+(?P<a>.+?)\s+and\s+(?P<b>.+)$"),
    ),
    ("after", _rule(r"^(?:add|insert|put|place)\s+(?P<x>.+?)\s+after\s+(?P<a>.+)$")),
    ("before", _rule(r"^(?:add|insert|put|place)\s+(?P<x>.+?)\s+before\s+(?P<a>.+)$")),
    (
        "link",
        _rule(
            r"^(?:connect|link|join|relate|associate)\s+(?P<a>.+?)\s+(?:to|with)\s+(?P<b>.+?)"
            r"(?:\s+(?:labell?ed|saying|called|with label)\s+(?P<m>.+))?$"
        ),
    ),
    # "link A and B" only when no "to" says where A ends ("connect Safety and Compliance to X").
    (
        "link",
        _rule(
            r"^(?:connect|link|join|relate|associate)\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)"
            r"(?:\s+(?:labell?ed|saying|called|with label)\s+(?P<m>.+))?$"
        ),
    ),
    (
        "link",
        _rule(
            r"^(?P<a>.+?)\s+(?:should\s+be|is|must\s+be)\s+(?:connected|linked|related|"
            r"associated)\s+(?:to|with)\s+(?P<b>.+)$"
        ),
    ),
    (
        "remove",
        _rule(
            r"^(?:remove|delete|drop|get rid of|take out|erase)\s+(?P<x>.+?)"
            r"(?:\s+from\s+(?:the\s+)?(?:diagram|it|picture))?$"
        ),
    ),
    (
        "has",
        _rule(
            r"^(?P<a>.+?)\s+(?:has|have|holds|contains|should have|needs)\s+"
            r"(?P<many>(?:one or more|zero or more|an?|one|many|several|multiple|some)\s+)?"
            r"(?P<m>.+)$"
        ),
    ),
    (
        "add_with",
        _rule(
            r"^(?:add|create|include)\s+(?P<x>.+?)\s+with\s+(?:the\s+)?(?:attributes?|fields?|"
            r"properties)\s+(?P<m>.+)$"
        ),
    ),
    (
        "add_to",
        _rule(r"^(?:add|put|attach)\s+(?P<x>.+?)\s+(?:to|into|in|on|for)\s+(?P<a>.+)$"),
    ),
    ("add", _rule(r"^(?:add|create|include|insert|draw)\s+(?P<x>.+)$")),
    (
        "verb",
        _rule(
            r"^(?P<a>.+?)\s+(?P<m>calls|uses|depends on|talks to|notifies|sends to|contacts|owns|"
            r"creates|inherits from|extends|implements|is a kind of|is a type of|is an?)\s+"
            r"(?P<b>.+)$"
        ),
    ),
]


def _listed(text: str) -> list[str]:
    """`a, b and c` -> [a, b, c]."""
    return [part.strip() for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", text) if part.strip()]


_DIAGRAM_ITSELF = re.compile(r"^(?:the |this )?(?:diagram|it|picture|drawing)$", re.IGNORECASE)


def parse_request(request: str) -> list[Edit] | None:
    """The edits a request asks for in order, or None when any part is not understood."""
    parts = [
        _tidy(part)
        for part in re.split(r"(?:;|\n|\.\s+|,\s*(?:and\s+)?then\s+|\s+and\s+then\s+)", request)
    ]
    edits: list[Edit] = []
    for part in filter(None, parts):
        parsed = _parse_one(part)
        if parsed is None:
            return None
        edits.extend(parsed)
    return edits or None


def _parse_one(text: str) -> list[Edit] | None:
    for op, pattern in _RULES:
        match = pattern.match(text)
        if not match:
            continue
        edit = _edit(op, match.groupdict())
        if edit is None:
            continue
        edits = edit if isinstance(edit, list) else [edit]
        # A name that is really a sentence or a drawing word ("add a note to Order") means
        # the request was not one of these after all.
        if all(_plausible(e) for e in edits):
            return edits
        return None
    return None


# Words that name parts of a drawing, not elements a user wants drawn.
_DRAWING_WORDS = {
    "note",
    "notes",
    "comment",
    "title",
    "legend",
    "header",
    "footer",
    "caption",
    "colour",
    "color",
    "colours",
    "colors",
    "label",
    "labels",
    "arrow",
    "arrows",
    "line",
    "lines",
    "link",
    "links",
    "relation",
    "relations",
    "relationship",
    "connection",
    "diagram",
    "package",
    "frame",
    "layout",
    "style",
    "theme",
    "skinparam",
    "direction",
    "description",
    "stereotype",
    "shadow",
    "font",
    "background",
    "border",
    "spacing",
    "icon",
    "icons",
}
_CONNECTORS = re.compile(r"\b(?:with|that|which|who|whose|where|so|because|if|when|then)\b", re.I)


def _plausible(edit: Edit) -> bool:
    """Whether a new element's name looks like a name. Names of existing elements are checked
    against the diagram instead, where "Direction" or a long use case can be real."""
    if edit.op not in ("add", "add_to", "between", "after", "before") or not edit.name:
        return True
    name = edit.name
    if len(name.split()) > 6 or _CONNECTORS.search(name):
        return False
    return name.lower().strip(".,") not in _DRAWING_WORDS


def _edit(op: str, groups: dict[str, str | None]) -> Edit | list[Edit] | None:
    label = (groups.get("m") or "").strip().strip("\"'“”‘’`").strip()
    if op in ("message", "transition"):
        label = re.sub(r"^(?:an?|the)\s+", "", label, flags=re.I)
    if op == "retype":
        return Edit("retype", name=TYPE_WORDS[groups["type"].lower()])
    if op == "rename":
        old, new = _name(groups["a"]), _name(groups["b"])
        new = re.sub(r"\s+instead$", "", new, flags=re.I)
        return Edit("rename", a=old, b=new) if old and new else None
    if op == "rename_call":
        # "call order service billing service instead": where one name ends is decided later,
        # against the diagram's names; quotes settle it at once.
        quoted = re.findall(r"[\"'“”‘’`]([^\"'“”‘’`]+)[\"'“”‘’`]", groups["a"])
        if len(quoted) == 2:
            return Edit("rename", a=quoted[0], b=quoted[1])
        return Edit("rename_split", name=groups["a"].strip())
    if op in ("message", "transition", "link", "unlink"):
        return Edit(op, a=_name(groups["a"]), b=_name(groups["b"]), label=label)
    if op in ("attribute", "method"):
        return Edit(op, a=_name(groups["a"]), label=label)
    if op in ("between", "after", "before"):
        name, kind = clean_name(groups["x"])
        return Edit(op, name=name, kind=kind, a=_name(groups["a"]), b=_name(groups.get("b") or ""))
    if op == "remove":
        name, kind = clean_name(groups["x"])
        return Edit("remove", name=name, kind=kind)
    if op == "has":
        many = (groups.get("many") or "").strip().lower()
        return Edit("has", a=_name(groups["a"]), label=label, kind=many or None)
    if op == "add_to":
        name, kind = clean_name(groups["x"])
        if _DIAGRAM_ITSELF.match(groups["a"].strip()):
            return Edit("add", name=name, kind=kind)
        return Edit("add_to", name=name, kind=kind, a=_name(groups["a"]))
    if op == "add_with":
        name, kind = clean_name(groups["x"])
        members = _listed(label)
        return [Edit("add", name=name, kind=kind)] + [
            Edit("attribute", a=name, label=member) for member in members
        ]
    if op == "add":
        if not re.search(r"[\"'“”‘’`]", groups["x"]):
            parts = _listed(groups["x"])
            if len(parts) > 1 and all(len(part.split()) <= 3 for part in parts):
                # "add Cache and Queue": one element each.
                return [Edit("add", name=n, kind=k) for n, k in map(clean_name, parts)]
        name, kind = clean_name(groups["x"])
        return Edit("add", name=name, kind=kind) if name else None
    if op == "verb":
        return Edit("verb", a=_name(groups["a"]), b=_name(groups["b"]), label=label.lower())
    return None
