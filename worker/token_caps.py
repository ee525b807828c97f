"""Per-type generation limits, from the lengths of a model's training answers.

Answers differ in length by type (in the training split, a component answer's median is about
half a class answer's). With one limit for every type, an answer that loops instead of ending
runs on for as long as the longest type could need, and in a batch every row waits for it,
while a type whose answers are long is cut short. A limit per type, from the training answers
of that type, fits each. The limits are stored in the model's plantweb.json
("max_new_tokens_by_type"), which worker.model reads.

    python -m worker.token_caps models/plantweb-small    # adds the limits to its plantweb.json
"""

from __future__ import annotations

import argparse
import json
import math
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from worker.data import Pair
from worker.model import SETTINGS_FILE, TYPE_CAPS_KEY

# As for the model's single limit, nine answers in ten of the type fit; the longest tenth are
# mostly loops. A type with fewer answers than MIN_ANSWERS keeps the model's single limit.
QUANTILE = 0.9
ROUND_TO = 32
MIN_CAP = 64
MIN_ANSWERS = 20


def type_token_caps(tokenizer, pairs: Iterable[Pair], prompt_format: str) -> dict[str, int]:
    """For each diagram type among the pairs, a limit on new tokens for its answers."""
    from worker.train import answer_text

    lengths: dict[str, list[int]] = defaultdict(list)
    for pair in pairs:
        answer = answer_text(pair, prompt_format)
        # The end marker and end-of-text come after the answer's own tokens.
        lengths[pair.diagram_type].append(
            len(tokenizer(answer, add_special_tokens=False).input_ids)
        )
    return {
        kind: cap(values) for kind, values in sorted(lengths.items()) if len(values) >= MIN_ANSWERS
    }


def cap(lengths: list[int]) -> int:
    ordered = sorted(lengths)
    high = ordered[min(len(ordered) - 1, math.ceil(QUANTILE * len(ordered)) - 1)]
    return max(MIN_CAP, math.ceil(high / ROUND_TO) * ROUND_TO)


def write_caps(model_dir: Path, caps: dict[str, int]) -> None:
    path = model_dir / SETTINGS_FILE
    settings = json.loads(path.read_text()) if path.is_file() else {}
    settings[TYPE_CAPS_KEY] = caps
    path.write_text(json.dumps(settings, indent=2) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path, help="a local model directory")
    parser.add_argument("--data", help="the data set (default: the local copy)")
    args = parser.parse_args(argv)

    from transformers import AutoTokenizer

    from worker.data import DEFAULT_SEED, load_typed_splits
    from worker.prompt import DEFAULT_PROMPT_FORMAT

    settings_path = args.model / SETTINGS_FILE
    settings = json.loads(settings_path.read_text()) if settings_path.is_file() else {}
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    # The training split only: the same answers the model learned from.
    train = load_typed_splits(args.data, seed=DEFAULT_SEED)["train"]
    caps = type_token_caps(tokenizer, train, settings.get("prompt_format", DEFAULT_PROMPT_FORMAT))
    write_caps(args.model, caps)
    print(json.dumps(caps))


if __name__ == "__main__":
    main()
