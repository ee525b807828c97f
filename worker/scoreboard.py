"""The scoreboard: the shipped planner beside the controls it has to beat.

`python -m worker.scoreboard --split test` renders every diagram on a real PlantUML server and
scores it against the reference, per split and per type, for:
- plan: the shipped learned planner (models/plantweb-plan), the type given;
- plan, auto: the same with the type guessed from the scenario, scored against the real type;
- draft: the analysis alone, with no learned choice (rule-of-thumb ranking);
- names: the first k names worker.candidates reads from the scenario, no model at all, with k
  chosen on the validation split;
- nearest: the reference diagram of the most similar training scenario (TF-IDF).
A system that cannot beat these controls has learned nothing about the scenario.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from statistics import mean
from typing import Any

from worker.candidates import scenario_candidates
from worker.data import DEFAULT_SEED, Pair, load_typed_splits, read_pairs_jsonl
from worker.diagram_types import DIAGRAM_TYPES, guess_diagram_type
from worker.drafts import build_plan
from worker.evaluate import render_outcome
from worker.metrics import chrf, element_scores, parse_diagram, relation_scores
from worker.plan import Plan
from worker.planner import LearnedChooser, plan_code
from worker.writers import write

SYSTEMS = ("plan", "plan_auto", "draft", "names", "nearest")
TITLES = {
    "plan": "plantweb-plan (type given)",
    "plan_auto": "plantweb-plan (type guessed)",
    "draft": "control: analysis-only draft",
    "names": "control: names only (first k)",
    "nearest": "control: nearest training diagram",
}
NAMES_K = range(1, 13)


def names_only(scenario: str, diagram_type: str, k: int) -> str:
    """The first k candidate names, declared in the type's style, with nothing joining them."""
    plan = Plan(diagram_type)
    kind = "actor" if diagram_type == "usecase" else ""
    for name in scenario_candidates(scenario)[:k]:
        plan.add(name, kind)
    if diagram_type == "timing":
        for element in plan.elements:
            element.attributes = ["Idle"]
    return write(plan)


def best_k(val: list[Pair]) -> int:
    """The k whose names-only diagrams have the best mean element F1 on the validation split."""
    scores = {
        k: mean(
            element_scores(names_only(p.scenario, p.diagram_type, k), p.plantuml).f1 for p in val
        )
        for k in NAMES_K
    }
    return max(scores, key=lambda k: (scores[k], -k))


def score(code: str | None, pair: Pair, client, seconds: float = 0.0) -> dict[str, Any]:
    renders, kind = render_outcome(client, code)
    elements = element_scores(code, pair.plantuml)
    relations = relation_scores(code, pair.plantuml)
    drawn = parse_diagram(code).elements if code else frozenset()
    return {
        "rendered": renders,
        "type_match": renders and kind == pair.diagram_type,
        "element_precision": elements.precision,
        "element_recall": elements.recall,
        "element_f1": elements.f1,
        "relation_f1": relations.f1 if relations else None,
        "chrf": chrf(code, pair.plantuml),
        "at_most_one": len(drawn) <= 1,
        "seconds": seconds,
    }


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    if not rows:
        return {"n": 0}
    out: dict[str, Any] = {"n": len(rows)}
    for key in (
        "rendered",
        "type_match",
        "element_precision",
        "element_recall",
        "element_f1",
        "chrf",
        "at_most_one",
        "seconds",
    ):
        out[key] = mean(float(r[key]) for r in rows)
    relations = [r["relation_f1"] for r in rows if r["relation_f1"] is not None]
    out["relation_f1"] = mean(relations) if relations else None
    return out


def run(
    pairs: list[Pair], train: list[Pair], chooser: LearnedChooser, k: int, client
) -> list[dict]:
    from worker.retrieval import NearestDiagram

    nearest = NearestDiagram(train)
    items = []
    for index, pair in enumerate(pairs):
        item: dict[str, Any] = {"index": index, "type": pair.diagram_type}
        started = time.perf_counter()
        code = plan_code(chooser, pair.scenario, pair.diagram_type)
        item["plan"] = score(code, pair, client, time.perf_counter() - started)
        item["plan"]["code"] = code
        guessed = guess_diagram_type(pair.scenario)
        item["guessed_type"] = guessed
        auto = code if guessed == pair.diagram_type else plan_code(chooser, pair.scenario, guessed)
        item["plan_auto"] = score(auto, pair, client)
        draft = write(build_plan(pair.scenario, pair.diagram_type))
        item["draft"] = score(draft, pair, client) | {"code": draft}
        names = names_only(pair.scenario, pair.diagram_type, k)
        item["names"] = score(names, pair, client) | {"code": names}
        near = nearest.nearest(pair.scenario, pair.diagram_type).plantuml
        item["nearest"] = score(near, pair, client) | {"code": near}
        items.append(item)
    return items


def report(items: list[dict], meta: dict) -> dict:
    result: dict[str, Any] = {"meta": meta, "overall": {}, "per_type": {}}
    for system in SYSTEMS:
        result["overall"][system] = summarise([i[system] for i in items])
        for kind in DIAGRAM_TYPES:
            rows = [i[system] for i in items if i["type"] == kind]
            if rows:
                result["per_type"].setdefault(kind, {})[system] = summarise(rows)
    guessed = [i["guessed_type"] == i["type"] for i in items]
    result["auto_type_accuracy"] = mean(guessed) if guessed else None
    confusion: dict[str, dict[str, int]] = {}
    for item in items:
        row = confusion.setdefault(item["type"], {})
        row[item["guessed_type"]] = row.get(item["guessed_type"], 0) + 1
    result["auto_confusion"] = confusion
    return result


def _pct(value) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def _num(value) -> str:
    return "–" if value is None else f"{value:.3f}"


def markdown(result: dict) -> str:
    head = (
        "| system | n | rendered | type match | element P | element R | element F1 | relation F1"
        " | chrF | ≤1 element | s/diagram |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
    )

    def line(title: str, s: dict) -> str:
        if not s.get("n"):
            return ""
        return (
            f"| {title} | {s['n']} | {_pct(s['rendered'])} | {_pct(s['type_match'])}"
            f" | {_num(s['element_precision'])} | {_num(s['element_recall'])}"
            f" | **{_num(s['element_f1'])}** | {_num(s['relation_f1'])} | {s['chrf']:.1f}"
            f" | {_pct(s['at_most_one'])} | {s['seconds']:.3f} |\n"
        )

    meta = result["meta"]
    out = [
        f"# Scoreboard: {meta['source']}\n\n",
        f"{meta['n']} scenarios. Names-only control with k = {meta['names_k']} (chosen on the"
        f" validation split). Auto type accuracy: {_pct(result['auto_type_accuracy'])}.\n\n",
        "## Overall\n\n",
        head,
    ]
    out += [line(TITLES[s], result["overall"][s]) for s in SYSTEMS]
    out.append("\n## Per diagram type\n\n")
    for kind, systems in result["per_type"].items():
        out.append(f"### {kind}\n\n{head}")
        out += [line(TITLES[s], systems[s]) for s in SYSTEMS if s in systems]
        out.append("\n")
    out.append("## Auto: real type (rows) against the guessed type (columns)\n\n")
    kinds = sorted({g for row in result["auto_confusion"].values() for g in row})
    out.append(
        "| real \\ guessed | " + " | ".join(kinds) + " |\n|---|" + "---|" * len(kinds) + "\n"
    )
    for real, row in result["auto_confusion"].items():
        out.append(f"| {real} | " + " | ".join(str(row.get(g, 0)) for g in kinds) + " |\n")
    return "".join(out)


def write_outputs(folder: Path, pairs: list[Pair], items: list[dict], prefix: str) -> None:
    """Each system's diagrams, and the references, as `python -m worker.review pack` reads
    them: one JSONL of {"id", "scenario", "code"} per system."""
    folder.mkdir(parents=True, exist_ok=True)
    systems: dict[str, list] = {s: [] for s in ("plan", "draft", "names", "nearest", "reference")}
    for item, pair in zip(items, pairs, strict=True):
        base = {"id": f"{prefix}-{item['index']:03d}", "scenario": pair.scenario}
        for system, rows in systems.items():
            code = pair.plantuml if system == "reference" else item[system]["code"]
            rows.append(base | {"code": code, "type": pair.diagram_type})
    for system, rows in systems.items():
        with open(folder / f"{system}.jsonl", "w") as handle:
            handle.writelines(json.dumps(row) + "\n" for row in rows)


def draw(
    scenarios_path: str,
    chooser: LearnedChooser,
    folder: Path,
    controls: tuple[list[Pair], int] | None = None,
) -> dict[str, Any]:
    """Scenarios without references (JSONL of {"id", "scenario", "type"?}) drawn by the planner
    and by the analysis alone, written as review inputs; the type is guessed when absent.
    With controls (the training pairs and the names-only k), the names-only and nearest
    training diagram controls are drawn too. Returns how often "auto" guessed the type a row
    gives."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        json.loads(line) for line in Path(scenarios_path).read_text().splitlines() if line.strip()
    ]
    nearest = None
    if controls is not None:
        from worker.retrieval import NearestDiagram

        nearest = NearestDiagram(controls[0])
    systems = ["plan", "draft"] + (["names", "nearest"] if controls else [])
    files = {name: open(folder / f"{name}.jsonl", "w") for name in systems}
    typed = guessed_right = 0
    try:
        for row in rows:
            guessed = guess_diagram_type(row["scenario"])
            kind = row.get("type") or guessed
            if row.get("type"):
                typed += 1
                guessed_right += guessed == row["type"]
            base = {"id": row["id"], "scenario": row["scenario"], "type": kind}
            codes = {
                "plan": plan_code(chooser, row["scenario"], kind),
                "draft": write(build_plan(row["scenario"], kind)),
            }
            if controls is not None:
                codes["names"] = names_only(row["scenario"], kind, controls[1])
                codes["nearest"] = nearest.nearest(row["scenario"], kind).plantuml
            for name, code in codes.items():
                extra = {"guessed_type": guessed} if name == "plan" else {}
                files[name].write(json.dumps(base | extra | {"code": code}) + "\n")
    finally:
        for handle in files.values():
            handle.close()
    return {"rows": len(rows), "typed": typed, "auto_right": guessed_right}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="models/plantweb-plan", help="a planner directory")
    parser.add_argument("--data", default=None, help="the data set: parquet / JSONL / hub id")
    parser.add_argument("--split", default="test", choices=("val", "test"))
    parser.add_argument("--pairs", default=None, help='JSONL of {"scenario","plantuml","type"}')
    parser.add_argument("--plantuml-url", default=None, help="use this server instead of one")
    parser.add_argument("--out", default="var/scoreboard")
    parser.add_argument(
        "--draw",
        default=None,
        help="only draw these scenarios (JSONL) for a blind review, no scores; with --data,"
        " the names-only and nearest-diagram controls too",
    )
    args = parser.parse_args(argv)
    if args.draw:
        controls = None
        if args.data:
            splits = load_typed_splits(args.data, seed=DEFAULT_SEED)
            controls = (list(splits["train"]), best_k(splits["val"]))
        drawn = draw(
            args.draw, LearnedChooser.load(args.model), Path(args.out) / "outputs", controls
        )
        if drawn["typed"]:
            print(f"auto guessed the given type for {drawn['auto_right']} of {drawn['typed']}")
        print(f"Written to {args.out}/outputs/", file=sys.stderr)
        return

    from worker.evaluate import with_real_types
    from worker.plantuml_server import LocalPlantUMLServer
    from worker.render import PlantUMLClient

    chooser = LearnedChooser.load(args.model)
    server = None if args.plantuml_url else LocalPlantUMLServer().start()
    url = args.plantuml_url or server.base_url
    client = PlantUMLClient(url, timeout=30.0)
    try:
        splits = load_typed_splits(args.data, seed=DEFAULT_SEED, plantuml_url=url)
        k = best_k(splits["val"])
        if args.pairs:
            pairs, source = with_real_types(read_pairs_jsonl(args.pairs), client), args.pairs
        else:
            pairs, source = splits[args.split], f"the {args.split} split of the data set"
        items = run(pairs, splits["train"], chooser, k, client)
    finally:
        client.close()
        if server is not None:
            server.stop()
    meta = {
        "model": args.model,
        "source": source,
        "n": len(items),
        "names_k": k,
        "finished": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    result = report(items, meta)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(result | {"items": items}, indent=1) + "\n")
    (out / "report.md").write_text(markdown(result))
    write_outputs(out / "outputs", pairs, items, args.split if not args.pairs else "pairs")
    print(markdown(result))
    print(f"Written to {out}/report.json and report.md", file=sys.stderr)


if __name__ == "__main__":
    main()
