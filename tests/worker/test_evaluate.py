"""The evaluation command on a real tiny model, a real PlantUML server and a JSONL benchmark."""

import json

import pytest

from tests.tiny_model import DEFAULT_EXAMPLES
from worker import data
from worker.evaluate import main


@pytest.fixture
def pairs_file(tmp_path):
    """The tiny model's own examples, which it reproduces exactly, plus one it has never seen."""
    path = tmp_path / "pairs.jsonl"
    rows = [
        {"scenario": scenario, "plantuml": plantuml, "type": diagram_type}
        for scenario, diagram_type, plantuml in DEFAULT_EXAMPLES[:2]
    ]
    rows.append(
        {
            "scenario": "A thermostat turns the heater on when the room is cold.",
            "plantuml": "@startuml\n[*] --> Idle\nIdle --> Heating : cold\n@enduml",
        }
    )
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def test_a_jsonl_benchmark_is_scored_reported_and_kept_for_review(
    tiny_model_dir, plantuml_url, pairs_file, tmp_path
):
    if not data.DEFAULT_DATA.is_file():
        pytest.skip("the retrieval baseline needs the data set's training split")
    out = tmp_path / "eval"

    main(
        [
            "--model",
            str(tiny_model_dir),
            "--pairs",
            str(pairs_file),
            "--budget",
            "2",
            "--plantuml-url",
            plantuml_url,
            "--out",
            str(out),
            "--threads",
            "2",
        ]
    )

    report = json.loads((out / "report.json").read_text())
    items = report["items"]
    assert [item["type"] for item in items] == ["class", "sequence", "state"]
    for item in items[:2]:  # the examples the model knows are reproduced exactly
        assert item["single"]["rendered"] and item["single"]["type_match"]
        assert item["single"]["element_f1"] == 1.0
        assert item["validated"]["chrf"] == pytest.approx(100.0)
    overall = report["overall"]
    assert set(overall) == {"single", "validated", "baseline"}
    assert overall["validated"]["n"] == 3
    assert overall["baseline"]["rendered"] == 1.0
    assert overall["validated"]["element_f1"] > overall["baseline"]["element_f1"]
    assert "sequence" in report["per_type"]
    markdown = (out / "report.md").read_text()
    assert "retrieval baseline" in markdown and "validate-and-repair" in markdown
    first = out / "diagrams" / "000-class"
    assert (first / "validated.png").read_bytes().startswith(b"\x89PNG")
    assert (first / "reference.puml").read_text() == DEFAULT_EXAMPLES[0][2]


def test_limit_keeps_only_the_first_scenarios(tiny_model_dir, plantuml_url, pairs_file, tmp_path):
    if not data.DEFAULT_DATA.is_file():
        pytest.skip("the retrieval baseline needs the data set's training split")
    out = tmp_path / "eval"

    main(
        [
            "--model",
            str(tiny_model_dir),
            "--pairs",
            str(pairs_file),
            "--limit",
            "1",
            "--budget",
            "1",
            "--plantuml-url",
            plantuml_url,
            "--out",
            str(out),
        ]
    )

    report = json.loads((out / "report.json").read_text())
    assert report["meta"]["n"] == 1
    assert sorted(p.name for p in (out / "diagrams").iterdir()) == ["000-class"]
