"""Tokens written per diagram against the tokens of the reference answer, on the validation split.

    python bench/tokens.py                                  # the shipped planner
    python bench/tokens.py --model models/plantweb-small    # a language model, every candidate
    python bench/tokens.py --model DIR --limit 20 --budget 8

Each scenario of the validation split (the first --limit of them, in the split's order) goes
through validate-and-repair as the generation worker runs it, against the bundled PlantUML
server (or PLANTUML_URL). For a language model every token it generated counts: each answer
of each generate() call, so the sampled candidates that validate-and-repair generated but never
checked (it stops at the first good one) are included; the tokens of the candidates it checked
are printed too. For the planner, which writes code without sampling, the tokens of the code it
chose count. Both sides are counted with one tokenizer
(--tokenizer, default models/plantweb-small/tokenizer.json), so the ratio compares like with
like. The goal is at most 1.1 tokens written per reference token; the exit status is 1 above it.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL = 1.1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "plantweb-plan"))
    parser.add_argument("--adapter", help="peft adapter on top of a language model")
    parser.add_argument(
        "--tokenizer",
        default=str(ROOT / "models" / "plantweb-small" / "tokenizer.json"),
        help="tokenizer.json that counts both sides",
    )
    parser.add_argument("--limit", type=int, default=None, help="scenarios (planner 200, LM 8)")
    parser.add_argument("--budget", type=int, default=None, help="candidates per diagram")
    parser.add_argument("--max-new-tokens", type=int, default=None)
    parser.add_argument("--data", default=None, help="parquet / JSONL path (default: shared)")
    args = parser.parse_args(argv)

    from tokenizers import Tokenizer

    from worker.data import load_splits
    from worker.generation_request import GenerationRequest
    from worker.model import load_model
    from worker.planner import PLAN_FORMAT
    from worker.render import PlantUMLClient
    from worker.validate import DEFAULT_BUDGET, PLANNED_ONLY, generate_validated

    tokenizer = Tokenizer.from_file(args.tokenizer)

    def count(text: str | None) -> int:
        return len(tokenizer.encode(text or "", add_special_tokens=False).ids)

    loaded = load_model(args.model, args.adapter)
    planner = loaded.prompt_format == PLAN_FORMAT
    limit = args.limit or (200 if planner else 8)
    generated = _count_generated() if not planner else []
    budget = args.budget or int(os.environ.get("PLANTWEB_REPAIR_BUDGET", DEFAULT_BUDGET))
    pairs = load_splits(args.data)["val"][:limit]

    server = None
    base_url = os.environ.get("PLANTUML_URL")
    if not base_url:
        from worker.plantuml_server import LocalPlantUMLServer

        server = LocalPlantUMLServer().start()
        base_url = server.base_url
    client = PlantUMLClient(base_url, timeout=60)
    written_total = reference_total = candidates = checked_total = 0
    ratios = []
    started = time.perf_counter()
    try:
        for pair in pairs:
            request = GenerationRequest(pair.scenario, pair.diagram_type)
            [result] = generate_validated(
                loaded, client, [request], budget=budget, max_new_tokens=args.max_new_tokens
            )
            if planner or request.diagram_type in PLANNED_ONLY:
                written = checked = count(result.code)  # written from a plan: nothing sampled
            else:
                # Every token generated, the sampled candidates that were never checked
                # (validate-and-repair stops at the first good one) included.
                written, checked = sum(generated), result.new_tokens
                generated.clear()
            checked_total += checked
            reference = count(pair.plantuml)
            written_total += written
            reference_total += reference
            candidates += result.attempts
            ratios.append(written / max(reference, 1))
            print(
                f"  {len(ratios):3d}/{len(pairs)} {request.diagram_type:<9} written {written:5d}"
                f"  reference {reference:5d}  candidates {result.attempts}",
                file=sys.stderr,
                flush=True,
            )
    finally:
        client.close()
        if server is not None:
            server.stop()
    seconds = time.perf_counter() - started

    ratio = written_total / max(reference_total, 1)
    n = len(pairs)
    print(f"machine:    {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}")
    print(f"model:      {loaded.name} on {loaded.device}; budget {budget} candidates")
    print(f"tokenizer:  {args.tokenizer}")
    print(f"scenarios:  {n} of the validation split; {candidates} candidates; {seconds:.1f} s")
    print(f"written:    {written_total} tokens, {written_total / n:.1f} per diagram")
    if not planner:
        print(f"  of which in the candidates checked: {checked_total}")
    print(f"reference:  {reference_total} tokens, {reference_total / n:.1f} per diagram")
    print(f"per diagram ratio: median {statistics.median(ratios):.2f}, max {max(ratios):.2f}")
    print(f"ratio:      {ratio:.2f} (goal <= {GOAL})")
    return 0 if ratio <= GOAL else 1


def _count_generated() -> list[int]:
    """A list that every generate() call appends its new tokens to (all answers, all rows)."""
    from worker import generation

    counts: list[int] = []
    generate = generation.generate

    def counted(*args, **kwargs):
        results = generate(*args, **kwargs)
        counts.append(sum(r.new_tokens for r in results))
        return results

    generation.generate = counted
    return counts


if __name__ == "__main__":
    sys.exit(main())
