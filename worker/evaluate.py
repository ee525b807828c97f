"""How good are the model's diagrams? `python -m worker.evaluate --model DIR [options]`.

For every held-out scenario: generate, extract, render on a real PlantUML server and score
against the reference, both single-shot (the greedy answer as written) and with
validate-and-repair, beside the retrieval baseline. Writes report.json, report.md and a
folder with every generated diagram and its image.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Any

from worker.data import DEFAULT_SEED, Pair, load_splits, read_pairs_jsonl
from worker.diagram_types import DIAGRAM_TYPES
from worker.metrics import chrf, element_scores, relation_scores
from worker.render import PlantUMLClient, RenderError, RenderUnavailable, diagram_type_from_svg
from worker.safety import UnsafeDiagram
from worker.validate import server_alive

SYSTEMS = ("single", "validated", "baseline")
SYSTEM_TITLES = {
    "single": "model, single-shot",
    "validated": "model, validate-and-repair",
    "baseline": "retrieval baseline",
}


@dataclass
class Outcome:
    code: str | None
    extracted: bool
    rendered: bool
    diagram_type: str | None
    tokens: int = 0
    seconds: float = 0.0
    attempts: int = 1


def score(outcome: Outcome, reference: Pair) -> dict[str, Any]:
    """The metrics of one diagram against its reference, as a flat dict."""
    elements = element_scores(outcome.code, reference.plantuml)
    relations = relation_scores(outcome.code, reference.plantuml)
    return {
        "extracted": outcome.extracted,
        "rendered": outcome.rendered,
        "type_match": outcome.rendered and outcome.diagram_type == reference.diagram_type,
        "element_precision": elements.precision,
        "element_recall": elements.recall,
        "element_f1": elements.f1,
        "relation_f1": relations.f1 if relations else None,
        "chrf": chrf(outcome.code, reference.plantuml),
        "tokens": outcome.tokens,
        "seconds": outcome.seconds,
        "attempts": outcome.attempts,
        "diagram_type": outcome.diagram_type,
    }


def render_outcome(client: PlantUMLClient, code: str | None) -> tuple[bool, str | None]:
    """(renders, reported type) of code; code that does not render counts as not rendered."""
    if not code:
        return False, None
    try:
        svg = client.render(code, "svg").decode("utf-8")
    except RenderUnavailable:
        if not server_alive(client):
            raise
        return False, None
    except (RenderError, UnsafeDiagram):
        return False, None
    return True, diagram_type_from_svg(svg, code)


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Means over diagrams; relation F1 only over references that have relations."""
    if not rows:
        return {"n": 0}
    summary: dict[str, Any] = {"n": len(rows)}
    for key in ("extracted", "rendered", "type_match"):
        summary[key] = mean(float(r[key]) for r in rows)
    for key in (
        "element_precision",
        "element_recall",
        "element_f1",
        "chrf",
        "tokens",
        "seconds",
        "attempts",
    ):
        summary[key] = mean(float(r[key]) for r in rows)
    relations = [r["relation_f1"] for r in rows if r["relation_f1"] is not None]
    summary["relation_f1"] = mean(relations) if relations else None
    return summary


def build_report(items: list[dict[str, Any]], meta: dict[str, Any]) -> dict[str, Any]:
    report: dict[str, Any] = {"meta": meta, "overall": {}, "per_type": {}}
    for system in SYSTEMS:
        rows = [item[system] for item in items if system in item]
        report["overall"][system] = summarise(rows)
        for kind in DIAGRAM_TYPES:
            typed = [item[system] for item in items if system in item and item["type"] == kind]
            if typed:
                report["per_type"].setdefault(kind, {})[system] = summarise(typed)
    return report


def _fmt(value: Any, percent: bool = False) -> str:
    if value is None:
        return "–"
    if percent:
        return f"{100 * value:.0f}%"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def markdown(report: dict[str, Any]) -> str:
    header = (
        "| system | n | extracted | rendered | type match | element P | element R | element F1"
        " | relation F1 | chrF | tokens | s/diagram | attempts |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    )

    def row(title: str, s: dict[str, Any]) -> str:
        if not s.get("n"):
            return f"| {title} | 0 |" + " |" * 11 + "\n"
        return (
            f"| {title} | {s['n']} | {_fmt(s['extracted'], True)} | {_fmt(s['rendered'], True)}"
            f" | {_fmt(s['type_match'], True)} | {_fmt(s['element_precision'])}"
            f" | {_fmt(s['element_recall'])} | {_fmt(s['element_f1'])}"
            f" | {_fmt(s['relation_f1'])} | {s['chrf']:.1f} | {s['tokens']:.0f}"
            f" | {s['seconds']:.2f} | {s['attempts']:.1f} |\n"
        )

    meta = report["meta"]
    lines = [
        f"# Evaluation of {meta['model']}\n\n",
        f"{meta['n']} scenarios from {meta['source']}; up to {meta['budget']} candidates"
        f" per scenario with validate-and-repair.\n\n## Overall\n\n",
        header,
    ]
    for system in SYSTEMS:
        lines.append(row(SYSTEM_TITLES[system], report["overall"].get(system, {})))
    lines.append("\n## Per diagram type (the reference's real type)\n\n")
    for kind, systems in report["per_type"].items():
        lines.append(f"### {kind}\n\n" + header)
        for system in SYSTEMS:
            if system in systems:
                lines.append(row(SYSTEM_TITLES[system], systems[system]))
        lines.append("\n")
    return "".join(lines)


def load_eval_pairs(args: argparse.Namespace) -> tuple[list[Pair], list[Pair], str]:
    """(pairs to evaluate, training pairs for the baseline, description of the source)."""
    # The split is the training split's: the same seed on every run.
    splits = load_splits(args.data, seed=DEFAULT_SEED)
    if args.pairs:
        pairs, source = read_pairs_jsonl(args.pairs), str(args.pairs)
    else:
        pairs, source = splits[args.split], f"the {args.split} split of the data set"
    if args.limit:
        pairs = pairs[: args.limit]
    return pairs, splits["train"], source


def with_real_types(pairs: list[Pair], client: PlantUMLClient) -> list[Pair]:
    """Pairs whose reference type is unknown get the type PlantUML reports for it."""
    typed = []
    for pair in pairs:
        if pair.real_type is None:
            renders, kind = render_outcome(client, pair.plantuml)
            kind = kind or pair.label or None
            pair = Pair(pair.scenario, pair.label or (kind or ""), pair.plantuml, kind)
        typed.append(pair)
    return [p for p in typed if p.diagram_type in DIAGRAM_TYPES]


def evaluate(args: argparse.Namespace, base_url: str) -> dict[str, Any]:
    import torch
    from tqdm import tqdm

    from worker.generation import GenerationRequest
    from worker.model import load_model
    from worker.retrieval import NearestDiagram
    from worker.validate import generate_validated

    if args.threads:
        torch.set_num_threads(args.threads)
    client = PlantUMLClient(base_url, timeout=30.0)
    pairs, train_pairs, source = load_eval_pairs(args)
    pairs = with_real_types(pairs, client)
    loaded = None if args.baseline_only else load_model(args.model, args.adapter)
    if loaded is not None and args.no_repeat_ngram_size is not None:
        # Through the generation config, as a model directory's generation_config.json sets it.
        loaded.model.generation_config.no_repeat_ngram_size = args.no_repeat_ngram_size or None
    baseline = NearestDiagram(train_pairs)
    out = Path(args.out)
    diagrams_dir = out / "diagrams"
    diagrams_dir.mkdir(parents=True, exist_ok=True)

    items: list[dict[str, Any]] = []
    bar = tqdm(total=len(pairs), unit="diagram", dynamic_ncols=True)
    for start in range(0, len(pairs), args.batch_size):
        chunk = pairs[start : start + args.batch_size]
        results = []
        if loaded is not None:
            requests = [GenerationRequest(p.scenario, p.diagram_type) for p in chunk]
            results = generate_validated(
                loaded,
                client,
                requests,
                budget=args.budget,
                rank_all=args.rank_all,
                max_new_tokens=args.max_new_tokens,
                seed=args.seed,
            )
        for offset, pair in enumerate(chunk):
            index = start + offset
            item: dict[str, Any] = {"index": index, "type": pair.diagram_type}
            folder = diagrams_dir / f"{index:03d}-{pair.diagram_type}"
            folder.mkdir(exist_ok=True)
            (folder / "reference.puml").write_text(pair.plantuml)
            if results:
                item.update(_model_scores(results[offset], pair, folder, client))
            nearest = baseline.nearest(pair.scenario, pair.diagram_type)
            renders, kind = render_outcome(client, nearest.plantuml)
            item["baseline"] = score(
                Outcome(nearest.plantuml, True, renders, kind, seconds=0.0), pair
            )
            (folder / "baseline.puml").write_text(nearest.plantuml)
            items.append(item)
            bar.update(1)
        bar.set_postfix(_running(items))
    bar.close()
    client.close()
    meta = {
        "model": args.model + (f" + {args.adapter}" if args.adapter else ""),
        "source": source,
        "n": len(items),
        "budget": args.budget,
        "rank_all": args.rank_all,
        "seed": args.seed,
        "max_new_tokens": args.max_new_tokens,
        "no_repeat_ngram_size": None
        if loaded is None
        else loaded.model.generation_config.no_repeat_ngram_size,
        "finished": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    report = build_report(items, meta)
    (out / "report.json").write_text(json.dumps(report | {"items": items}, indent=1) + "\n")
    (out / "report.md").write_text(markdown(report))
    return report


def _model_scores(result, pair: Pair, folder: Path, client: PlantUMLClient) -> dict[str, Any]:
    first = result.candidates[0]
    # Single-shot: the greedy answer exactly as written, no repair, no second try.
    single_renders = first.renders and not first.repaired
    single = Outcome(
        code=result.first_code,
        extracted=result.first_code is not None,
        rendered=single_renders,
        diagram_type=first.diagram_type if single_renders else None,
        tokens=first.new_tokens,
        seconds=result.seconds,
    )
    validated = Outcome(
        code=result.code,
        extracted=result.code is not None,
        rendered=result.rendered is not None,
        diagram_type=result.diagram_type,
        tokens=result.new_tokens,
        seconds=result.seconds,
        attempts=result.attempts,
    )
    (folder / "single.txt").write_text(first.text)
    if result.code:
        (folder / "validated.puml").write_text(result.code)
    if result.rendered is not None:
        (folder / "validated.png").write_bytes(result.rendered.png)
    if single_renders and result.first_code:
        try:
            (folder / "single.png").write_bytes(client.render(result.first_code, "png"))
        except (RenderError, UnsafeDiagram):
            pass
    return {"single": score(single, pair), "validated": score(validated, pair)}


def _running(items: list[dict[str, Any]]) -> dict[str, str]:
    system = "validated" if "validated" in items[0] else "baseline"
    rows = [item[system] for item in items]
    return {
        "render": f"{mean(float(r['rendered']) for r in rows):.2f}",
        "F1": f"{mean(r['element_f1'] for r in rows):.3f}",
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="models/plantweb-small", help="directory or hub id")
    parser.add_argument("--adapter", default=None, help="peft adapter directory or hub id")
    parser.add_argument("--data", default=None, help="the data set: parquet / JSONL / hub id")
    parser.add_argument("--pairs", default=None, help='JSONL of {"scenario","plantuml","type"}')
    parser.add_argument("--split", default="test", choices=("train", "val", "test"))
    parser.add_argument("--limit", type=int, default=None, help="only the first N scenarios")
    parser.add_argument("--budget", type=int, default=8, help="candidates per scenario")
    parser.add_argument("--rank-all", action="store_true", help="rank every candidate")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--max-new-tokens", type=int, default=None)
    parser.add_argument(
        "--no-repeat-ngram-size", type=int, default=None, help="override the model's (0: off)"
    )
    parser.add_argument("--seed", type=int, default=0, help="sampling seed")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--baseline-only", action="store_true")
    parser.add_argument("--plantuml-url", default=None, help="use this server instead of one")
    parser.add_argument("--out", default="var/eval", help="report and diagrams go here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.plantuml_url:
        report = evaluate(args, args.plantuml_url)
    else:
        from worker.plantuml_server import LocalPlantUMLServer

        with LocalPlantUMLServer() as server:
            report = evaluate(args, server.base_url)
    print(markdown(report))
    print(f"Written to {args.out}/report.json, report.md and diagrams/", file=sys.stderr)


if __name__ == "__main__":
    main()
