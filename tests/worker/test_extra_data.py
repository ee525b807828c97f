"""Training reads extra rows (such as reviewed diagrams) in the data set's own format."""

import json

import pytest

from worker.data import Pair, read_pairs_jsonl
from worker.prompt import build_prompt
from worker.train import parse_args

CODE = "@startuml\nclass Member\nclass Book\nMember -- Book\n@enduml"


def _write(path, rows: list[dict]) -> str:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return str(path)


def test_data_set_rows_become_pairs_with_the_type_drawn(tmp_path):
    scenario = "A library lends books.\n\nEach member borrows many."
    rows = [
        {"text": f"{build_prompt(scenario, 'class', 'inst')}{CODE}</s>", "type": "class"},
        {"text": f"{build_prompt('Users log in', 'timing', 'inst')}{CODE}</s>"},
    ]

    pairs = read_pairs_jsonl(_write(tmp_path / "extra.jsonl", rows))

    assert pairs == [
        Pair(scenario, "class", CODE, "class"),
        Pair("Users log in", "timing", CODE, None),
    ]
    assert pairs[1].diagram_type == "timing"


def test_rows_that_ask_for_no_diagram_are_skipped(tmp_path):
    rows = [
        {"text": "<s>[INST]Describe this diagram[/INST]It shows a library.</s>"},
        {"text": f"{build_prompt('Cut off', 'class', 'inst')}@startuml\nclass A</s>"},
        {"scenario": "Kept", "plantuml": CODE, "type": "class"},
    ]

    pairs = read_pairs_jsonl(_write(tmp_path / "extra.jsonl", rows))

    assert [pair.scenario for pair in pairs] == ["Kept"]


def test_the_training_command_takes_the_file_next_to_the_data_set():
    config = parse_args(["--extra-data", "reviewed.jsonl"])

    assert config.extra_data == "reviewed.jsonl" and config.data is None


def test_extra_rows_of_held_out_use_cases_are_refused(tmp_path):
    from worker.data import HeldOutExtraData, extra_training_pairs

    held = Pair("Use Case Name: Return a Book\nThe member returns a book.", "class", CODE, "class")
    fresh = Pair("Use Case Name: Pay a Fine\nThe member pays a fine.", "class", CODE, "class")
    splits = {"train": [], "val": [held], "test": []}
    rows = [
        {"scenario": p.scenario, "plantuml": p.plantuml, "type": "class"} for p in (fresh, held)
    ]

    with pytest.raises(HeldOutExtraData, match="1 of the 2 extra pairs"):
        extra_training_pairs(_write(tmp_path / "extra.jsonl", rows), splits)
    assert extra_training_pairs(_write(tmp_path / "ok.jsonl", rows[:1]), splits) == [fresh]
