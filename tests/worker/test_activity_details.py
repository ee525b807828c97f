"""Activity steps read from prose: a list or an aside after a comma stays in its step."""

import pytest

from worker.model import load_model
from worker.planner import plan_code

from .test_planner import SHIPPED


@pytest.fixture(scope="module")
def shipped():
    return load_model(str(SHIPPED))


def _actions(code: str) -> list[str]:
    return [line[1:-1] for line in code.splitlines() if line.startswith(":")]


def test_the_items_of_a_list_are_one_step_not_a_step_each(shipped):
    scenario = (
        "1. The process shall start when a resident submits a street party application with the"
        " street name, date, times and a contact person, at least six weeks before the event.\n"
        "2. The council events officer shall check each form's signatures, dates and addresses"
        " and then forward the application to the highways team.\n"
        "3. The highways team shall approve the closure."
    )
    actions = _actions(plan_code(shipped.model, scenario, "activity"))
    assert not {"Date", "Times and a contact person", "At least six weeks before the event"} & set(
        actions
    )
    assert any("street party application with the street name, date" in a for a in actions)


def test_a_step_said_after_a_comma_is_still_its_own_step(shipped):
    scenario = (
        "When a laptop comes in, the technician examines it at the front bench, photographs every"
        " damaged area and writes a condition report. Applications are collected for two weeks,"
        " HR screens the CVs and the manager interviews the shortlist."
    )
    actions = _actions(plan_code(shipped.model, scenario, "activity"))
    assert any(a.lower().startswith("photograph") for a in actions)
    assert any("screen" in a.lower() and "CVs" in a for a in actions)
