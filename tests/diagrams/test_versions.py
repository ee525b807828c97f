"""A diagram's versions: listed on its page, compared as a code diff, viewed and restored."""

import pytest
from django.urls import reverse

from diagrams import pipeline, services
from diagrams.models import Diagram, DiagramVersion

FIRST = "@startuml\nclass Member\nclass Book\nMember -- Book\n@enduml"
SECOND = "@startuml\nclass Member\nclass Loan\nMember -- Loan : <script>x</script>\n@enduml"


@pytest.fixture
def two_versions(plantuml_settings):
    """A diagram submitted as code, then edited: two rendered versions."""

    def make(user) -> Diagram:
        diagram = services.diagram_submit_code(user=user, code=FIRST, title="Library")
        pipeline.diagram_render(diagram_id=diagram.pk)
        services.diagram_update_code(user=user, diagram=diagram, code=SECOND)
        pipeline.diagram_render(diagram_id=diagram.pk)
        return Diagram.objects.get(pk=diagram.pk)

    return make


@pytest.mark.django_db
def test_the_detail_page_lists_versions_with_who_made_them_and_a_diff_form(
    alice, alice_client, two_versions
):
    diagram = two_versions(alice)

    page = alice_client.get(reverse("diagram_detail", args=[diagram.pk])).content.decode()

    assert 'data-testid="version-1"' in page and 'data-testid="version-2"' in page
    assert "Edited by hand" in page
    assert "alice" in page
    assert page.count("Rendered</span>") == 2
    # A plain GET form: comparing works without JavaScript.
    assert (
        f'<form class="diff-pick" method="get" action="/diagrams/{diagram.pk}/versions/diff/"'
        in page
    )
    assert '<option value="1" selected>Version 1</option>' in page


@pytest.mark.django_db
def test_the_diff_shows_removed_and_added_lines_escaped(alice, alice_client, two_versions):
    diagram = two_versions(alice)

    response = alice_client.get(reverse("version_diff", args=[diagram.pk]), {"old": 1, "new": 2})

    body = response.content.decode()
    assert response.status_code == 200
    assert '<span class="diff-file">--- Version 1</span>' in body
    assert '<span class="diff-del">-class Book</span>' in body
    assert '<span class="diff-add">+class Loan</span>' in body
    assert '<span class="diff-same"> class Member</span>' in body
    assert "&lt;script&gt;x&lt;/script&gt;" in body and "<script>x" not in body


@pytest.mark.parametrize("query", [{"old": 1, "new": 9}, {"old": "x", "new": 2}, {}])
@pytest.mark.django_db
def test_a_diff_of_versions_that_do_not_exist_is_a_clear_400(
    alice, alice_client, two_versions, query
):
    diagram = two_versions(alice)

    response = alice_client.get(reverse("version_diff", args=[diagram.pk]), query)

    assert response.status_code == 400
    assert 'class="errors"' in response.content.decode()


@pytest.mark.django_db
def test_a_version_page_shows_its_image_and_code(alice, alice_client, two_versions):
    diagram = two_versions(alice)
    first = DiagramVersion.objects.get(diagram=diagram, number=1)

    page = alice_client.get(reverse("version_detail", args=[diagram.pk, 1])).content.decode()
    image = alice_client.get(reverse("version_png", args=[diagram.pk, 1]))
    again = alice_client.get(
        reverse("version_png", args=[diagram.pk, 1]), HTTP_IF_NONE_MATCH=image["ETag"]
    )

    assert reverse("version_png", args=[diagram.pk, 1]) in page
    assert "class Book" in page
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image.content == bytes(first.png)
    assert image.content != bytes(diagram.png)
    assert again.status_code == 304


@pytest.mark.django_db
def test_restoring_makes_a_new_version_and_draws_it_again_without_the_model(
    alice, alice_client, two_versions
):
    diagram = two_versions(alice)

    response = alice_client.post(reverse("version_restore", args=[diagram.pk, 1]))
    pipeline.diagram_render(diagram_id=diagram.pk)

    assert response.status_code == 302
    assert response["Location"] == reverse("diagram_detail", args=[diagram.pk])
    diagram.refresh_from_db()
    assert (diagram.status, diagram.plantuml) == ("done", FIRST)
    assert diagram.generated_at is None and diagram.model_name == ""
    restored = DiagramVersion.objects.get(diagram=diagram, number=3)
    assert (restored.source, restored.author, restored.plantuml) == ("restored", alice, FIRST)
    assert restored.note == "Restored from version 1."
    assert restored.has_image


@pytest.mark.django_db
def test_a_version_cannot_be_restored_while_the_model_writes(alice, alice_client, two_versions):
    diagram = two_versions(alice)
    Diagram.objects.filter(pk=diagram.pk).update(status="generating")

    response = alice_client.post(reverse("version_restore", args=[diagram.pk, 1]))

    assert response.status_code == 400
    assert "still writing this diagram" in response.content.decode()
    assert DiagramVersion.objects.filter(diagram=diagram).count() == 2


@pytest.mark.django_db
def test_another_users_versions_diffs_and_restores_are_404(alice, bob_client, two_versions):
    diagram = two_versions(alice)

    answers = [
        bob_client.get(reverse("version_detail", args=[diagram.pk, 1])),
        bob_client.get(reverse("version_png", args=[diagram.pk, 1])),
        bob_client.get(reverse("version_diff", args=[diagram.pk]), {"old": 1, "new": 2}),
        bob_client.post(reverse("version_restore", args=[diagram.pk, 1])),
    ]

    assert [a.status_code for a in answers] == [404, 404, 404, 404]
    assert DiagramVersion.objects.filter(diagram=diagram).count() == 2
    assert Diagram.objects.get(pk=diagram.pk).plantuml == SECOND


@pytest.mark.django_db
def test_a_version_that_does_not_exist_is_404(alice, alice_client, two_versions):
    diagram = two_versions(alice)

    assert alice_client.get(reverse("version_detail", args=[diagram.pk, 7])).status_code == 404
    assert alice_client.post(reverse("version_restore", args=[diagram.pk, 7])).status_code == 404
