"""The API's answers to a user past the jobs-in-flight cap (429) or a storage quota (403)."""

import pytest

from diagrams.models import Diagram, DiagramVersion

pytestmark = pytest.mark.django_db
SCENARIO = {"scenario": "A library lends books to its members."}
CODE = {"code": "@startuml\nclass A\n@enduml"}


def test_a_job_past_the_cap_answers_429_with_retry_after_and_the_reason(
    alice_api, bob_api, settings
):
    settings.PLANTWEB_MAX_JOBS_IN_FLIGHT = 2

    answers = [
        alice_api.post("/api/v1/diagrams/", SCENARIO, format="json"),
        alice_api.post("/api/v1/renders/", CODE, format="json"),
        alice_api.post("/api/v1/diagrams/", SCENARIO, format="json"),
        alice_api.post("/api/v1/renders/", CODE, format="json"),
    ]

    assert [a.status_code for a in answers] == [202, 202, 429, 429]
    assert int(answers[2]["Retry-After"]) > 0
    assert answers[2].json() == {
        "detail": [
            "You already have 2 diagrams being made, the most at once; wait for one to finish,"
            " then try again."
        ]
    }
    assert Diagram.objects.count() == 2
    assert bob_api.post("/api/v1/diagrams/", SCENARIO, format="json").status_code == 202


def test_a_render_past_the_render_cap_answers_429_and_other_jobs_still_go(
    alice_api, bob_api, settings
):
    settings.PLANTWEB_MAX_JOBS_IN_FLIGHT = 5
    settings.PLANTWEB_MAX_RENDERS_IN_FLIGHT = 2

    renders = [alice_api.post("/api/v1/renders/", CODE, format="json") for _ in range(3)]

    assert [r.status_code for r in renders] == [202, 202, 429]
    assert int(renders[2]["Retry-After"]) > 0
    assert renders[2].json() == {
        "detail": [
            "You already have 2 diagrams being drawn, the most at once; wait for one to finish,"
            " then try again."
        ]
    }
    # A code edit of another diagram is a render too; a scenario is not, and bob is not held.
    first = renders[0].json()["id"]
    Diagram.objects.filter(pk=first).update(status=Diagram.Status.DONE)
    assert alice_api.post("/api/v1/renders/", CODE, format="json").status_code == 202
    edit = alice_api.put(f"/api/v1/diagrams/{first}/code/", CODE, format="json")
    assert edit.status_code == 429
    assert alice_api.post("/api/v1/diagrams/", SCENARIO, format="json").status_code == 202
    assert bob_api.post("/api/v1/renders/", CODE, format="json").status_code == 202
    assert Diagram.objects.filter(scenario__owner__username="alice").count() == 4


def test_editing_a_diagram_that_is_rendering_takes_no_new_render_place(alice_api, settings):
    settings.PLANTWEB_MAX_RENDERS_IN_FLIGHT = 1
    first = alice_api.post("/api/v1/renders/", CODE, format="json").json()["id"]

    edit = alice_api.put(f"/api/v1/diagrams/{first}/code/", CODE, format="json")

    assert edit.status_code == 202
    assert DiagramVersion.objects.filter(diagram_id=first).count() == 2


def test_a_refine_past_the_cap_answers_429(alice, alice_api, rendered_diagram, settings):
    diagram = rendered_diagram(alice)
    settings.PLANTWEB_MAX_JOBS_IN_FLIGHT = 1
    alice_api.post("/api/v1/diagrams/", SCENARIO, format="json")

    response = alice_api.post(
        f"/api/v1/diagrams/{diagram.pk}/refine/", {"request": "Add a fine."}, format="json"
    )

    assert response.status_code == 429
    assert Diagram.objects.get(pk=diagram.pk).status == "done"


def test_a_diagram_past_the_quota_answers_403_with_the_reason(alice_api, settings):
    settings.PLANTWEB_QUOTA_DIAGRAMS = 1
    alice_api.post("/api/v1/renders/", CODE, format="json")

    response = alice_api.post("/api/v1/diagrams/", SCENARIO, format="json")

    assert response.status_code == 403
    assert "the most one account may keep" in response.json()["detail"][0]
    assert Diagram.objects.count() == 1


def test_a_version_past_the_quota_answers_403(alice, alice_api, rendered_diagram, settings):
    diagram = rendered_diagram(alice)
    DiagramVersion.objects.create(diagram=diagram, number=1, source="generated")
    settings.PLANTWEB_QUOTA_VERSIONS = 1

    response = alice_api.put(f"/api/v1/diagrams/{diagram.pk}/code/", CODE, format="json")

    assert response.status_code == 403
    assert "This diagram has 1 versions" in response.json()["detail"][0]
    assert Diagram.objects.get(pk=diagram.pk).plantuml != CODE["code"]
