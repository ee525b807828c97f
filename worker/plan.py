"""A diagram as decisions, before any PlantUML is written: what to draw and how it connects.

A plan names elements and links with text taken from the scenario. The writers in
worker.writers turn a plan into PlantUML that always parses, so whatever fills a plan (the
analysis' rules or the learned planner) can only choose what to draw, never break the syntax.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field


@dataclass
class Element:
    name: str  # as the diagram labels it: "Payment Service"
    kind: str = ""  # actor, participant, class, component, database, usecase, state, object
    attributes: list[str] = field(default_factory=list)
    operations: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return element_key(self.name)


@dataclass
class Link:
    source: str  # element names
    target: str
    kind: str = "association"  # association, composition, generalisation, dependency,
    # message, reply, transition, include
    label: str = ""
    source_multiplicity: str = ""
    target_multiplicity: str = ""
    group: str = ""  # sequence: "alt", "else", "opt", "loop"; the block this message is in
    condition: str = ""  # the guard of the group, or of a transition


@dataclass
class Step:
    """One node of an activity: an action, or the opening/closing of a block."""

    # action, if, else, endif, fork, forkagain, endfork, repeat, backward, repeatwhile,
    # repeatuntil, stop
    kind: str
    text: str = ""
    lane: str = ""  # who does it, for swimlanes


@dataclass
class Plan:
    diagram_type: str
    title: str = ""
    elements: list[Element] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    boundary: str = ""  # the system box of a use case diagram

    def element(self, name: str) -> Element | None:
        key = element_key(name)
        return next((e for e in self.elements if e.key == key), None)

    def add(self, name: str, kind: str = "") -> Element:
        found = self.element(name)
        if found is None:
            found = Element(clean_name(name), kind)
            self.elements.append(found)
        return found

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Plan:
        return cls(
            diagram_type=data["diagram_type"],
            title=data.get("title", ""),
            elements=[Element(**e) for e in data.get("elements", [])],
            links=[Link(**link) for link in data.get("links", [])],
            steps=[Step(**s) for s in data.get("steps", [])],
            boundary=data.get("boundary", ""),
        )


def element_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.lower())


def clean_name(name: str) -> str:
    """A label PlantUML can quote: no quotes, brackets or line breaks, at most 60 characters."""
    name = re.sub(r"[\"\[\]{}<>|\\\n\r\t]+", " ", name)
    name = " ".join(name.split())
    return name[:60].strip() or "Unnamed"
