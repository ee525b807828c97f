"""Pairs from the data set, their real types and a split that never leaks a use case."""

import json

import pytest

from worker import data
from worker.data import Pair, normalise_text, parse_row, split_pairs, use_case_key
from worker.extract import extract_plantuml

REQUEST = (
    "<s>[INST]\nFor the given description, generate \na {label} diagram diagram using plantuml. "
    "\nDescription: {scenario}\n\nAdd import elements which are missing in the description to\n"
    "generate a complete diagram.\n\n[/INST]{answer}</s>"
)


def _row(label: str, scenario: str, answer: str) -> str:
    return REQUEST.format(label=label, scenario=scenario, answer=answer)


@pytest.fixture(scope="module")
def dataset_pairs():
    if not data.DEFAULT_DATA.is_file():
        pytest.skip(f"the data set is not at {data.DEFAULT_DATA} (set PLANTWEB_DATASET)")
    return data.load_pairs()


def test_a_diagram_row_becomes_a_pair_and_a_reverse_row_does_not():
    answer = "Here it is:\n@startuml\nBob -> Alice : hi\n@enduml\nextra"
    pair = parse_row(_row("Timing", "Use Case Name: Greeting\nBob greets Alice.", answer))
    reverse = (
        "<s>[INST]For the Domain Retail and Use Case Returns, create a more detail"
        " description[/INST]Use Case Name: Returns ...</s>"
    )

    assert pair == Pair(
        "Use Case Name: Greeting\nBob greets Alice.",
        "timing",
        "@startuml\nBob -> Alice : hi\n@enduml",
    )
    assert parse_row(reverse) is None
    assert parse_row(_row("Class", "x", "no diagram here")) is None


def test_the_data_set_gives_one_pair_per_diagram_request(dataset_pairs):
    rows = data.read_rows()
    requests = [r for r in rows if "For the given description, generate" in r]
    # A few answers were cut off before @enduml: they are no complete reference.
    complete = [
        r for r in requests if extract_plantuml(r.partition("[/INST]")[2].replace("</s>", ""))
    ]

    assert len(dataset_pairs) == len(complete)
    assert len(requests) - len(complete) < 5
    assert len(dataset_pairs) < len(rows)  # the reverse rows are left out
    for pair in dataset_pairs:
        assert pair.plantuml.count("@startuml") == 1
        assert pair.plantuml.endswith("@enduml")


def test_no_use_case_is_in_two_splits(dataset_pairs):
    splits = split_pairs(dataset_pairs)

    for key in (use_case_key, normalise_text):
        seen = {name: {key(p.scenario) for p in pairs} for name, pairs in splits.items()}
        assert not seen["train"] & seen["val"]
        assert not seen["train"] & seen["test"]
        assert not seen["val"] & seen["test"]
    assert sum(len(p) for p in splits.values()) == len(dataset_pairs)
    total = len(dataset_pairs)
    assert 0.75 * total <= len(splits["train"]) <= 0.85 * total
    assert 0.05 * total <= len(splits["test"]) <= 0.15 * total


def test_the_split_is_the_same_every_time_and_changes_with_the_seed(dataset_pairs):
    first = split_pairs(dataset_pairs)
    again = split_pairs(list(dataset_pairs))
    other = split_pairs(dataset_pairs, seed=7)

    assert first == again
    assert first["test"] != other["test"]


def test_rewordings_of_one_use_case_stay_together():
    pairs = [
        Pair(f"Use Case Name: {name}\n{text}", "class", "@startuml\nclass A\n@enduml")
        for name in ("Order Food", "Book Room", "Pay Bill", "Ship Parcel", "Rate Driver")
        for text in ("Short wording.", "A much longer wording of the same use case.")
    ] + [Pair("Use Case Name:  order   FOOD!\nThird wording.", "state", "@startuml\n@enduml")]

    splits = split_pairs(pairs, fractions=(0.4, 0.3, 0.3))

    homes = [n for n, ps in splits.items() if any("order" in p.scenario.lower() for p in ps)]
    assert len(homes) == 1


def test_reference_types_come_from_the_server_not_the_label(plantuml_url, tmp_path, monkeypatch):
    monkeypatch.setattr(data, "TYPE_CACHE", tmp_path / "types.json")
    mislabelled = Pair("Bob greets Alice.", "timing", "@startuml\nBob -> Alice : hi\n@enduml")
    broken = Pair("Nothing.", "class", "@startuml\nclass A {\n@enduml")

    cache = data.cache_reference_types([mislabelled, broken], plantuml_url)

    assert cache[data.code_hash(mislabelled.plantuml)] == "sequence"
    assert cache[data.code_hash(broken.plantuml)] is None
    typed = data._with_type(mislabelled, data._read_type_cache())
    assert typed.diagram_type == "sequence"
    assert json.loads((tmp_path / "types.json").read_text()) == cache


def test_reviewed_pairs_are_read_from_jsonl(tmp_path):
    path = tmp_path / "reviewed.jsonl"
    path.write_text(
        json.dumps({"scenario": "s", "plantuml": "@startuml\nclass A\n@enduml", "type": "Class"})
        + "\n\n"
        + json.dumps({"scenario": "t", "plantuml": "@startuml\nA -> B\n@enduml"})
        + "\n"
    )

    first, second = data.read_pairs_jsonl(path)

    assert first.diagram_type == "class"
    assert second.real_type is None and second.plantuml.startswith("@startuml")
