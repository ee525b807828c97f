"""Staff review diagrams in the admin: approve, reject with a reason, or correct the code."""

import pytest
from django.urls import reverse
from django.utils import timezone

from diagrams import review, services
from diagrams.models import Diagram, DiagramVersion, ReviewState

CORRECTED_CODE = '@startuml\nclass Member\nclass Loan\nMember "1" -- "*" Loan\n@enduml'
CHANGELIST = "admin:diagrams_diagram_changelist"


def _act(client, action: str, diagrams, **data):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [d.pk for d in diagrams], **data},
    )


@pytest.mark.django_db
def test_approving_records_who_and_when(staff, staff_client, alice, rendered_diagram):
    first = rendered_diagram(alice, text="A library")
    second = rendered_diagram(alice, text="A garage")
    untouched = rendered_diagram(alice, text="A bakery")
    before = timezone.now()

    response = _act(staff_client, "approve_selected", [first, second])

    assert response.status_code == 302
    for diagram in (first, second):
        diagram.refresh_from_db()
        assert diagram.review_state == ReviewState.APPROVED
        assert diagram.reviewed_by == staff
        assert diagram.reviewed_at >= before
    untouched.refresh_from_db()
    assert untouched.review_state == ReviewState.UNREVIEWED and untouched.reviewed_by is None
    page = staff_client.get(response["Location"]).content.decode()
    assert "Approved 2 diagram(s)." in page


@pytest.mark.django_db
def test_a_diagram_that_did_not_render_cannot_be_approved(staff_client, alice, rendered_diagram):
    failed = rendered_diagram(alice, code="@startuml\nclass A {\n@enduml")
    queued = services.diagram_submit(user=alice, text="A queued shop", requested_type="class")

    response = _act(staff_client, "approve_selected", [failed, queued])

    page = staff_client.get(response["Location"]).content.decode()
    assert "Not approved (not rendered)" in page
    assert set(Diagram.objects.values_list("review_state", flat=True)) == {"unreviewed"}


@pytest.mark.django_db
def test_rejecting_asks_for_a_reason_first(staff_client, alice, rendered_diagram):
    diagram = rendered_diagram(alice, text="A library with a wrong arrow")

    response = _act(staff_client, "reject_selected", [diagram])

    body = response.content.decode()
    assert response.status_code == 200
    assert "Reject these diagrams?" in body
    assert "A library with a wrong arrow" in body
    assert 'name="reason"' in body
    assert f'name="_selected_action" value="{diagram.pk}"' in body
    diagram.refresh_from_db()
    assert diagram.review_state == ReviewState.UNREVIEWED


@pytest.mark.django_db
def test_a_blank_reason_is_refused_and_nothing_is_rejected(staff_client, alice, rendered_diagram):
    diagram = rendered_diagram(alice)

    response = _act(staff_client, "reject_selected", [diagram], apply="1", reason="   ")

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    diagram.refresh_from_db()
    assert diagram.review_state == ReviewState.UNREVIEWED


@pytest.mark.django_db
def test_rejecting_with_a_reason_keeps_the_reason(staff, staff_client, alice, rendered_diagram):
    diagram = rendered_diagram(alice)

    response = _act(
        staff_client, "reject_selected", [diagram], apply="1", reason="Books are not members."
    )

    assert response.status_code == 302
    diagram.refresh_from_db()
    assert diagram.review_state == ReviewState.REJECTED
    assert diagram.review_reason == "Books are not members."
    assert diagram.reviewed_by == staff and diagram.reviewed_at is not None
    change_page = staff_client.get(
        reverse("admin:diagrams_diagram_change", args=[diagram.pk])
    ).content.decode()
    assert "Books are not members." in change_page


@pytest.mark.django_db
def test_the_correction_page_shows_the_scenario_code_and_image(
    staff_client, alice, rendered_diagram
):
    diagram = rendered_diagram(alice, text="A library lends books to members")

    response = staff_client.get(reverse("admin:diagrams_diagram_correct", args=[diagram.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "A library lends books to members" in body
    assert '<img src="data:image/png;base64,' in body
    assert 'class="code-lines"' in body
    assert "<textarea" in body and "class Member {" in body


@pytest.mark.django_db
def test_unsafe_corrected_code_is_refused_and_nothing_changes(
    staff_client, alice, rendered_diagram
):
    diagram = rendered_diagram(alice)
    versions = DiagramVersion.objects.filter(diagram=diagram).count()

    response = staff_client.post(
        reverse("admin:diagrams_diagram_correct", args=[diagram.pk]),
        {"code": "@startuml\n!include /etc/passwd\n@enduml", "note": "try"},
    )

    assert response.status_code == 400
    assert "include" in response.content.decode()
    fresh = Diagram.objects.get(pk=diagram.pk)
    assert fresh.plantuml == diagram.plantuml and fresh.status == Diagram.Status.DONE
    assert fresh.review_state == ReviewState.UNREVIEWED
    assert DiagramVersion.objects.filter(diagram=diagram).count() == versions


@pytest.mark.django_db
def test_correcting_a_missing_diagram_answers_404(staff_client):
    response = staff_client.get(reverse("admin:diagrams_diagram_correct", args=[999999]))

    assert response.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_correction_is_saved_as_a_version_and_rendered_by_the_worker(
    staff, staff_client, alice, rendered_diagram, celery_workers, wait_for_diagram
):
    """
    GIVEN a rendered diagram whose code is wrong
    WHEN staff save corrected code in the admin
    THEN it is stored as a corrected version by that reviewer, marked corrected, and rendered
    """
    diagram = rendered_diagram(alice)

    response = staff_client.post(
        reverse("admin:diagrams_diagram_correct", args=[diagram.pk]),
        {"code": CORRECTED_CODE.replace("\n", "\r\n"), "note": "Loans link members and books."},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:diagrams_diagram_change", args=[diagram.pk])
    diagram = wait_for_diagram(diagram.pk)
    assert diagram.status == Diagram.Status.DONE
    assert diagram.plantuml == CORRECTED_CODE
    assert "Loan" in diagram.svg and diagram.png
    assert diagram.review_state == ReviewState.CORRECTED
    assert diagram.review_reason == "Loans link members and books."
    assert diagram.reviewed_by == staff
    version = diagram.versions.order_by("-number").first()
    assert version.source == DiagramVersion.Source.CORRECTED
    assert version.author == staff
    assert version.plantuml == CORRECTED_CODE
    assert version.note == "Loans link members and books."


@pytest.mark.django_db
def test_the_review_services_refuse_what_makes_no_sense(staff, alice, rendered_diagram):
    from django.core.exceptions import ValidationError

    diagram = rendered_diagram(alice)
    queued = services.diagram_submit(user=alice, text="A queued shop", requested_type="class")

    with pytest.raises(ValidationError):
        review.diagram_reject(diagram=diagram, reviewer=staff, reason="")
    with pytest.raises(ValidationError):
        review.diagram_reject(diagram=diagram, reviewer=staff, reason="x" * 3000)
    with pytest.raises(ValidationError):
        review.diagram_approve(diagram=queued, reviewer=staff)
    with pytest.raises(ValidationError):
        review.diagram_correct(diagram=queued, reviewer=staff, code=CORRECTED_CODE)
    assert set(Diagram.objects.values_list("review_state", flat=True)) == {"unreviewed"}
