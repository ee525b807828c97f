"""One user cannot crowd out the others: the forms' rates, jobs at once, and storage quotas."""

import pytest
from django.urls import reverse

from diagrams import limits, services
from diagrams.models import Diagram, DiagramVersion

pytestmark = pytest.mark.django_db
SCENARIO = "A library lends books to its members."
CODE = "@startuml\nclass Member\nclass Book\nMember -- Book\n@enduml"


def _submit(client, text: str = SCENARIO, **extra):
    return client.post(reverse("home"), {"text": text, "requested_type": "auto"}, **extra)


def _edit(client, diagram, code: str = CODE, **extra):
    return client.post(reverse("diagram_edit_code", args=[diagram.pk]), {"code": code}, **extra)


@pytest.fixture
def done(rendered_diagram, alice) -> Diagram:
    diagram = rendered_diagram(alice)
    assert diagram.status == "done"
    return diagram


# --- Rates: the API's own, counted together ----------------------------------------------------


def test_it_refuses_submissions_from_the_form_past_the_submit_rate(
    alice_client, bob_client, settings
):
    settings.PLANTWEB_API_SUBMIT_RATE = "2/min"

    answers = [_submit(alice_client) for _ in range(3)]

    assert [a.status_code for a in answers] == [302, 302, 429]
    assert 0 < int(answers[2]["Retry-After"]) <= 60
    assert "You are sending these too quickly; wait" in answers[2].content.decode()
    # The text stays in the form, nothing is lost.
    assert SCENARIO in answers[2].content.decode()
    assert Diagram.objects.count() == 2
    assert _submit(bob_client).status_code == 302


def test_it_counts_the_form_and_the_api_against_one_budget(alice, alice_client, settings):
    from rest_framework.test import APIClient

    settings.PLANTWEB_API_SUBMIT_RATE = "2/min"
    api = APIClient()
    api.force_authenticate(alice)

    assert api.post("/api/v1/diagrams/", {"scenario": SCENARIO}, format="json").status_code == 202
    assert _submit(alice_client).status_code == 302
    assert api.post("/api/v1/diagrams/", {"scenario": SCENARIO}, format="json").status_code == 429
    assert _submit(alice_client).status_code == 429


def test_it_refuses_code_edits_past_the_render_rate(alice_client, done, settings):
    settings.PLANTWEB_API_RENDER_RATE = "2/min"

    answers = [_edit(alice_client, done) for _ in range(3)]

    assert [a.status_code for a in answers] == [302, 302, 429]
    assert done.versions.count() == 2


def test_a_refused_refine_over_htmx_shows_the_message_in_its_form(alice_client, done, settings):
    settings.PLANTWEB_API_SUBMIT_RATE = "1/min"
    url = reverse("diagram_refine", args=[done.pk])
    _submit(alice_client)

    response = alice_client.post(url, {"request": "Add a fine."}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200  # htmx swaps only successful answers.
    assert "You are sending these too quickly" in response.content.decode()
    assert Diagram.objects.get(pk=done.pk).status == "done"


def test_it_refuses_restores_past_the_render_rate(alice_client, done, settings):
    settings.PLANTWEB_API_RENDER_RATE = "1/min"
    _edit(alice_client, done)

    response = alice_client.post(reverse("version_restore", args=[done.pk, 1]))

    assert response.status_code == 429
    assert "too quickly" in response.content.decode()
    assert done.versions.count() == 1


# --- Jobs at once --------------------------------------------------------------------------------


def test_it_refuses_a_job_past_the_number_in_flight_with_a_clear_message(
    alice_client, bob_client, settings
):
    settings.PLANTWEB_MAX_JOBS_IN_FLIGHT = 2

    answers = [_submit(alice_client) for _ in range(3)]

    assert [a.status_code for a in answers] == [302, 302, 400]
    assert "You already have 2 diagrams being made, the most at once" in (
        answers[2].content.decode()
    )
    assert Diagram.objects.filter(status="queued").count() == 2
    # Other users are not held back by alice's jobs.
    assert _submit(bob_client).status_code == 302


def test_a_finished_job_frees_its_place(alice, alice_client, settings):
    settings.PLANTWEB_MAX_JOBS_IN_FLIGHT = 1
    assert _submit(alice_client).status_code == 302
    assert _submit(alice_client).status_code == 400

    Diagram.objects.update(status=Diagram.Status.FAILED)

    assert _submit(alice_client).status_code == 302


def test_editing_a_diagram_that_is_rendering_again_takes_no_new_place(alice_client, done, settings):
    settings.PLANTWEB_MAX_JOBS_IN_FLIGHT = 1
    assert _edit(alice_client, done).status_code == 302  # Now rendering: the one place.

    assert _edit(alice_client, done, CODE.replace("Book", "Loan")).status_code == 302
    assert _submit(alice_client).status_code == 400


def test_it_refuses_a_code_edit_past_the_renders_in_flight_with_a_clear_message(
    alice, alice_client, done, settings
):
    settings.PLANTWEB_MAX_RENDERS_IN_FLIGHT = 1
    services.diagram_submit_code(user=alice, code=CODE)  # Rendering: the one place.
    versions = done.versions.count()

    response = _edit(alice_client, done, CODE.replace("Book", "Loan"))

    assert response.status_code == 400
    assert "You already have 1 diagrams being drawn, the most at once" in (
        response.content.decode()
    )
    done.refresh_from_db()
    assert (done.status, done.versions.count()) == ("done", versions)


def test_an_over_htmx_submission_past_the_cap_shows_the_message(alice_client, settings):
    settings.PLANTWEB_MAX_JOBS_IN_FLIGHT = 1
    _submit(alice_client)

    response = _submit(alice_client, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "diagrams being made, the most at once" in response.content.decode()


# --- Storage quotas ------------------------------------------------------------------------------


def test_it_refuses_a_diagram_past_the_diagram_quota_until_one_is_deleted(
    alice_client, done, settings
):
    settings.PLANTWEB_QUOTA_DIAGRAMS = 1

    refused = _submit(alice_client)

    assert refused.status_code == 400
    assert "You have 1 diagrams, the most one account may keep" in refused.content.decode()
    alice_client.post(reverse("diagram_delete", args=[done.pk]))
    assert _submit(alice_client).status_code == 302


def test_it_refuses_a_version_past_the_version_quota_and_changes_nothing(
    alice_client, done, settings
):
    settings.PLANTWEB_QUOTA_VERSIONS = 2
    for number in (1, 2):
        DiagramVersion.objects.create(
            diagram=done, number=number, source="generated", plantuml=done.plantuml
        )

    edit = _edit(alice_client, done, CODE.replace("Book", "Loan"))
    restore = alice_client.post(reverse("version_restore", args=[done.pk, 1]))
    refine = alice_client.post(reverse("diagram_refine", args=[done.pk]), {"request": "Add X."})

    for response in (edit, restore, refine):
        assert response.status_code == 400
        assert "This diagram has 2 versions, the most one diagram may keep" in (
            response.content.decode()
        )
    assert DiagramVersion.objects.filter(diagram=done).count() == 2
    assert Diagram.objects.get(pk=done.pk).plantuml == done.plantuml


def test_it_refuses_new_work_once_the_storage_quota_is_full(alice, alice_client, done, settings):
    used = limits.storage_used(user=alice)
    # The code, the PNG and the SVG, each byte counted.
    assert used == len(done.plantuml) + len(bytes(done.png)) + len(done.svg)
    settings.PLANTWEB_QUOTA_BYTES = used

    submit = _submit(alice_client)
    edit = _edit(alice_client, done)

    for response in (submit, edit):
        assert response.status_code == 400
        assert "of storage, over your" in response.content.decode()
    settings.PLANTWEB_QUOTA_BYTES = used + 1
    assert _submit(alice_client).status_code == 302


def test_a_limit_set_to_zero_is_off(alice_client, settings):
    settings.PLANTWEB_MAX_JOBS_IN_FLIGHT = 0
    settings.PLANTWEB_QUOTA_DIAGRAMS = 0

    assert [_submit(alice_client).status_code for _ in range(7)] == [302] * 7
