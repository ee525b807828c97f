"""The diagram types PlantWeb generates, and a guess for scenarios that do not name one."""

import re

DIAGRAM_TYPES = (
    "class",
    "object",
    "component",
    "sequence",
    "usecase",
    "state",
    "timing",
    "activity",
)

# The data set spells the types this way in its prompts ("a Usecase diagram diagram").
TYPE_LABELS = {
    "class": "Class",
    "object": "Object",
    "component": "Component",
    "sequence": "Sequence",
    "usecase": "Usecase",
    "state": "State",
    "timing": "Timing",
    "activity": "Activity",
}

DEFAULT_DIAGRAM_TYPE = "class"

# Each phrase adds its weight to a type when it occurs in the scenario. A type named
# outright ("sequence diagram") outweighs any number of hints, so users can always steer it.
_KEYWORDS: dict[str, tuple[tuple[str, int], ...]] = {
    "sequence": (
        (r"sequence diagram", 10),
        (r"sequence of (messages|steps|requests|calls|events|interactions)", 4),
        (r"\b(message|messages|request|requests|response|responses|replies|reply)\b", 1),
        (r"\b(sends?|calls?|returns?|responds?)\b", 1),
        (r"\b(then|after that|next|finally)\b", 1),
    ),
    "state": (
        (r"state (machine|diagram)", 10),
        (r"\b(states?|transitions?|lifecycle|life cycle)\b", 2),
        (r"\b(moves? to|goes to|changes? to|becomes)\b", 1),
    ),
    "usecase": (
        (r"use ?case diagram", 10),
        (r"\b(actors?|use ?cases?)\b", 2),
        (r"\b(users? can|customers? can|admins? can|can (log|sign|view|place|manage))\b", 1),
    ),
    "component": (
        (r"component diagram", 10),
        (r"\b(components?|services?|microservices?|modules?|subsystems?|interfaces?)\b", 2),
        (r"\b(api|gateway|database|queue|server)\b", 1),
    ),
    "object": (
        (r"object diagram", 10),
        (r"\b(objects?|instances?|snapshot)\b", 2),
        (r"\bfor example\b|\be\.g\.", 1),
    ),
    "timing": (
        (r"timing diagram", 10),
        (r"\b(timing|timeline|milliseconds?|seconds|clock|at time)\b", 2),
    ),
    "activity": (
        (r"activity diagram|flow ?chart|workflow", 10),
        (r"\b(in parallel|at the same time|otherwise|retr(?:y|ies))\b", 2),
        (r"\b(process|procedure|steps?)\b", 1),
    ),
    "class": (
        (r"class diagram", 10),
        (r"\b(class|classes|attributes?|inherits?|inheritance|subclass|fields?)\b", 2),
        (r"\b(has many|has a|belongs to|consists of)\b", 1),
    ),
}

_PATTERNS = {
    diagram_type: tuple((re.compile(pattern, re.IGNORECASE), weight) for pattern, weight in rules)
    for diagram_type, rules in _KEYWORDS.items()
}


def keyword_scores(scenario: str) -> dict[str, int]:
    """Each type's score: the summed weight of every keyword occurrence in the scenario."""
    return {
        diagram_type: sum(weight * len(pattern.findall(scenario)) for pattern, weight in patterns)
        for diagram_type, patterns in _PATTERNS.items()
    }


def guess_diagram_type(scenario: str) -> str:
    """The type with the highest keyword score; class when nothing matches.

    Ties go to the type listed first in DIAGRAM_TYPES, so the guess is stable.
    """
    scores = keyword_scores(scenario)
    best = max(DIAGRAM_TYPES, key=lambda t: (scores[t], -DIAGRAM_TYPES.index(t)))
    return best if scores[best] > 0 else DEFAULT_DIAGRAM_TYPE
