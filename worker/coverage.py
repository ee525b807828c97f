"""What the scenario names that the diagram leaves out: "not drawn: Payment, Warehouse".

The analysis draws up the elements a diagram of the type would show (the same choice as the
analysis-only draft); those whose name, singular or joined spelling appears nowhere among the
diagram's elements are listed, so a user sees at a glance what to ask for.
"""

from __future__ import annotations

from worker.analysis import analyse, singular
from worker.drafts import RuleChooser, chosen_candidates
from worker.metrics import parse_diagram

MOST = 8


def _spellings(name: str) -> set[str]:
    words = [w.lower() for w in name.split()]
    keys = {"".join(words)}
    if words:
        keys.add("".join(words[:-1] + [singular(words[-1]).lower()]))
    return {k for k in keys if k}


def not_drawn(scenario: str, code: str, diagram_type: str) -> list[str]:
    """Names from the scenario that a diagram of diagram_type would show and code does not."""
    if not scenario.strip() or not code.strip() or diagram_type == "activity":
        return []
    drawn = parse_diagram(code).elements
    # A name counts as drawn when an element holds it: "Payment" is in "PaymentService".
    joined = "|".join(sorted(drawn))
    missing: list[str] = []
    analysis = analyse(scenario)
    for cand in chosen_candidates(analysis, RuleChooser(), diagram_type):
        if cand.action and cand.action >= cand.full:
            continue  # verb phrases are drawn as labels more often than as elements
        if any(key in joined for key in _spellings(cand.name)):
            continue
        name = " ".join(cand.name.split()[:-1] + [singular(cand.name.split()[-1])])
        if name not in missing:
            missing.append(name)
        if len(missing) >= MOST:
            break
    return missing
