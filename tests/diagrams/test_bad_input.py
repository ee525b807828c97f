"""Bad input gets a clear error, stores nothing and changes nothing; the server never fails."""

import pytest
from django.urls import reverse

from diagrams.models import Diagram, Scenario

pytestmark = pytest.mark.django_db


def _post_scenario(client, text: str, **extra):
    return client.post(reverse("home"), {"text": text, "requested_type": "auto"}, **extra)


def test_an_empty_scenario_is_refused(alice_client):
    response = _post_scenario(alice_client, "   \n\t ")

    assert response.status_code == 400
    assert "The scenario is empty." in response.content.decode()
    assert not Scenario.objects.exists()


def test_a_scenario_over_the_limit_is_refused(alice_client, settings):
    settings.PLANTWEB_SCENARIO_MAX_CHARS = 20000
    response = _post_scenario(alice_client, "a" * 20001)

    assert response.status_code == 400
    assert "The scenario is 20,001 characters long; the limit is 20,000." in (
        response.content.decode()
    )
    assert not Scenario.objects.exists() and not Diagram.objects.exists()
    # The whole text comes back in the box, for the user to shorten rather than type again.
    assert ">\n" + "a" * 20001 + "</textarea>" in response.content.decode()


def test_a_scenario_at_the_limit_is_accepted(alice_client, settings):
    settings.PLANTWEB_SCENARIO_MAX_CHARS = 20000
    response = _post_scenario(alice_client, "a" * 20000)

    assert response.status_code == 302
    assert Scenario.objects.get().text == "a" * 20000


def test_htmx_gets_the_error_in_the_form(alice_client):
    response = _post_scenario(alice_client, "", HTTP_HX_REQUEST="true")

    body = response.content.decode()
    # htmx only swaps successful answers, so the error comes back as 200 with the form.
    assert response.status_code == 200
    assert "The scenario is empty." in body
    assert 'id="diagram-status"' not in body
    assert not Scenario.objects.exists()


def test_bytes_that_are_not_utf8_are_refused(alice_client):
    body = b"text=A+shop+%FF%FE+sells+books&requested_type=auto"
    response = alice_client.post(
        reverse("home"), body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert "not valid UTF-8" in response.content.decode()
    assert not Scenario.objects.exists()


def test_a_nul_character_is_refused(alice_client):
    response = _post_scenario(alice_client, "A shop\x00 sells books")

    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    assert not Scenario.objects.exists()


@pytest.fixture
def done(rendered_diagram, alice) -> Diagram:
    diagram = rendered_diagram(alice)
    assert diagram.status == "done"
    return diagram


@pytest.mark.parametrize(
    "code, message",
    [
        ("@startuml\n!include /etc/passwd\n@enduml", "Line 2: !include is not allowed"),
        ("@startuml\n!includeurl http://example.com/x\n@enduml", "Line 2: !includeurl is not"),
        ('@startuml\nclass A\nnote: %getenv("HOME")\n@enduml', "Line 3: %getenv is not allowed"),
        ("   ", "The PlantUML code is empty."),
        ("@startuml\nclass A\x00\n@enduml", "Null characters are not allowed."),
        # PlantUML skips these in front of a directive; they are dropped, and the rest refused.
        ("@startuml\n\x01!include /etc/passwd\n@enduml", "Line 2: !include is not allowed"),
        ("@startuml\n\ufeff\u200b!inc\u200dlude /etc/passwd\n@enduml", "Line 2: !include is"),
        ('@startuml\n!$s = "ab"\n!while 1\n!$s = $s + $s\n!endwhile\n@enduml', "Line 3: !while"),
    ],
)
def test_unsafe_or_empty_code_is_refused_and_nothing_changes(alice_client, done, code, message):
    response = alice_client.post(reverse("diagram_edit_code", args=[done.pk]), {"code": code})

    assert response.status_code == 400
    assert message in response.content.decode()
    after = Diagram.objects.get(pk=done.pk)
    assert (after.status, after.plantuml, bytes(after.png)) == (
        "done",
        done.plantuml,
        bytes(done.png),
    )


@pytest.mark.django_db(transaction=True)
def test_invisible_characters_are_dropped_from_edited_code_and_it_renders(
    alice_client, done, celery_workers, wait_for_diagram
):
    code = "\ufeff@startuml\nclass Sh\u200bop\x01\nSh\u200bop : total\u00a0price\n@enduml"
    response = alice_client.post(reverse("diagram_edit_code", args=[done.pk]), {"code": code})

    assert response.status_code == 302
    diagram = wait_for_diagram(done.pk)
    assert diagram.status == "done", diagram.error_message
    assert diagram.plantuml == "@startuml\nclass Shop\nShop : total\u00a0price\n@enduml"
    assert ">Shop<" in diagram.svg


def test_unsafe_code_over_htmx_shows_the_error_in_the_editor(alice_client, done):
    response = alice_client.post(
        reverse("diagram_edit_code", args=[done.pk]),
        {"code": "@startuml\n!include /etc/passwd\n@enduml"},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "!include is not allowed" in body
    # The code stays in the editor for the user to fix.
    assert "!include /etc/passwd" in body
    assert Diagram.objects.get(pk=done.pk).plantuml == done.plantuml


def test_code_over_the_limit_is_refused(alice_client, done, settings):
    settings.PLANTWEB_CODE_MAX_CHARS = 100
    code = "@startuml\n" + "class A\n" * 20 + "@enduml"

    response = alice_client.post(reverse("diagram_edit_code", args=[done.pk]), {"code": code})

    assert response.status_code == 400
    assert "the limit is 100." in response.content.decode()
    assert Diagram.objects.get(pk=done.pk).plantuml == done.plantuml


def test_code_bytes_that_are_not_utf8_are_refused(alice_client, done):
    response = alice_client.post(
        reverse("diagram_edit_code", args=[done.pk]),
        b"code=%40startuml%0Aclass+%FF%0A%40enduml",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert "not valid UTF-8" in response.content.decode()
    assert Diagram.objects.get(pk=done.pk).plantuml == done.plantuml
