"""The diagram types PlantWeb generates, and a guess for scenarios that do not name one."""

import re

from worker.type_guess import shipped_guesser

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
        (r"\b(sends?|asks?|tells?|calls?|returns?|responds?|replies|confirms?|forwards?)\b", 2),
        (
            r"\b(server|service|module|app|browser|machine|system)\b[^.]{0,40}\b(sends?|asks?|tells?|returns?|confirms?)\b",
            2,
        ),
    ),
    "state": (
        (r"state (machine|diagram)", 10),
        (r"\b(states?|transitions?|lifecycle|life cycle)\b", 3),
        (r"\b(becomes?|moves? to|goes to|changes? to|is created as|sends? it back to)\b", 3),
        (r"\b(idle|pending|draft|archived|published|cancell?ed|shipped|delivered|paid)\b", 1),
    ),
    "usecase": (
        (r"use ?case diagram", 10),
        (r"\b(actors?|use ?cases?)\b", 2),
        (r"\bas an? [\w -]+?,? i (want|need|would like)\b", 6),
        (
            r"\b(users? can|customers? can|admins? can"
            r"|can (log|sign|view|place|manage|withdraw))\b",
            2,
        ),
        (r"\blets (the )?[\w -]+? (\w+ )?(turn|set|view|book|manage|see|create)\b", 4),
        (r"\b(everyone must|must sign in|can only)\b", 2),
        # People who each do things with the system: "Members search the catalogue".
        (
            r"\b(members|users|customers|librarians|students|guests|authors|reviewers|patients"
            r"|employees|visitors|players|buyers|sellers)\b (?:\w+ ){0,3}?(search|borrow|register"
            r"|book|browse|manage|submit|buy|order|pay|download|upload|rate|review|apply)\b",
            2,
        ),
    ),
    "component": (
        (r"component diagram", 10),
        (r"\b(components?|services?|microservices?|modules?|subsystems?|interfaces?)\b", 2),
        (r"\b(api|gateway|database|queue|broker|cdn|endpoint|backend|frontend|cluster)\b", 2),
        (r"\b(architecture|deployed|talks to|publishes|consumes)\b", 3),
    ),
    "object": (
        (r"object diagram", 10),
        # "a snapshot of one booking", not "takes a database snapshot"
        (r"\b(objects?|instances?|snapshot of|instance view)\b", 4),
        (r"\b(for example|an example of|example of one)\b|\be\.g\.", 2),
        (r"\b[a-z]+ [A-Z][a-z]+ [A-Z][a-z]+ \(", 2),
    ),
    "timing": (
        (r"timing diagram", 10),
        (r"\b(timing|timeline|milliseconds?|clock|at time)\b", 2),
    ),
    "activity": (
        (r"activity diagram|flow ?chart|workflow", 10),
        (r"\b(in parallel|at the same time|simultaneously)\b", 4),
        (r"\b(otherwise|if not|retr(?:y|ies)|in both cases|the process ends)\b", 2),
        (r"\b(to handle|every night|first|finally|when both)\b", 1),
    ),
    "class": (
        (r"class diagram", 10),
        (r"\b(class|classes|attributes?|inherits?|inheritance|subclass|fields?)\b", 2),
        (r"\b(has many|has a|have a|belongs to|consists of|keeps track of)\b", 2),
        (r"\b[A-Z][a-z]+\([a-zA-Z, ]+\)", 4),
        (r"\b(each|every) [a-z]+ (has|have|records)\b", 3),
    ),
}

_PATTERNS = {
    diagram_type: tuple((re.compile(pattern, re.IGNORECASE), weight) for pattern, weight in rules)
    for diagram_type, rules in _KEYWORDS.items()
}


# "Use Case Name:", "Use Case Actors:": a use case document's headings say how the text is laid
# out, not which diagram it wants.
_HEADINGS = re.compile(r"^\s*(?:#+\s*)?use case\s+[a-z ]{2,30}:", re.IGNORECASE | re.MULTILINE)


def keyword_scores(scenario: str) -> dict[str, int]:
    """Each type's score: the summed weight of every keyword occurrence in the scenario."""
    scenario = _HEADINGS.sub("", scenario)
    return {
        diagram_type: sum(weight * len(pattern.findall(scenario)) for pattern, weight in patterns)
        for diagram_type, patterns in _PATTERNS.items()
    }


def keyword_guess(scenario: str) -> str:
    """The type with the highest keyword score; class when nothing matches.

    Ties go to the type listed first in DIAGRAM_TYPES, so the guess is stable.
    """
    scores = keyword_scores(scenario)
    best = max(DIAGRAM_TYPES, key=lambda t: (scores[t], -DIAGRAM_TYPES.index(t)))
    return best if scores[best] > 0 else DEFAULT_DIAGRAM_TYPE


# "a sequence diagram", "the state machine", "a flowchart": the writer says which one.
_NAMED = re.compile(
    r"\b(class|object|component|sequence|use ?case|state|timing|activity) diagram"
    r"|\b(state) machine|\b(flow) ?chart"
    # ("An instance view of the train network": UML's other name for an object diagram)
    r"|\b(instance) (?:diagram|view)",
    re.IGNORECASE,
)
_NAME_TYPES = {"use case": "usecase", "flow": "activity", "instance": "object"}


def named_types(scenario: str) -> set[str]:
    found = set()
    for match in _NAMED.finditer(scenario):
        name = next(g for g in match.groups() if g).lower()
        found.add(_NAME_TYPES.get(name, name))
    return found


def guess_diagram_type(scenario: str) -> str:
    """The diagram a scenario sent with "auto" wants.

    A type the scenario names outright wins. Otherwise the learned guess (worker.type_guess)
    reads the wording; the keyword guess decides for texts shorter than any it was trained on
    or where it knows none of the words. None of its training scenarios asked for a timing
    diagram, so a longer text gets one only by naming it.
    """
    named = named_types(scenario)
    if named:
        scores = keyword_scores(scenario)
        return max(sorted(named), key=lambda t: scores[t])
    guesser = shipped_guesser()
    learned = guesser.guess(scenario) if guesser else None
    return learned or keyword_guess(scenario)
