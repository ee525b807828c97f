"""The slot prompt format: names listed from the scenario, written back into valid PlantUML."""

import pytest

from worker.candidates import scenario_candidates
from worker.prompt import build_prompt
from worker.render import PlantUMLClient
from worker.slots import delexicalise, fill_slots

SCENARIO = """Use Case Name: Patient Registration
Use Case ID: HC-001

Use Case Actors:
1. Front desk staff
2. Patient

Use Case Flow:
1. The patient approaches the front desk staff.
2. The front desk staff enters the information into the healthcare system.
3. The healthcare system generates a patient number."""


def test_listed_actors_and_the_system_are_candidates_in_order():
    names = [n.lower() for n in scenario_candidates(SCENARIO)]

    assert names[:3] == ["patient registration", "front desk staff", "patient"]
    assert "healthcare system" in names
    assert "use case flow" not in names


def test_the_prompt_lists_the_slots_and_the_answer_uses_them():
    prompt = build_prompt(SCENARIO, "sequence", "plantweb-slots")
    answer = delexicalise(
        'actor "Front Desk Staff" as FDS\nFDS -> HealthcareSystem : enter',
        scenario_candidates(SCENARIO),
    )

    assert "<n2> Front desk staff" in prompt
    assert prompt.endswith("[/INST]")
    assert "Front Desk" not in answer and "<n2>" in answer and "<c4>" in answer


@pytest.mark.parametrize(
    "slotted",
    [
        "@startuml\nactor <n2> as F\nparticipant <n4>\nF -> <n4> : asks <n3> for <n2>\n@enduml",
        "@startuml\nclass <n2> {\n  +owner: <n3>\n}\nclass <n4>\n<n2> --> <n4>\n@enduml",
        "@startuml\n[*] --> <n2>\n<n2> --> <n4> : done\nstate <n4>\n@enduml",
        "@startuml\nleft to right direction\nactor <n2>\n<n2> --> (<n1>)\n@enduml",
        "@startuml\n[<n2>] --> [<n4>]\ncomponent <n9>\n@enduml",
    ],
)
def test_filled_diagrams_render_with_the_scenario_names(plantuml_url, slotted):
    candidates = scenario_candidates(SCENARIO)
    code = fill_slots(slotted, candidates)

    assert "<n" not in code
    assert "Front" in code
    client = PlantUMLClient(plantuml_url)
    try:
        assert b"<svg" in client.render(code, "svg")[:4096]
    finally:
        client.close()
