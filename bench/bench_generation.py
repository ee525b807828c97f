"""How much faster one batched generate() is than the same requests one by one.

    python bench/bench_generation.py                  # the tiny test model, built if needed
    python bench/bench_generation.py --model DIR [--adapter DIR] [-n 8] [--max-new-tokens 256]
    python bench/bench_generation.py --model DIR --precision bf16    # on CUDA: 4bit or bf16

Both ways run side by side in one process, on the same requests, after a warm-up call. On CUDA
the base loads in 4-bit (the workers' default) unless --precision bf16 asks for bfloat16.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from worker.generation import GenerationRequest, generate  # noqa: E402
from worker.model import load_model  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model directory or hub id (default: the tiny model)")
    parser.add_argument("--adapter", help="peft adapter directory or hub id")
    parser.add_argument("-n", "--requests", type=int, default=8, help="requests per batch")
    parser.add_argument("--max-new-tokens", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3, help="measurements, best one kept")
    parser.add_argument(
        "--precision",
        choices=("auto", "4bit", "bf16"),
        default="auto",
        help="auto: 4-bit on CUDA, float32 on CPU",
    )
    args = parser.parse_args(argv)

    from tests.tiny_model import DEFAULT_EXAMPLES, ensure_tiny_model

    model = args.model or str(ensure_tiny_model(ROOT / ".cache" / "test-models"))
    quantize = {"auto": None, "4bit": True, "bf16": False}[args.precision]
    loaded = load_model(model, args.adapter, quantize_4bit=quantize)
    examples = [GenerationRequest(scenario, t) for scenario, t, _ in DEFAULT_EXAMPLES]
    requests = [examples[i % len(examples)] for i in range(args.requests)]
    options = {"max_new_tokens": args.max_new_tokens}

    generate(loaded, requests[:1], **options)  # warm-up: first-call allocations and caches

    batched_times, single_times = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        batched = generate(loaded, requests, **options)
        batched_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        single = [generate(loaded, [request], **options)[0] for request in requests]
        single_times.append(time.perf_counter() - started)

    batched_s, single_s = min(batched_times), min(single_times)
    same = [r.text for r in batched] == [r.text for r in single]
    tokens = sum(r.new_tokens for r in batched)
    dtype = next(loaded.model.parameters()).dtype
    quantized = getattr(loaded.model, "is_loaded_in_4bit", False)
    print(f"model: {loaded.name} on {loaded.device}, {'4-bit nf4' if quantized else dtype}")
    print(f"requests: {len(requests)}, new tokens: {tokens}, same answers: {same}")
    print(f"one batch:  {batched_s:8.3f} s  ({tokens / batched_s:8.1f} tokens/s)")
    print(f"one by one: {single_s:8.3f} s  ({tokens / single_s:8.1f} tokens/s)")
    print(f"speed-up:   {single_s / batched_s:8.2f}x")
    if loaded.device.startswith("cuda"):
        import torch

        print(f"peak GPU memory: {torch.cuda.max_memory_allocated() / 2**30:.2f} GiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
