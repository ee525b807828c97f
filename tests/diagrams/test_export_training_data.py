"""Approved and corrected diagrams export as training data that training reads back."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from diagrams import pipeline, review, services
from diagrams.models import Diagram, DiagramVersion, ReviewState
from tests.conftest import CsrfClient
from worker.data import parse_row, read_pairs_jsonl
from worker.prompt import build_prompt
from worker.train import parse_args

CORRECTED_CODE = "@startuml\nclass Member\nclass Loan\nMember -- Loan\n@enduml"
GARAGE_CODE = "@startuml\nclass Car\nclass Garage\nGarage o-- Car\n@enduml"


def _export(*args: str) -> list[dict]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_training_data", *args, stdout=out, stderr=err)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert f"Exported {len(rows)} training rows" in err.getvalue()
    return rows


def _scenarios(rows: list[dict]) -> list[str]:
    return [parse_row(row["text"]).scenario for row in rows]


@pytest.mark.django_db
def test_only_approved_diagrams_are_exported(staff, alice, bob, rendered_diagram):
    approved = rendered_diagram(alice, text="A library lends books")
    rejected = rendered_diagram(bob, text="A garage repairs cars", code=GARAGE_CODE)
    rendered_diagram(alice, text="An unreviewed bakery")
    assert _export() == []

    review.diagram_approve(diagram=approved, reviewer=staff)
    review.diagram_reject(diagram=rejected, reviewer=staff, reason="Wrong")

    rows = _export()
    assert _scenarios(rows) == ["A library lends books"]
    prompt = build_prompt("A library lends books", "class", "inst")
    assert rows == [{"text": f"{prompt}{approved.plantuml}</s>", "type": "class"}]


@pytest.mark.django_db
def test_rejecting_an_approved_diagram_takes_it_out_again(staff, alice, rendered_diagram):
    diagram = rendered_diagram(alice)
    review.diagram_approve(diagram=diagram, reviewer=staff)
    assert len(_export()) == 1

    review.diagram_reject(diagram=diagram, reviewer=staff, reason="Books are not members.")

    assert _export() == []


@pytest.mark.django_db(transaction=True)
def test_a_correction_exports_the_corrected_code_once_rendered(
    staff, alice, rendered_diagram, celery_workers, wait_for_diagram
):
    diagram = rendered_diagram(alice, text="A library lends books")
    review.diagram_reject(diagram=diagram, reviewer=staff, reason="No loans")

    review.diagram_correct(diagram=diagram, reviewer=staff, code=CORRECTED_CODE, note="Loans")
    assert wait_for_diagram(diagram.pk).status == Diagram.Status.DONE

    rows = _export()
    assert len(rows) == 1
    assert rows[0]["text"].endswith(f"[/INST]{CORRECTED_CODE}</s>")
    assert "class Member {" not in rows[0]["text"]


@pytest.mark.django_db
def test_a_correction_that_does_not_render_is_not_exported(staff, alice, rendered_diagram):
    diagram = rendered_diagram(alice)
    review.diagram_correct(diagram=diagram, reviewer=staff, code="@startuml\nclass A {\n@enduml")
    pipeline.diagram_render(diagram_id=diagram.pk)

    assert Diagram.objects.get(pk=diagram.pk).status == Diagram.Status.FAILED
    assert Diagram.objects.get(pk=diagram.pk).review_state == ReviewState.CORRECTED
    assert _export() == []


@pytest.mark.django_db
def test_code_changed_after_the_review_is_not_exported(staff, alice, rendered_diagram):
    diagram = rendered_diagram(alice)
    review.diagram_approve(diagram=diagram, reviewer=staff)

    services.diagram_update_code(user=alice, diagram=diagram, code=GARAGE_CODE)
    pipeline.diagram_render(diagram_id=diagram.pk)

    assert Diagram.objects.get(pk=diagram.pk).status == Diagram.Status.DONE
    assert _export() == []


@pytest.mark.django_db
def test_the_export_round_trips_through_the_training_loader(
    staff, alice, rendered_diagram, tmp_path
):
    scenario = "Use Case Name: Lending\nA member borrows books.\n\nA book has one borrower."
    library = rendered_diagram(alice, text=scenario)
    garage = rendered_diagram(alice, text="A garage keeps cars", code=GARAGE_CODE)
    Diagram.objects.filter(pk=garage.pk).update(diagram_type="component")
    for diagram in (library, garage):
        review.diagram_approve(diagram=diagram, reviewer=staff)
    path = tmp_path / "reviewed.jsonl"

    call_command("export_training_data", "-o", str(path), stderr=io.StringIO())
    pairs = read_pairs_jsonl(path)

    assert [(p.scenario, p.label, p.plantuml) for p in pairs] == [
        (scenario, "class", library.plantuml),
        ("A garage keeps cars", "component", GARAGE_CODE),
    ]
    # The type PlantUML drew travels along, as the data set's reference types do.
    assert [p.real_type for p in pairs] == ["class", "class"]
    assert parse_args(["--extra-data", str(path)]).extra_data == str(path)


@pytest.mark.django_db
def test_a_refined_diagram_is_exported_with_the_change_it_was_asked_for(
    staff, alice, rendered_diagram, tmp_path
):
    diagram = rendered_diagram(alice, text="A library lends books")
    Diagram.objects.filter(pk=diagram.pk).update(refine_request="Add a Loan class")
    diagram.refresh_from_db()
    review.diagram_approve(diagram=diagram, reviewer=staff)
    path = tmp_path / "reviewed.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in _export()))

    [pair] = read_pairs_jsonl(path)

    assert pair.scenario == "A library lends books\n\nChange: Add a Loan class"
    assert pair.plantuml == diagram.plantuml


@pytest.mark.django_db
def test_since_keeps_recent_reviews_only(staff, alice, rendered_diagram):
    old = rendered_diagram(alice, text="An old review")
    new = rendered_diagram(alice, text="A new review")
    for diagram in (old, new):
        review.diagram_approve(diagram=diagram, reviewer=staff)
    Diagram.objects.filter(pk=old.pk).update(reviewed_at=timezone.now() - timedelta(days=10))
    since = (timezone.localdate() - timedelta(days=2)).isoformat()

    assert _scenarios(_export("--since", since)) == ["A new review"]
    assert _scenarios(_export()) == ["An old review", "A new review"]


@pytest.mark.django_db
def test_a_bad_since_date_is_a_clear_error():
    with pytest.raises(CommandError, match="not a date"):
        call_command("export_training_data", "--since", "last tuesday", stdout=io.StringIO())


@pytest.mark.django_db
def test_an_unwritable_output_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        call_command(
            "export_training_data",
            "-o",
            str(tmp_path / "missing" / "x.jsonl"),
            stderr=io.StringIO(),
        )


@pytest.mark.django_db
def test_the_admin_action_downloads_the_selected_reviewed_diagrams(staff, alice, rendered_diagram):
    approved = rendered_diagram(alice, text="A library lends books")
    other = rendered_diagram(alice, text="Another approved one")
    rejected = rendered_diagram(alice, text="A rejected one")
    unreviewed = rendered_diagram(alice, text="An unreviewed one")
    for diagram in (approved, other):
        review.diagram_approve(diagram=diagram, reviewer=staff)
    review.diagram_reject(diagram=rejected, reviewer=staff, reason="Wrong")
    client = CsrfClient()
    client.force_login(staff)

    response = client.post(
        reverse("admin:diagrams_diagram_changelist"),
        {
            "action": "export_training_data",
            "_selected_action": [approved.pk, rejected.pk, unreviewed.pk],
        },
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="plantweb-training-')
    rows = [json.loads(line) for line in response.content.decode().splitlines()]
    assert _scenarios(rows) == ["A library lends books"]


@pytest.mark.django_db
def test_the_admin_action_says_when_nothing_can_be_exported(staff, alice, rendered_diagram):
    diagram = rendered_diagram(alice)
    client = CsrfClient()
    client.force_login(staff)

    response = client.post(
        reverse("admin:diagrams_diagram_changelist"),
        {"action": "export_training_data", "_selected_action": [diagram.pk]},
        follow=True,
    )

    assert "nothing to export" in response.content.decode()


@pytest.mark.django_db
def test_code_pasted_in_without_the_model_is_not_exported(staff, alice, plantuml_settings):
    diagram = services.diagram_submit_code(user=alice, code=GARAGE_CODE, title="Garage")
    pipeline.diagram_render(diagram_id=diagram.pk)
    diagram.refresh_from_db()
    review.diagram_approve(diagram=diagram, reviewer=staff)

    assert DiagramVersion.objects.filter(diagram=diagram).exists()
    assert _export() == []
