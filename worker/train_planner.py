"""Trains the learned planner: `python -m worker.train_planner --out models/plantweb-plan`.

Fits the element and link models on the training split, picks each type's cut-offs by
cross-validation on the training split, reports the validation split's figures (neither
held-out split is used to choose anything), and writes planner.json and plantweb.json.
Deterministic: the same data gives the same weights. Takes a few minutes on one CPU.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from statistics import mean

from worker.analysis import Analysis, analyse
from worker.data import (
    DEFAULT_SEED,
    HeldOutExtraData,
    extra_training_pairs,
    load_typed_splits,
    use_case_key,
)
from worker.drafts import build_plan
from worker.metrics import element_scores, relation_scores
from worker.planner import PLAN_FORMAT, LearnedChooser, fit
from worker.writers import write

ELEMENT_CUTS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
# The fewest elements a diagram draws, whatever the cut says, chosen with the cut.
ELEMENT_FLOORS = (2, 3, 4, 5)
# How far past the cut a long text with many likely elements draws (worker.drafts._choose);
# chosen after the cut and floor, 0 keeping the fixed cut.
ELEMENT_SHARES = (0.0, 0.5, 0.75, 1.0, 1.25, 1.5)
LINK_CUTS = (0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.4, 0.6, 0.9)
# Cuts are chosen by cross-validation on the training split: every fold's planner is scored
# on the use cases it did not see. Validation stays unread until the figures are reported.
FOLDS = 5


def analysis_memo():
    """worker.analysis.analyse with each scenario read once: folds share the analyses."""
    cache: dict[str, Analysis] = {}

    def analysis_of(scenario: str) -> Analysis:
        if scenario not in cache:
            cache[scenario] = analyse(scenario)
        return cache[scenario]

    return analysis_of


def fold_of(scenario: str) -> int:
    """A use case's fold, stable across runs; every row of one use case lands in one fold."""
    digest = hashlib.sha256(use_case_key(scenario).encode()).digest()
    return digest[0] % FOLDS


def element_f1(code: str, reference: str) -> float:
    return element_scores(code, reference).f1


def relation_f1(code: str, reference: str) -> float | None:
    scores = relation_scores(code, reference)
    return scores.f1 if scores else None


def _values(chooser: LearnedChooser, pairs, metric, analysis_of) -> dict[str, list[float]]:
    by_type: dict[str, list[float]] = {}
    for pair in pairs:
        plan = build_plan(
            pair.scenario, pair.diagram_type, chooser, analysis=analysis_of(pair.scenario)
        )
        value = metric(write(plan), pair.plantuml)
        if value is not None:
            by_type.setdefault(pair.diagram_type, []).append(value)
    return by_type


def _set_cuts(models: dict, cuts: dict, default=None, field: str = "threshold") -> None:
    """Each model's threshold (and floor) from cuts[kind]: a cut, or a (cut, floor) pair;
    or, with field "share", its share."""
    for kind, model in models.items():
        setting = cuts.get(kind, default)
        if setting is None:
            continue
        cut, floor = setting if isinstance(setting, tuple) else (setting, None)
        model[field] = cut
        if floor is not None:
            model["floor"] = floor


def tune(train, *, C: float = 1.0, analysis_of=None) -> dict:
    """Each type's element cut and floor, then its share, then link cut, chosen by
    cross-validation on train: for every setting, the mean F1 over all folds' held-out use
    cases. Returns {"element": {type: {"cut", "floor", "cv"}}, "share": {type: {"share",
    "cv"}}, "link": {type: {"cut", "cv"}}}."""
    analysis_of = analysis_of or analysis_memo()
    folds = [
        (
            fit([p for p in train if fold_of(p.scenario) != k], C=C, analysis_of=analysis_of),
            [p for p in train if fold_of(p.scenario) == k],
        )
        for k in range(FOLDS)
    ]
    table: dict = {"element": {}, "share": {}, "link": {}}
    element_settings = [(cut, floor) for floor in ELEMENT_FLOORS for cut in ELEMENT_CUTS]
    for group, settings, metric, models_of in (
        ("element", element_settings, element_f1, lambda c: c.weights["types"]),
        ("share", ELEMENT_SHARES, element_f1, lambda c: c.weights["types"]),
        ("link", LINK_CUTS, relation_f1, lambda c: c.weights.get("pairs", {})),
    ):
        field = "share" if group == "share" else "threshold"
        values: dict[str, dict] = {}
        for setting in settings:
            for chooser, held in folds:
                _set_cuts(models_of(chooser), {}, default=setting, field=field)
                for kind, found in _values(chooser, held, metric, analysis_of).items():
                    values.setdefault(kind, {}).setdefault(setting, []).extend(found)
        best = {}
        for kind, per_setting in values.items():
            # Ties go to the earlier setting: the smaller floor, then the smaller cut.
            setting, found = max(per_setting.items(), key=lambda item: mean(item[1]))
            best[kind] = setting
            row = (
                {"cut": setting[0], "floor": setting[1]}
                if group == "element"
                else {"share" if group == "share" else "cut": setting}
            )
            table[group][kind] = {**row, "cv": round(mean(found), 3)}
        for chooser, _ in folds:
            _set_cuts(models_of(chooser), best, field=field)
    return table


def apply_cuts(chooser: LearnedChooser, table: dict) -> None:
    _set_cuts(
        chooser.weights["types"],
        {k: (v["cut"], v.get("floor", 2)) for k, v in table["element"].items()},
    )
    _set_cuts(
        chooser.weights["types"],
        {k: v["share"] for k, v in table.get("share", {}).items()},
        field="share",
    )
    _set_cuts(chooser.weights.get("pairs", {}), {k: v["cut"] for k, v in table["link"].items()})


def mean_scores(chooser: LearnedChooser, pairs, analysis_of) -> dict[str, float]:
    element = [v for vs in _values(chooser, pairs, element_f1, analysis_of).values() for v in vs]
    relation = [v for vs in _values(chooser, pairs, relation_f1, analysis_of).values() for v in vs]
    return {"element_f1": round(mean(element), 3), "relation_f1": round(mean(relation), 3)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=None, help="the data set: parquet / JSONL / hub id")
    parser.add_argument("--extra-data", default=None, help="JSONL of reviewed pairs to add")
    parser.add_argument("--out", default="models/plantweb-plan")
    parser.add_argument("--C", type=float, default=1.0, help="inverse regularisation strength")
    args = parser.parse_args(argv)

    # The types PlantUML really draws: most "Timing" requests hold sequence diagrams.
    splits = load_typed_splits(args.data, seed=DEFAULT_SEED)
    train = list(splits["train"])
    if args.extra_data:
        try:
            train += extra_training_pairs(args.extra_data, splits)
        except HeldOutExtraData as error:
            raise SystemExit(str(error)) from None
    analysis_of = analysis_memo()
    table = tune(train, C=args.C, analysis_of=analysis_of)
    chooser = fit(train, C=args.C, analysis_of=analysis_of)
    apply_cuts(chooser, table)
    table["val"] = mean_scores(chooser, splits["val"], analysis_of)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    chooser.save(out / "planner.json")
    settings = {"kind": "planner", "prompt_format": PLAN_FORMAT, "name": out.name}
    (out / "plantweb.json").write_text(json.dumps(settings, indent=2) + "\n")
    (out / "tuning.json").write_text(
        json.dumps({"train_pairs": len(train), "C": args.C, **table}, indent=1) + "\n"
    )
    print(json.dumps(table["val"]), {k: v["cut"] for k, v in table["element"].items()})


if __name__ == "__main__":
    main()
