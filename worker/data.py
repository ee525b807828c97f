"""Scenario -> PlantUML pairs from the training data set, their real types and a leak-free split.

The data set (coai/plantuml_generation) holds `<s>[INST]{prompt}[/INST]{response}</s>` rows.
About half are the reverse task (PlantUML in, prose out); only the rows that ask for a diagram
become pairs. Its type labels are noisy (most "Timing" rows hold sequence diagrams), so each
pair also carries the type PlantUML itself reports for the reference, computed once on a real
server and cached by code hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from worker.diagram_types import DIAGRAM_TYPES, TYPE_LABELS
from worker.extract import extract_plantuml

REPO_ROOT = Path(__file__).resolve().parent.parent
HUB_DATASET = "coai/plantuml_generation"
_DATA_FILE = Path("data") / "plantuml_generation" / "plantuml_dataset.parquet"


def _default_data() -> Path:
    """The local data set: PLANTWEB_DATASET, else shared/ inside or beside the checkout."""
    if os.environ.get("PLANTWEB_DATASET"):
        return Path(os.environ["PLANTWEB_DATASET"])
    for shared in (REPO_ROOT / "shared", REPO_ROOT.parent / "shared"):
        if (shared / _DATA_FILE).is_file():
            return shared / _DATA_FILE
    return REPO_ROOT.parent / "shared" / _DATA_FILE


DEFAULT_DATA = _default_data()
TYPE_CACHE = REPO_ROOT / ".cache" / "reference-types.json"
SPLITS = ("train", "val", "test")
DEFAULT_SEED = 1234

_LABEL_TO_TYPE = {label.lower(): t for t, label in TYPE_LABELS.items()}
_REQUEST = re.compile(
    r"For the given description, generate\s*\na (\w+) diagram diagram using plantuml\.\s*\n"
    r"Description:(.*?)\n\nAdd import elements",
    re.DOTALL,
)
_USE_CASE_NAME = re.compile(r"Use Case Name:\s*(.+)", re.IGNORECASE)


@dataclass(frozen=True)
class Pair:
    scenario: str
    label: str  # the type the data set's prompt asks for
    plantuml: str
    real_type: str | None = None  # what the reference really is, per PlantUML; None if unknown

    @property
    def diagram_type(self) -> str:
        """The type to ask for: the real one where known, else the label."""
        return self.real_type or self.label


def parse_row(text: str) -> Pair | None:
    """A pair from one data set row, or None for reverse-task rows and rows without a diagram."""
    if "[/INST]" not in text:
        return None
    prompt, _, response = text.partition("[/INST]")
    match = _REQUEST.search(prompt)
    if match is None:
        return None
    label = _LABEL_TO_TYPE.get(match.group(1).lower())
    code = extract_plantuml(response.replace("</s>", ""))
    if label is None or code is None:
        return None
    return Pair(scenario=match.group(2).strip(), label=label, plantuml=code)


def read_rows(source: str | Path | None = None) -> list[str]:
    """The raw text rows of a parquet file, a JSONL file with a "text" field, or the hub id."""
    source = str(source or DEFAULT_DATA)
    path = Path(source)
    if path.suffix == ".parquet" and path.is_file():
        import pyarrow.parquet as pq

        return [str(t) for t in pq.read_table(path).column("text").to_pylist()]
    if path.suffix == ".jsonl" and path.is_file():
        return [json.loads(line)["text"] for line in path.read_text().splitlines() if line.strip()]
    if path.exists():
        raise ValueError(f"{path}: expected a .parquet or .jsonl file")
    from datasets import load_dataset  # only on machines that reach the hub

    return list(load_dataset(source, split="train")["text"])


def read_pairs_jsonl(path: str | Path) -> list[Pair]:
    """Pairs from JSONL lines, such as the export of reviewed diagrams.

    A line is either a data set row, `{"text": "<s>[INST]...[/INST]...</s>", "type"?}`, or
    `{"scenario", "plantuml", "type"?}`; "type", where given, is the type PlantUML drew.
    Data set rows that are not a scenario -> diagram request are skipped, as in the data set.
    """
    pairs = []
    for line in Path(path).read_text().splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if "text" in row:
            pair = parse_row(row["text"])
            if pair is not None:
                real_type = row.get("type") if row.get("type") in DIAGRAM_TYPES else None
                pairs.append(Pair(pair.scenario, pair.label, pair.plantuml, real_type))
            continue
        code = extract_plantuml(row["plantuml"]) or row["plantuml"]
        kind = row.get("type") or row.get("diagram_type")
        if kind is not None and kind not in DIAGRAM_TYPES:
            kind = _LABEL_TO_TYPE.get(str(kind).lower())
        pairs.append(
            Pair(scenario=row["scenario"], label=kind or "", plantuml=code, real_type=kind)
        )
    return pairs


class HeldOutExtraData(ValueError):
    """Extra training rows describe use cases of the validation or test split."""


def extra_training_pairs(path: str | Path, splits: dict) -> list[Pair]:
    """Reviewed pairs to add to training; refuses any whose use case is held out, so the
    evaluation on validation and test stays honest."""
    held = {use_case_key(p.scenario) for p in splits["val"] + splits["test"]}
    extra = read_pairs_jsonl(path)
    refused = [p for p in extra if use_case_key(p.scenario) in held]
    if refused:
        raise HeldOutExtraData(
            f"{len(refused)} of the {len(extra)} extra pairs describe use cases of the validation"
            " or test split; remove them so the evaluation stays honest."
        )
    return extra


def load_pairs(source: str | Path | None = None) -> list[Pair]:
    """Every scenario -> diagram pair of the data set, in data set order."""
    pairs = [p for p in (parse_row(t) for t in read_rows(source)) if p is not None]
    cache = _read_type_cache()
    return [_with_type(p, cache) for p in pairs]


def _with_type(pair: Pair, cache: dict[str, str | None]) -> Pair:
    key = code_hash(pair.plantuml)
    if key in cache:
        return Pair(pair.scenario, pair.label, pair.plantuml, cache[key])
    return pair


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()[:20]


def _read_type_cache() -> dict[str, str | None]:
    if TYPE_CACHE.is_file():
        return json.loads(TYPE_CACHE.read_text())
    return {}


def cache_reference_types(pairs: Iterable[Pair], base_url: str) -> dict[str, str | None]:
    """Render every reference once on a PlantUML server and cache the type it reports.

    A reference that does not render is cached as None, so it is not retried each run.
    """
    from worker.render import PlantUMLClient, RenderError, diagram_type_from_svg
    from worker.safety import UnsafeDiagram

    cache = _read_type_cache()
    client = PlantUMLClient(base_url, timeout=30.0)
    try:
        for pair in pairs:
            key = code_hash(pair.plantuml)
            if key in cache:
                continue
            try:
                svg = client.render(pair.plantuml, "svg").decode("utf-8")
                cache[key] = diagram_type_from_svg(svg, pair.plantuml)
            except (RenderError, UnsafeDiagram):
                cache[key] = None
    finally:
        client.close()
    TYPE_CACHE.parent.mkdir(parents=True, exist_ok=True)
    TYPE_CACHE.write_text(json.dumps(cache, indent=0, sort_keys=True))
    return cache


def use_case_key(scenario: str) -> str:
    """What identifies a use case across rows: its name when it has one, else its text.

    The same use case is asked for as several diagram types, sometimes with slightly
    different wording, so the name is the safer key; both are normalised.
    """
    match = _USE_CASE_NAME.search(scenario)
    text = match.group(1) if match else scenario
    return normalise_text(text)


def normalise_text(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def split_pairs(pairs: list[Pair], seed: int = DEFAULT_SEED, fractions=(0.8, 0.1, 0.1)) -> dict:
    """{"train": [...], "val": [...], "test": [...]}: whole use cases go to one split.

    Use cases are shuffled with a fixed seed, then cut by cumulative pair count, so the
    split is the same on every machine and no use case straddles two splits.
    """
    groups: dict[str, list[Pair]] = {}
    for pair in pairs:
        groups.setdefault(use_case_key(pair.scenario), []).append(pair)
    # Scenario texts that are identical but named differently must also stay together.
    keys = sorted(groups)
    random.Random(seed).shuffle(keys)
    total = len(pairs)
    bounds = (fractions[0] * total, (fractions[0] + fractions[1]) * total)
    result: dict[str, list[Pair]] = {name: [] for name in SPLITS}
    done = 0
    for key in keys:
        name = "train" if done < bounds[0] else "val" if done < bounds[1] else "test"
        result[name].extend(groups[key])
        done += len(groups[key])
    return result


def load_splits(source: str | Path | None = None, seed: int = DEFAULT_SEED) -> dict:
    return split_pairs(load_pairs(source), seed=seed)


def load_typed_splits(
    source: str | Path | None = None, seed: int = DEFAULT_SEED, plantuml_url: str | None = None
) -> dict:
    """The splits with every reference's real type, rendering the references not in the type
    cache on plantuml_url, or on a local PlantUML server started for it."""
    pairs = load_pairs(source)
    if any(p.real_type is None for p in pairs) and not _all_cached(pairs):
        if plantuml_url:
            cache_reference_types(pairs, plantuml_url)
        else:
            from worker.plantuml_server import LocalPlantUMLServer

            with LocalPlantUMLServer() as server:
                cache_reference_types(pairs, server.base_url)
    return split_pairs(load_pairs(source), seed=seed)


def _all_cached(pairs: list[Pair]) -> bool:
    cache = _read_type_cache()
    return all(code_hash(p.plantuml) in cache for p in pairs)


def split_sizes(splits: dict) -> dict[str, dict[str, int]]:
    """Pairs per split and per type (the real type where known)."""
    sizes = {}
    for name, pairs in splits.items():
        counts = Counter(p.diagram_type for p in pairs)
        sizes[name] = {t: counts.get(t, 0) for t in DIAGRAM_TYPES} | {"total": len(pairs)}
    return sizes


def write_jsonl(pairs: Iterable[Pair], path: str | Path) -> None:
    with open(path, "w") as handle:
        for pair in pairs:
            handle.write(json.dumps(asdict(pair)) + "\n")


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Parse, type and split the data set.")
    parser.add_argument("--data", default=None, help="parquet / JSONL path or hub id")
    parser.add_argument("--plantuml-url", default=None, help="render on this server")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()

    pairs = load_pairs(args.data)
    if args.plantuml_url:
        cache_reference_types(pairs, args.plantuml_url)
    else:
        from worker.plantuml_server import LocalPlantUMLServer

        with LocalPlantUMLServer() as server:
            cache_reference_types(pairs, server.base_url)
    splits = load_splits(args.data, seed=args.seed)
    print(json.dumps(split_sizes(splits), indent=1))


if __name__ == "__main__":
    main()
