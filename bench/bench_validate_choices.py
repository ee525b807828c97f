"""Compares ways of choosing among validate-and-repair candidates, on the validation split.

Generates every candidate once (greedy, then budget - 1 samples, all rendered), then scores
several choices offline from the same pool: the greedy answer as written, the first
acceptable candidate (what the worker does), and the best by rank with and without the
scenario-names term. Only the validation split: the test split is for the final report.

    python bench/bench_validate_choices.py --model models/plantweb-small --limit 32
"""

import argparse
import json
import sys
import time
from pathlib import Path
from statistics import mean

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from worker.data import load_splits  # noqa: E402
from worker.generation import GenerationRequest  # noqa: E402
from worker.metrics import element_scores, relation_scores  # noqa: E402
from worker.model import load_model  # noqa: E402
from worker.render import PlantUMLClient  # noqa: E402
from worker.validate import DEGENERATE_REPEATS, acceptable, generate_validated  # noqa: E402


def choose(pool, wanted, how):
    if how == "greedy":
        return pool[0]
    if how == "first":
        return next((c for c in pool if acceptable(c, wanted)), pool[0])

    def key(c):
        ok = (c.renders, c.diagram_type == wanted, c.repeated <= DEGENERATE_REPEATS)
        if how == "rank-names":
            return (*ok, c.scenario_names, -c.repeated)
        return (*ok, -c.repeated)

    return max(pool, key=key)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="models/plantweb-small")
    parser.add_argument("--plantuml-url", required=True)
    parser.add_argument("--limit", type=int, default=32)
    parser.add_argument("--budget", type=int, default=8)
    parser.add_argument("--max-new-tokens", type=int, default=None)
    parser.add_argument("--repetition-penalty", type=float, default=None)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=8)
    args = parser.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    loaded = load_model(args.model)
    client = PlantUMLClient(args.plantuml_url, timeout=30)
    pairs = load_splits()["val"][: args.limit]
    started = time.perf_counter()
    pools = []
    for start in range(0, len(pairs), args.batch_size):
        chunk = pairs[start : start + args.batch_size]
        results = generate_validated(
            loaded,
            client,
            [GenerationRequest(p.scenario, p.diagram_type) for p in chunk],
            budget=args.budget,
            rank_all=True,
            max_new_tokens=args.max_new_tokens,
            repetition_penalty=args.repetition_penalty,
        )
        pools += [r.candidates for r in results]
        print(f"{len(pools)}/{len(pairs)} {time.perf_counter() - started:.0f}s", file=sys.stderr)
    summary = {}
    for how in ("greedy", "first", "rank", "rank-names"):  # greedy: with repairs
        rows = []
        for pair, pool in zip(pairs, pools, strict=True):
            c = choose(pool, pair.diagram_type, how)
            rel = relation_scores(c.code, pair.plantuml)
            rows.append(
                {
                    "rendered": c.renders,
                    "type": c.renders and c.diagram_type == pair.diagram_type,
                    "f1": element_scores(c.code, pair.plantuml).f1,
                    "rel": rel.f1 if rel else None,
                }
            )
        summary[how] = {
            "rendered": mean(r["rendered"] for r in rows),
            "type_match": mean(r["type"] for r in rows),
            "element_f1": mean(r["f1"] for r in rows),
            "relation_f1": mean(r["rel"] for r in rows if r["rel"] is not None),
        }
    summary["seconds_per_scenario"] = (time.perf_counter() - started) / len(pairs)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
