import pytest

from worker import prompt
from worker.data import DEFAULT_DATA as DATASET
from worker.diagram_types import DIAGRAM_TYPES, TYPE_LABELS
from worker.prompt import build_prompt, register_prompt_format

# The data set asks for seven types; activity diagrams are drawn from plans only.
DATA_SET_TYPES = tuple(t for t in DIAGRAM_TYPES if t != "activity")


def _dataset_rows_of_type(diagram_type: str) -> list[str]:
    if not DATASET.is_file():
        pytest.skip(f"the training data set is not at {DATASET} (set PLANTWEB_DATASET to its path)")
    import pyarrow.parquet as pq

    marker = f"generate \na {TYPE_LABELS[diagram_type]} diagram diagram"
    texts = pq.read_table(DATASET, columns=["text"]).column("text").to_pylist()
    return [t for t in texts if "For the given description" in t and marker in t]


@pytest.mark.parametrize("diagram_type", DATA_SET_TYPES)
def test_inst_prompt_plus_answer_is_a_data_set_row(diagram_type):
    rows = _dataset_rows_of_type(diagram_type)
    assert rows, f"no {diagram_type} rows in the data set"
    mismatches = []
    for row in rows:
        scenario = row[row.index("Description: ") + 13 : row.index("\n\nAdd import elements")]
        built = build_prompt(scenario, diagram_type)
        answer = row[len(built) :]
        # Prompt followed by the reference answer (and end of text) must give the row back.
        if not (row.startswith(built) and answer.startswith("@startuml") and row.endswith("</s>")):
            mismatches.append(row)
    # The data set holds a single malformed row (a sequence one missing two newlines).
    assert len(mismatches) <= len(rows) // 100, mismatches[0][-900:]


def test_inst_prompt_holds_the_scenario_and_ends_where_the_answer_starts():
    text = build_prompt("Users borrow books.\nLibrarians add books.", "usecase")
    assert text.startswith("<s>[INST]\nFor the given description, generate \na Usecase diagram")
    assert "Description: Users borrow books.\nLibrarians add books.\n\n" in text
    assert text.endswith("@enduml\n\n[/INST]")


def test_unknown_type_or_format_is_refused():
    with pytest.raises(ValueError, match="diagram type"):
        build_prompt("x", "flowchart")
    with pytest.raises(ValueError, match="prompt format 'chatml'"):
        build_prompt("x", "class", "chatml")


def test_a_registered_format_is_used_by_name(monkeypatch):
    monkeypatch.setattr(prompt, "_FORMATS", dict(prompt._FORMATS))
    register_prompt_format("plain", lambda scenario, t: f"Draw a {t} diagram of: {scenario}\n")
    assert build_prompt("a shop", "class", "plain") == "Draw a class diagram of: a shop\n"
    assert "plain" in prompt.prompt_formats()
