"""Blind review: several systems' diagrams for the same scenarios, rated 0-3 without the source.

`pack` mixes every system's output (references included, as one more system) into one numbered
Markdown pack in an order fixed by a seed, with the rubric on top, and writes the key (item ->
system, scenario id) to a separate file the reviewer never sees. `score` reads the reviewer's
answers (one `N: score` line per item) with the key and gives, per system, how many items were
scored, the mean score and the usable rate (share scored 2 or more).

A system's outputs are either a JSONL file of {"id", "scenario", "code"} objects, or a
directory of `<id>.puml` files whose scenarios come from `--scenarios` (a JSONL of {"id",
"scenario"}); scenario text in `--scenarios` also fills in JSONL rows that lack it.

    python -m worker.review pack --system model=out/model.jsonl --system reference=refs/ \\
        --scenarios val.jsonl --seed 7 --pack pack.md --key key.json
    python -m worker.review score --key key.json --answers answers.txt --json scores.json
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

RUBRIC = (
    "3 usable as is (main elements with sensible names, relations say what the scenario says); "
    "2 a good start (most elements right, a few edits); "
    "1 weak (a few right names, structure missing or generic); "
    "0 unrelated, empty, garbled or looping."
)
ANSWER_FORMAT = "Answer with one line per item, `N: score` (for example `7: 2`)."
USABLE_SCORE = 2
_ANSWER = re.compile(r"^\s*(?:item\s*)?#?(\d+)\s*[:.=)\-]?\s*([^\s#]+)\s*(?:#.*)?$", re.I)


# An item from the answer block left without a score: unanswered, not an error.
_UNFILLED = re.compile(r"^\s*(?:item\s*)?#?\d+\s*[:.=)\-]?\s*$", re.I)


class ReviewInputError(ValueError):
    """A file the reviewer or the organiser gave is not what the command expects."""


@dataclass(frozen=True)
class Output:
    system: str
    id: str
    scenario: str
    code: str


def load_scenarios(path: Path) -> dict[str, str]:
    """Scenario text by id, from a JSONL of {"id", "scenario"}."""
    return {row["id"]: row["scenario"] for row in _jsonl(path, ("id", "scenario"))}


def load_outputs(system: str, path: Path, scenarios: dict[str, str] | None = None) -> list[Output]:
    """One system's outputs from a JSONL file or a directory of `<id>.puml` files."""
    scenarios = scenarios or {}
    if path.is_dir():
        files = sorted(path.glob("*.puml"))
        if not files:
            raise ReviewInputError(f"{path} holds no .puml files for system {system!r}")
        rows = [{"id": file.stem, "code": file.read_text(encoding="utf-8")} for file in files]
    elif path.is_file():
        rows = _jsonl(path, ("id", "code"))
    else:
        raise ReviewInputError(f"{path} (system {system!r}) is neither a file nor a directory")
    outputs = []
    for row in rows:
        scenario = row.get("scenario") or scenarios.get(row["id"])
        if not scenario:
            raise ReviewInputError(
                f"no scenario for id {row['id']!r} of system {system!r}: give it in the JSONL "
                "row or in --scenarios"
            )
        outputs.append(Output(system, str(row["id"]), scenario, row["code"] or ""))
    return outputs


def _jsonl(path: Path, required: tuple[str, ...]) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise ReviewInputError(f"{path}:{number}: not JSON ({error.msg})") from None
        missing = [name for name in required if not isinstance(row, dict) or name not in row]
        if missing:
            raise ReviewInputError(f"{path}:{number}: missing {', '.join(missing)}")
        row["id"] = str(row["id"])
        rows.append(row)
    return rows


def build_pack(outputs: list[Output], seed: int) -> tuple[str, dict]:
    """The Markdown pack and its key. The same outputs and seed always give the same pack."""
    if not outputs:
        raise ReviewInputError("there is nothing to review")
    seen: set[tuple[str, str]] = set()
    for output in outputs:
        if (output.system, output.id) in seen:
            raise ReviewInputError(f"system {output.system!r} has id {output.id!r} twice")
        seen.add((output.system, output.id))
    # Sorting first makes the order depend on the seed alone, not on how files were listed.
    items = sorted(outputs, key=lambda output: (output.id, output.system))
    random.Random(seed).shuffle(items)
    parts = [
        "# Blind review",
        "",
        "Rate each item from its scenario and its PlantUML code alone; which system wrote it "
        "is hidden.",
        "",
        f"Rubric: {RUBRIC}",
        "",
        ANSWER_FORMAT,
        "",
    ]
    key_items = {}
    for number, output in enumerate(items, start=1):
        fence = "```"
        while fence in output.code:
            fence += "`"
        code = output.code.strip() or "(empty)"
        scenario = "\n".join(f"> {line}" for line in output.scenario.strip().splitlines())
        parts += [f"## Item {number}", "", scenario, "", f"{fence}plantuml", code, fence, ""]
        key_items[str(number)] = {"system": output.system, "id": output.id}
    # A block to copy and fill in, so answers come back in the form `score` reads.
    parts += ["## Answers", "", "```", *(f"{n}: " for n in key_items), "```", ""]
    key = {"seed": seed, "rubric": RUBRIC, "items": key_items}
    return "\n".join(parts), key


def read_answers(text: str) -> dict[int, int]:
    """Scores by item number from `N: score` lines; blank lines and `#` comments are skipped."""
    answers: dict[int, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if _UNFILLED.match(line):
            continue
        match = _ANSWER.match(line)
        if not match:
            raise ReviewInputError(f"answers line {number}: {line.strip()!r} is not `N: score`")
        item, score = int(match.group(1)), match.group(2)
        if score not in {"0", "1", "2", "3"}:
            raise ReviewInputError(f"answers line {number}: score {score!r} is not 0, 1, 2 or 3")
        if item in answers:
            raise ReviewInputError(f"answers line {number}: item {item} is scored twice")
        answers[item] = int(score)
    return answers


def score_answers(key: dict, answers: dict[int, int]) -> dict:
    """Per system: n, mean score, usable rate and the count of each score; unanswered items."""
    items = key["items"]
    unknown = sorted(item for item in answers if str(item) not in items)
    if unknown:
        raise ReviewInputError(f"the key has no item {', '.join(map(str, unknown))}")
    by_system: dict[str, list[int]] = {entry["system"]: [] for entry in items.values()}
    for item, score in answers.items():
        by_system[items[str(item)]["system"]].append(score)
    systems = {}
    for system in sorted(by_system):
        scores = by_system[system]
        n = len(scores)
        systems[system] = {
            "n": n,
            "mean": round(sum(scores) / n, 3) if n else None,
            "usable_rate": round(sum(s >= USABLE_SCORE for s in scores) / n, 3) if n else None,
            "counts": {str(value): scores.count(value) for value in range(4)},
        }
    unanswered = sorted(int(item) for item in items if int(item) not in answers)
    return {"systems": systems, "unanswered": unanswered}


def scores_table(result: dict) -> str:
    lines = ["| system | n | mean score | usable (>= 2) |", "|---|---:|---:|---:|"]
    for system, row in result["systems"].items():
        mean = "-" if row["mean"] is None else f"{row['mean']:.2f}"
        usable = "-" if row["usable_rate"] is None else f"{row['usable_rate']:.0%}"
        lines.append(f"| {system} | {row['n']} | {mean} | {usable} |")
    return "\n".join(lines)


def _system_argument(text: str) -> tuple[str, Path]:
    name, sep, path = text.partition("=")
    if not sep or not name.strip() or not path.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: expected NAME=PATH")
    return name.strip(), Path(path.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m worker.review", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    pack = commands.add_parser("pack", help="mix systems' outputs into one blind pack and a key")
    pack.add_argument(
        "--system",
        action="append",
        required=True,
        type=_system_argument,
        metavar="NAME=PATH",
        help="a JSONL file or a directory of <id>.puml files",
    )
    pack.add_argument("--scenarios", type=Path, help="JSONL of {id, scenario}")
    pack.add_argument("--seed", type=int, default=0)
    pack.add_argument("--pack", type=Path, required=True, help="Markdown pack to write")
    pack.add_argument("--key", type=Path, required=True, help="JSON key to write (keep it hidden)")
    score = commands.add_parser("score", help="turn a reviewer's answers into scores per system")
    score.add_argument("--key", type=Path, required=True)
    score.add_argument("--answers", type=Path, required=True, help="one `N: score` line per item")
    score.add_argument("--json", type=Path, help="write the scores here as JSON")
    args = parser.parse_args(argv)
    try:
        if args.command == "pack":
            return _pack(args)
        return _score(args)
    except (ReviewInputError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _pack(args: argparse.Namespace) -> int:
    names = [name for name, _ in args.system]
    if len(set(names)) != len(names):
        raise ReviewInputError("each --system needs its own name")
    scenarios = load_scenarios(args.scenarios) if args.scenarios else None
    outputs = [out for name, path in args.system for out in load_outputs(name, path, scenarios)]
    ids = {output.id for output in outputs}
    for name in names:
        missing = ids - {output.id for output in outputs if output.system == name}
        if missing:
            # Means over different scenarios do not compare like for like: say so.
            shown = ", ".join(sorted(missing)[:10])
            print(f"note: {name} has no output for {len(missing)} ids ({shown})", file=sys.stderr)
    markdown, key = build_pack(outputs, args.seed)
    args.pack.write_text(markdown + "\n", encoding="utf-8")
    args.key.write_text(json.dumps(key, indent=2) + "\n", encoding="utf-8")
    systems = f"{len(names)} system{'s' if len(names) != 1 else ''}"
    print(f"{len(key['items'])} items from {systems} -> {args.pack} (key: {args.key})")
    return 0


def _score(args: argparse.Namespace) -> int:
    try:
        key = json.loads(args.key.read_text(encoding="utf-8"))
        key["items"]
    except (json.JSONDecodeError, KeyError, TypeError):
        raise ReviewInputError(f"{args.key} is not a key written by `pack`") from None
    result = score_answers(key, read_answers(args.answers.read_text(encoding="utf-8")))
    print(scores_table(result))
    if result["unanswered"]:
        shown = ", ".join(map(str, result["unanswered"][:20]))
        count = len(result["unanswered"])
        items = "item" if count == 1 else "items"
        print(f"\n{count} {items} unanswered: {shown}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
