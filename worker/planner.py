"""The learned planner: which candidates a diagram of each type draws, learned from references.

Each training reference is parsed into the names it draws; every candidate the analysis finds
in its scenario is labelled drawn or not, and a logistic regression per diagram type learns
from the candidate's features (how often and where it occurs, whether it acts, is acted on,
is listed as an actor, owns things, reads as a verb phrase...). The cut-off per type is
chosen on the validation split. Weights are stored as JSON beside the model card, so loading
a planner runs no code from the file.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

from worker import lexicon as lx
from worker.analysis import Analysis, Candidate, analyse, name_key, salience, singular

PLANNER_FILE = "planner.json"
# The prompt format a loaded planner reports: it reads the scenario, not a prompt.
PLAN_FORMAT = "plan"
_SECTIONS = (
    "",
    "description",
    "flow",
    "actors",
    "preconditions",
    "postconditions",
    "triggers",
    "exceptions",
    "name",
)


def _listed_names(analysis: Analysis) -> dict[str, int]:
    """Rank of each name in worker.candidates' list (actors, the system, subjects first)."""
    cached = getattr(analysis, "_listed", None)
    if cached is None:
        from worker.candidates import scenario_candidates

        cached = {name_key(n): i for i, n in enumerate(scenario_candidates(analysis.scenario))}
        analysis._listed = cached
    return cached


def candidate_features(cand: Candidate, analysis: Analysis, rank: int) -> list[float]:
    n = max(len(analysis.sentences), 1)
    listed = _listed_names(analysis)
    heads = sum(1 for other in analysis.candidates.values() if other.head == cand.head)
    total = max(len(analysis.candidates), 1)
    longer = sum(
        1
        for other in analysis.candidates.values()
        if other.words > cand.words and other.key.endswith(cand.key) and other.full
    )
    last = cand.name.split()[-1]
    log = math.log1p
    features = [
        log(cand.count),
        log(cand.subject),
        log(cand.object),
        log(cand.target),
        log(cand.full),
        log(cand.capitalised),
        float(cand.listed_actor),
        float(cand.in_name),
        log(cand.in_steps),
        log(cand.owned),
        log(cand.owner),
        log(cand.action),
        float(cand.action > 0 and cand.full == cand.action),
        float(cand.words == 1),
        float(cand.words == 2),
        float(cand.words >= 3),
        float(cand.role == "actor"),
        float(cand.role == "system"),
        float(cand.head in lx.ABSTRACT_WORDS),
        cand.first / n,
        len(cand.sentences) / n,
        float(singular(last) != last),
        log(longer),
        rank / total,
        float(cand.key in analysis.lists),
        float(cand.full == 0),
        float(salience(cand) > 5),
        float(cand.key in listed),
        1 / (1 + listed.get(cand.key, 99)),
        math.log1p(heads),
        math.log1p(n),
    ]
    features += [float(s in cand.sections) for s in _SECTIONS]
    features += [float(k in cand.spellings) for k in ("head", "whole", "bare", "told")]
    return features


def _all_features(analysis: Analysis) -> dict[str, list[float]]:
    """Every candidate's features, computed once per analysis (they do not depend on the
    diagram type, which only picks the weights)."""
    cached = getattr(analysis, "_features", None)
    if cached is None:
        cached = {
            cand.key: candidate_features(cand, analysis, rank)
            for rank, cand in enumerate(ranked_candidates(analysis))
        }
        analysis._features = cached
    return cached


def relation_kinds(analysis: Analysis) -> dict[tuple[str, str], str]:
    """The kind of relation the analysis read between each ordered pair of candidates."""
    return {(r.source, r.target): r.kind for r in analysis.relations}


def pair_features(
    a: Candidate, b: Candidate, kinds: dict[tuple[str, str], str], order: dict[str, int], hub: str
) -> list[float]:
    """Features of drawing a link from a to b, both already chosen; kinds from relation_kinds."""
    forward = kinds.get((a.key, b.key), "")
    backward = kinds.get((b.key, a.key), "")
    shared = len(a.sentences & b.sentences)
    n = max(len(order), 1)
    return [
        float(forward == "action"),
        float(forward == "has"),
        float(forward == "isa"),
        float(backward != ""),
        math.log1p(shared),
        float(a.role == "actor"),
        float(b.role == "actor"),
        float(a.role == "system"),
        float(b.role == "system"),
        order[a.key] / n,
        order[b.key] / n,
        float(order[a.key] < order[b.key]),
        float(a.key == hub),
        float(b.key == hub),
        math.log1p(a.subject),
        math.log1p(b.subject),
        math.log1p(b.object + b.target),
        float(a.first < b.first),
        float(a.listed_actor),
        float(b.listed_actor),
        float(a.action > 0),
        float(b.action > 0),
    ]


def _score(model: dict, x: list[float]) -> float:
    z = model["intercept"] + sum(
        w * (v - m) / s
        for w, v, m, s in zip(model["coef"], x, model["mean"], model["scale"], strict=True)
    )
    return 1 / (1 + math.exp(-max(min(z, 30), -30)))


def ranked_candidates(analysis: Analysis) -> list[Candidate]:
    return analysis.ranked()


class LearnedChooser:
    """Scores candidates with the per-type weights of a trained planner."""

    keeps_form = True
    extra = 0  # elements past the cut ("Try again")

    def __init__(self, weights: dict) -> None:
        self.weights = weights

    @classmethod
    def load(cls, path: str | Path) -> LearnedChooser:
        path = Path(path)
        if path.is_dir():
            path = path / PLANNER_FILE
        return cls(json.loads(path.read_text()))

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.weights, indent=1) + "\n")

    def element_scores(self, analysis: Analysis, diagram_type: str) -> dict[str, float]:
        model = (
            self.weights["types"].get(diagram_type)
            or self.weights["types"][self.weights["fallback"]]
        )
        return {key: _score(model, x) for key, x in _all_features(analysis).items()}

    def pair_scores(
        self, analysis: Analysis, diagram_type: str, chosen: list[Candidate]
    ) -> dict[tuple[str, str], float]:
        model = self.weights.get("pairs", {}).get(diagram_type)
        if model is None or len(chosen) < 2:
            return {}
        order = {c.key: i for i, c in enumerate(chosen)}
        hub = chosen[0].key
        kinds = relation_kinds(analysis)
        return {
            (a.key, b.key): _score(model, pair_features(a, b, kinds, order, hub))
            for a in chosen
            for b in chosen
            if a.key != b.key
        }

    def pair_threshold(self, diagram_type: str) -> float:
        return self.weights.get("pairs", {}).get(diagram_type, {}).get("threshold", 0.5)

    def loosened(self, factor: float) -> LearnedChooser:
        """The same planner with every cut multiplied by factor, drawing at least one element
        more than the cut allows where the scenario names more."""
        weights = json.loads(json.dumps(self.weights))
        for group in (weights["types"], weights.get("pairs", {})):
            for model in group.values():
                model["threshold"] = model.get("threshold", 0.5) * factor
                model["share"] = model.get("share", 0.0) * factor
        chooser = LearnedChooser(weights)
        chooser.extra = 1
        return chooser

    def element_threshold(self, diagram_type: str) -> float:
        model = (
            self.weights["types"].get(diagram_type)
            or self.weights["types"][self.weights["fallback"]]
        )
        return model.get("threshold", 0.5)

    def element_share(self, diagram_type: str) -> float:
        """How high an element's score must be against the expected F1 of what is already
        drawn (worker.drafts._choose); 0 when the type draws down to a fixed cut."""
        model = (
            self.weights["types"].get(diagram_type)
            or self.weights["types"][self.weights["fallback"]]
        )
        return model.get("share", 0.0)

    def element_floor(self, diagram_type: str) -> int:
        """How many elements are drawn whatever their scores (the cut's minimum)."""
        model = (
            self.weights["types"].get(diagram_type)
            or self.weights["types"][self.weights["fallback"]]
        )
        return model.get("floor", 2)


def training_rows(
    pairs, parse, analysis_of=analyse
) -> dict[str, tuple[list[list[float]], list[int]]]:
    """Per type: (features, drawn-or-not labels) of every candidate of every pair."""
    rows: dict[str, tuple[list[list[float]], list[int]]] = {}
    for pair in pairs:
        analysis = analysis_of(pair.scenario)
        drawn = parse(pair.plantuml).elements
        xs, ys = rows.setdefault(pair.diagram_type, ([], []))
        for key, x in _all_features(analysis).items():
            xs.append(x)
            ys.append(int(key in drawn))
    return rows


def fit(pairs, *, C: float = 1.0, analysis_of=analyse) -> LearnedChooser:
    """A planner trained on pairs (worker.data.Pair); thresholds start at 0.5. analysis_of
    may be a memo of worker.analysis.analyse, so that refitting on folds reads each
    scenario once."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from worker.metrics import parse_diagram

    types = {}
    for diagram_type, (xs, ys) in training_rows(pairs, parse_diagram, analysis_of).items():
        x = np.array(xs, dtype=float)
        y = np.array(ys)
        if y.sum() == 0 or y.sum() == len(y):
            continue
        mean = x.mean(axis=0)
        scale = x.std(axis=0)
        scale[scale == 0] = 1.0
        model = LogisticRegression(C=C, max_iter=2000)
        model.fit((x - mean) / scale, y)
        types[diagram_type] = {
            "coef": [round(float(v), 6) for v in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 6),
            "mean": [round(float(v), 6) for v in mean],
            "scale": [round(float(v), 6) or 1.0 for v in scale],
            "threshold": 0.5,
            "positives": int(y.sum()),
            "rows": len(y),
        }
    fallback = "class" if "class" in types else next(iter(types))
    chooser = LearnedChooser({"format": 1, "fallback": fallback, "types": types})
    chooser.weights["pairs"] = _fit_pairs(pairs, chooser, C=C, analysis_of=analysis_of)
    return chooser


def _fit_pairs(pairs, chooser: LearnedChooser, *, C: float, analysis_of=analyse) -> dict:
    """Per type, a logistic regression over ordered pairs of the elements the element model
    chose, labelled by whether the reference joins them in that direction (or by a line with
    no direction, which joins them both ways)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from worker.drafts import chosen_candidates
    from worker.metrics import parse_diagram

    rows: dict[str, tuple[list, list]] = {}
    for pair in pairs:
        analysis = analysis_of(pair.scenario)
        chosen = chosen_candidates(analysis, chooser, pair.diagram_type)
        if len(chosen) < 2:
            continue
        drawn = parse_diagram(pair.plantuml)
        order = {c.key: i for i, c in enumerate(chosen)}
        kinds = relation_kinds(analysis)
        xs, ys = rows.setdefault(pair.diagram_type, ([], []))
        for a in chosen:
            for b in chosen:
                if a.key != b.key:
                    xs.append(pair_features(a, b, kinds, order, chosen[0].key))
                    ys.append(int(drawn.joins(a.key, b.key)))
    models = {}
    for diagram_type, (xs, ys) in rows.items():
        x, y = np.array(xs, dtype=float), np.array(ys)
        if y.sum() < 5 or y.sum() == len(y):
            continue
        mean, scale = x.mean(axis=0), x.std(axis=0)
        scale[scale == 0] = 1.0
        model = LogisticRegression(C=C, max_iter=2000).fit((x - mean) / scale, y)
        models[diagram_type] = {
            "coef": [round(float(v), 6) for v in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 6),
            "mean": [round(float(v), 6) for v in mean],
            "scale": [round(float(v), 6) or 1.0 for v in scale],
            "threshold": 0.5,
        }
    return models


def plan_code(
    chooser: LearnedChooser | None, scenario: str, diagram_type: str, seed: int = 0
) -> str:
    """The diagram the planner draws for a scenario, as PlantUML (the analysis-only draft
    when chooser is None). A non-zero seed ("Try again") lowers the cuts by a factor drawn
    from it, so the next try draws more of what the scenario names."""
    from worker.drafts import build_plan
    from worker.writers import write

    if seed and chooser is not None:
        chooser = chooser.loosened(random.Random(seed).uniform(0.4, 0.8))
    return write(build_plan(scenario, diagram_type, chooser))
