"""Deterministic repairs turn typical small-model mistakes into diagrams that render."""

import pytest

from worker.render import PlantUMLClient
from worker.repair import drop_repeated_lines, repair_plantuml


def test_a_looping_answer_keeps_one_copy_of_each_line_but_closers_may_repeat():
    looping = "A -> B : ask\nactivate B\nB --> A : answer\ndeactivate B\n" * 3

    kept = drop_repeated_lines(looping).splitlines()

    assert kept.count("A -> B : ask") == 1
    assert kept.count("deactivate B") == 3


def test_an_answer_cut_off_mid_line_loses_its_last_line_and_gets_closed():
    cut = "@startuml\nclass Order {\n  +id: int\n}\nclass Prod"

    assert repair_plantuml(cut) == "@startuml\nclass Order {\n  +id: int\n}\n@enduml"


def test_open_braces_blocks_and_notes_are_closed_innermost_first():
    cut = "@startuml\npackage Shop {\nA -> B : x\nalt ok\nnote left of A\nwaiting\n"

    repaired = repair_plantuml(cut)

    assert repaired.endswith("waiting\nend note\nend\n}\n@enduml")


def test_text_after_enduml_is_dropped_and_a_complete_diagram_is_unchanged():
    complete = "@startuml\nBob -> Alice : hi\n@enduml"

    assert repair_plantuml(complete + "\nmore words") == complete
    assert repair_plantuml("Sure:\n" + complete) == complete


@pytest.mark.parametrize(
    "broken",
    [
        "@startuml\nclass Order {\n  +id: int\nclass Product {\n  +name: Str",
        "@startuml\nA -> B : go\nalt fine\nB -> A : ok\nelse bad\nB -> A : no\n",
        "@startuml\nstate Busy {\n  [*] --> Working\n",
        "@startuml\nactor Clerk\nClerk --> (Sell)\nClerk --> (Sell)\nClerk --> (Sell)\n",
    ],
)
def test_repaired_answers_render(plantuml_url, broken):
    client = PlantUMLClient(plantuml_url)
    try:
        assert client.render(repair_plantuml(broken), "svg").startswith(b"<")
    finally:
        client.close()
