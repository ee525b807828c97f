"""The scoreboard scores the planner beside its controls, on a real PlantUML server."""

import json

from worker.data import Pair
from worker.metrics import parse_diagram
from worker.planner import fit
from worker.render import PlantUMLClient
from worker.scoreboard import draw, markdown, names_only, report, run, write_outputs

PAIRS = [
    Pair(
        f"The {a.lower()} manages the {b.lower()}. Each {b.lower()} has a code.",
        "class",
        f"@startuml\nclass {a}\nclass {b}\n{a} --> {b}\n@enduml",
        "class",
    )
    for a, b in [("Teacher", "Course"), ("Driver", "Truck"), ("Nurse", "Patient"), ("Chef", "Dish")]
]


def test_names_only_declares_the_first_k_names_and_nothing_else():
    scenario = "Use Case Actors:\n- Teacher\n- Student\n- Parent\nThe teacher grades the exam."

    parts = parse_diagram(names_only(scenario, "class", 2))

    assert parts.elements == {"teacher", "student"}
    assert not parts.relations


def test_every_system_is_scored_per_type_and_written_out_for_review(plantuml_url, tmp_path):
    chooser = fit(PAIRS * 3)
    client = PlantUMLClient(plantuml_url, timeout=30)
    try:
        items = run(PAIRS[:2], PAIRS[2:], chooser, 2, client)
    finally:
        client.close()
    result = report(items, {"source": "four pairs", "n": len(items), "names_k": 2})
    write_outputs(tmp_path, PAIRS[:2], items, "val")

    plan = result["overall"]["plan"]
    assert plan["n"] == 2 and plan["rendered"] == 1.0 and plan["type_match"] == 1.0
    assert plan["element_f1"] == 1.0  # the teacher and the course, the driver and the truck
    assert result["overall"]["nearest"]["element_f1"] == 0.0  # someone else's diagram
    assert result["per_type"]["class"]["names"]["n"] == 2
    assert "control: names only (first k)" in markdown(result)
    rows = [json.loads(line) for line in (tmp_path / "reference.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == ["val-000", "val-001"]
    assert rows[0]["code"] == PAIRS[0].plantuml
    assert (tmp_path / "plan.jsonl").is_file() and (tmp_path / "nearest.jsonl").is_file()


def test_drawing_scenarios_for_a_review_writes_every_system_and_counts_auto_s_right_types(
    tmp_path,
):
    scenarios = tmp_path / "scenarios.jsonl"
    rows = [
        {
            "id": "a",
            "type": "class",
            "scenario": "The pilot flies the plane. Each plane has a code.",
        },
        {"id": "b", "type": "state", "scenario": "A door is closed. When pushed it becomes open."},
    ]
    scenarios.write_text("".join(json.dumps(r) + "\n" for r in rows))

    counts = draw(str(scenarios), fit(PAIRS), tmp_path / "out", controls=(PAIRS, 2))

    drawn = {
        name: [json.loads(line) for line in (tmp_path / "out" / f"{name}.jsonl").open()]
        for name in ("plan", "draft", "names", "nearest")
    }
    assert all([r["id"] for r in found] == ["a", "b"] for found in drawn.values())
    assert {"pilot", "plane"} <= parse_diagram(drawn["plan"][0]["code"]).elements
    assert drawn["nearest"][0]["code"] in {p.plantuml for p in PAIRS}
    assert drawn["names"][0]["code"] == names_only(rows[0]["scenario"], "class", 2)
    assert counts == {
        "rows": 2,
        "typed": 2,
        "auto_right": sum(r["guessed_type"] == r["type"] for r in drawn["plan"]),
    }
