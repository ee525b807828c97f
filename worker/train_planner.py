"""Trains the learned planner: `python -m worker.train_planner --out models/plantweb-plan`.

Fits the element and link models on the training split, picks each type's cut-offs on the
validation split (the test split is never read), and writes planner.json and plantweb.json.
Deterministic: the same data gives the same weights. Takes about a minute on one CPU.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from statistics import mean

from worker.data import DEFAULT_SEED, HeldOutExtraData, extra_training_pairs, load_typed_splits
from worker.drafts import build_plan
from worker.metrics import element_scores, relation_scores
from worker.planner import PLAN_FORMAT, LearnedChooser, fit
from worker.writers import write

ELEMENT_CUTS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
LINK_CUTS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.6, 0.9)


def _scores(chooser: LearnedChooser, pairs, metric) -> dict[str, float]:
    by_type: dict[str, list[float]] = {}
    for pair in pairs:
        code = write(build_plan(pair.scenario, pair.diagram_type, chooser))
        value = metric(code, pair.plantuml)
        if value is not None:
            by_type.setdefault(pair.diagram_type, []).append(value)
    return {t: mean(v) for t, v in by_type.items()}


def _all(chooser: LearnedChooser, pairs, which: str) -> list[float]:
    values = []
    for pair in pairs:
        code = write(build_plan(pair.scenario, pair.diagram_type, chooser))
        if which == "element":
            values.append(element_scores(code, pair.plantuml).f1)
        else:
            scores = relation_scores(code, pair.plantuml)
            if scores is not None:
                values.append(scores.f1)
    return values


def tune(chooser: LearnedChooser, val) -> dict:
    """Sets every type's element cut, then link cut, to the best on val; returns the table."""
    table: dict = {"element": {}, "link": {}}
    element = lambda code, ref: element_scores(code, ref).f1  # noqa: E731

    def relation(code, ref):
        scores = relation_scores(code, ref)
        return scores.f1 if scores else None

    for group, cuts, metric, models in (
        ("element", ELEMENT_CUTS, element, chooser.weights["types"]),
        ("link", LINK_CUTS, relation, chooser.weights.get("pairs", {})),
    ):
        best: dict[str, tuple[float, float]] = {}
        for cut in cuts:
            for model in models.values():
                model["threshold"] = cut
            for kind, value in _scores(chooser, val, metric).items():
                if kind in models and value > best.get(kind, (0.0, -1.0))[1]:
                    best[kind] = (cut, value)
        for kind, (cut, value) in best.items():
            models[kind]["threshold"] = cut
            table[group][kind] = {"cut": cut, "val": round(value, 3)}
    return table


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
    chooser = fit(train, C=args.C)
    table = tune(chooser, splits["val"])
    table["val"] = {
        "element_f1": round(mean(_all(chooser, splits["val"], "element")), 3),
        "relation_f1": round(mean(_all(chooser, splits["val"], "relation")), 3),
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    chooser.save(out / "planner.json")
    settings = {"kind": "planner", "prompt_format": PLAN_FORMAT, "name": out.name}
    (out / "plantweb.json").write_text(json.dumps(settings, indent=2) + "\n")
    (out / "tuning.json").write_text(
        json.dumps({"train_pairs": len(train), "C": args.C, **table}, indent=1) + "\n"
    )
    print(json.dumps(table["val"]), {k: v["val"] for k, v in table["element"].items()})


if __name__ == "__main__":
    main()
