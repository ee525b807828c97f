"""The blind review pack and its scoring, round trip through the command line."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from worker.render import PlantUMLClient
from worker.review import RUBRIC, main, read_answers

ROOT = Path(__file__).resolve().parents[2]

SCENARIOS = {
    "atm": "A customer inserts a card; the ATM asks the bank to verify the PIN.",
    "shop": "Customers place orders; each order contains products.",
    "lights": "The light goes from red to green to yellow and back to red.",
}
REFERENCES = {
    "atm": "@startuml\nactor Customer\nCustomer -> ATM : insert card\n"
    "ATM -> Bank : verify PIN\n@enduml",
    "shop": "@startuml\nclass Customer\nclass Order\nclass Product\nCustomer --> Order\n"
    "Order --> Product\n@enduml",
    "lights": "@startuml\n[*] --> Red\nRed --> Green\nGreen --> Yellow\nYellow --> Red\n@enduml",
}
MODEL = {
    "atm": "@startuml\nElement1 -> Element2 : reviews\n@enduml",
    "shop": "@startuml\nclass EachCustomer {\n  login()\n}\n@enduml",
    "lights": "",
}


@pytest.fixture
def review_files(tmp_path):
    """Two systems given the two ways: the model as JSONL, the references as .puml files."""
    scenarios = tmp_path / "scenarios.jsonl"
    scenarios.write_text(
        "\n".join(json.dumps({"id": i, "scenario": text}) for i, text in SCENARIOS.items())
    )
    model = tmp_path / "model.jsonl"
    model.write_text(
        "\n".join(
            json.dumps({"id": i, "scenario": SCENARIOS[i], "code": code})
            for i, code in MODEL.items()
        )
    )
    references = tmp_path / "references"
    references.mkdir()
    for i, code in REFERENCES.items():
        (references / f"{i}.puml").write_text(code)
    return tmp_path, scenarios, model, references


def make_pack(tmp_path, scenarios, model, references, seed=7, name="pack"):
    pack, key = tmp_path / f"{name}.md", tmp_path / f"{name}-key.json"
    status = main(
        [
            "pack",
            "--system",
            f"model={model}",
            "--system",
            f"reference={references}",
            "--scenarios",
            str(scenarios),
            "--seed",
            str(seed),
            "--pack",
            str(pack),
            "--key",
            str(key),
        ]
    )
    assert status == 0
    return pack.read_text(), json.loads(key.read_text())


def item_codes(markdown: str) -> dict[int, str]:
    """Each item's code block, read back from the pack as a reviewer sees it."""
    blocks = re.findall(r"## Item (\d+)\n\n.*?```+plantuml\n(.*?)\n```", markdown, re.S)
    return {int(number): code for number, code in blocks}


def test_the_pack_hides_the_sources_and_shows_the_rubric_first(review_files):
    markdown, key = make_pack(*review_files)

    head = markdown.split("## Item 1")[0]
    assert RUBRIC in head and "`N: score`" in head
    assert "reference" not in markdown.lower() and "model" not in markdown.lower()
    assert len(key["items"]) == 6
    assert {entry["system"] for entry in key["items"].values()} == {"model", "reference"}
    codes = item_codes(markdown)
    for number, entry in key["items"].items():
        source = MODEL if entry["system"] == "model" else REFERENCES
        assert codes[int(number)] == (source[entry["id"]].strip() or "(empty)")
        section = markdown.split(f"## Item {number}\n")[1].split("## Item")[0]
        assert SCENARIOS[entry["id"]] in section


def test_the_order_follows_the_seed(review_files):
    tmp_path = review_files[0]
    _, first = make_pack(*review_files, seed=7, name="a")
    _, again = make_pack(*review_files, seed=7, name="b")
    _, other = make_pack(*review_files, seed=8, name="c")

    assert first["items"] == again["items"]
    assert first["items"] != other["items"]
    assert tmp_path.joinpath("a.md").read_text() == tmp_path.joinpath("b.md").read_text()


def test_scores_round_trip_to_a_usable_rate_per_system(review_files, capsys):
    tmp_path = review_files[0]
    _, key = make_pack(*review_files)
    # A fake reviewer: references get 3 except the lights one (2); the model gets 0, 1, 0.
    wanted = {("reference", "atm"): 3, ("reference", "shop"): 3, ("reference", "lights"): 2}
    wanted |= {("model", "atm"): 1, ("model", "shop"): 0, ("model", "lights"): 0}
    lines = ["# reviewer: R. Ng"]
    for number, entry in key["items"].items():
        lines.append(f"{number}: {wanted[(entry['system'], entry['id'])]}")
    (tmp_path / "answers.txt").write_text("\n".join(lines) + "\n")
    capsys.readouterr()

    status = main(
        [
            "score",
            "--key",
            str(tmp_path / "pack-key.json"),
            "--answers",
            str(tmp_path / "answers.txt"),
            "--json",
            str(tmp_path / "scores.json"),
        ]
    )

    assert status == 0
    table = capsys.readouterr().out
    assert "| model | 3 | 0.33 | 0% |" in table
    assert "| reference | 3 | 2.67 | 100% |" in table
    scores = json.loads((tmp_path / "scores.json").read_text())
    assert scores["systems"]["reference"]["usable_rate"] == 1.0
    assert scores["systems"]["model"]["mean"] == pytest.approx(1 / 3, abs=1e-3)
    assert scores["systems"]["model"]["counts"] == {"0": 2, "1": 1, "2": 0, "3": 0}
    assert scores["unanswered"] == []


def test_unanswered_items_are_reported_and_left_out_of_the_means(review_files, capsys):
    tmp_path = review_files[0]
    _, key = make_pack(*review_files)
    first_reference = next(n for n, e in key["items"].items() if e["system"] == "reference")
    (tmp_path / "answers.txt").write_text(f"{first_reference}: 2\n")

    main(
        [
            "score",
            "--key",
            str(tmp_path / "pack-key.json"),
            "--answers",
            str(tmp_path / "answers.txt"),
        ]
    )

    captured = capsys.readouterr()
    assert "| reference | 1 | 2.00 | 100% |" in captured.out
    assert "| model | 0 | - | - |" in captured.out
    assert "5 items unanswered" in captured.err


@pytest.mark.parametrize(
    ("answers", "problem"),
    [
        ("1: 4\n", "not 0, 1, 2 or 3"),
        ("1: good\n", "not 0, 1, 2 or 3"),
        ("looks fine to me\n", "is not `N: score`"),
        ("1: 2\n1: 3\n", "scored twice"),
        ("99: 2\n", "no item 99"),
    ],
)
def test_bad_answers_get_a_clear_error(review_files, capsys, answers, problem):
    tmp_path = review_files[0]
    make_pack(*review_files)
    (tmp_path / "answers.txt").write_text(answers)

    status = main(
        [
            "score",
            "--key",
            str(tmp_path / "pack-key.json"),
            "--answers",
            str(tmp_path / "answers.txt"),
        ]
    )

    assert status == 2
    assert problem in capsys.readouterr().err


def test_the_filled_in_answer_block_of_the_pack_scores_directly(review_files, capsys):
    tmp_path = review_files[0]
    markdown, key = make_pack(*review_files)
    block = markdown.split("## Answers")[1].split("```")[1]
    assert block.split() == ["1:", "2:", "3:", "4:", "5:", "6:"]
    (tmp_path / "answers.txt").write_text(block.replace("1: ", "1: 3").replace("2: ", "2: 0"))
    capsys.readouterr()

    main(
        [
            "score",
            "--key",
            str(tmp_path / "pack-key.json"),
            "--answers",
            str(tmp_path / "answers.txt"),
            "--json",
            str(tmp_path / "scores.json"),
        ]
    )

    assert "4 items unanswered: 3, 4, 5, 6" in capsys.readouterr().err
    systems = json.loads((tmp_path / "scores.json").read_text())["systems"]
    assert sum(row["n"] for row in systems.values()) == 2
    assert systems[key["items"]["1"]["system"]]["counts"]["3"] == 1
    assert systems[key["items"]["2"]["system"]]["counts"]["0"] == 1


def test_answers_tolerate_the_usual_ways_of_writing_them():
    assert read_answers("1: 3\n2 - 2\n3. 1\nItem 4: 0  # empty\n\n5 3\n") == {
        1: 3,
        2: 2,
        3: 1,
        4: 0,
        5: 3,
    }


def test_a_directory_system_without_scenarios_is_refused(review_files, capsys):
    tmp_path, _, model, references = review_files

    status = main(
        [
            "pack",
            "--system",
            f"reference={references}",
            "--pack",
            str(tmp_path / "p.md"),
            "--key",
            str(tmp_path / "k.json"),
        ]
    )

    assert status == 2
    assert "no scenario for id" in capsys.readouterr().err
    assert not (tmp_path / "p.md").exists()


def test_two_systems_with_one_name_are_refused(review_files, capsys):
    tmp_path, scenarios, model, _ = review_files

    status = main(
        [
            "pack",
            "--system",
            f"model={model}",
            "--system",
            f"model={model}",
            "--pack",
            str(tmp_path / "p.md"),
            "--key",
            str(tmp_path / "k.json"),
        ]
    )

    assert status == 2 and "its own name" in capsys.readouterr().err


def test_a_broken_jsonl_line_is_named(review_files, capsys):
    tmp_path, scenarios, _, _ = review_files
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "atm", "code": "@startuml\\n@enduml"}\n{"id": "shop", \n')

    status = main(
        [
            "pack",
            "--system",
            f"x={broken}",
            "--scenarios",
            str(scenarios),
            "--pack",
            str(tmp_path / "p.md"),
            "--key",
            str(tmp_path / "k.json"),
        ]
    )

    assert status == 2 and "broken.jsonl:2" in capsys.readouterr().err


def test_a_system_missing_some_scenarios_is_named(review_files, capsys):
    tmp_path, scenarios, model, references = review_files
    (references / "lights.puml").unlink()

    markdown, key = make_pack(tmp_path, scenarios, model, references)

    assert len(key["items"]) == 5
    assert "note: reference has no output for 1 ids (lights)" in capsys.readouterr().err


def test_the_command_runs_as_a_module(review_files):
    tmp_path, scenarios, model, references = review_files

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "worker.review",
            "pack",
            "--system",
            f"model={model}",
            "--scenarios",
            str(scenarios),
            "--pack",
            str(tmp_path / "m.md"),
            "--key",
            str(tmp_path / "m.json"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 0, done.stderr
    assert "3 items from 1 system " in done.stdout


def test_the_code_in_the_pack_still_renders(review_files, plantuml_url):
    markdown, key = make_pack(*review_files)
    client = PlantUMLClient(plantuml_url)

    for number, code in item_codes(markdown).items():
        if key["items"][str(number)]["system"] == "reference":
            assert b"<svg" in client.render(code, "svg")
