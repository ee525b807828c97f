"""A diagram's owner can share it by an unguessable link that works without an account,
and turn it off again; the link shows that one diagram and nothing else of the owner's."""

import pytest
from django.http import Http404
from django.urls import reverse

from diagrams import sharing
from diagrams.models import Diagram

pytestmark = pytest.mark.django_db

PRIVATE_HEADERS = {
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
}


def _share(client, diagram, on: bool = True):
    return client.post(
        reverse("diagram_share", args=[diagram.pk]), {"share": "on" if on else "off"}
    )


def _token(diagram) -> str | None:
    return Diagram.objects.values_list("share_token", flat=True).get(pk=diagram.pk)


def test_a_diagram_is_not_shared_until_its_owner_shares_it(alice, alice_client, rendered_diagram):
    diagram = rendered_diagram(alice)

    page = alice_client.get(reverse("diagram_detail", args=[diagram.pk])).content.decode()

    assert _token(diagram) is None
    assert "Create a share link" in page


def test_the_link_works_for_someone_logged_out(alice, alice_client, client, rendered_diagram):
    diagram = rendered_diagram(alice)

    response = _share(alice_client, diagram)
    token = _token(diagram)
    page = client.get(reverse("shared_diagram", args=[token]))
    png = client.get(reverse("shared_png", args=[token]))
    svg = client.get(reverse("shared_svg", args=[token]))
    puml = client.get(reverse("shared_puml", args=[token]), {"download": "1"})

    assert response.status_code == 302
    assert len(token) >= 40
    assert page.status_code == 200
    body = page.content.decode()
    assert "class Member {" in body
    assert f'src="/s/{token}/diagram.png"' in body
    assert png.status_code == 200 and bytes(png.content) == bytes(diagram.png)
    assert svg.status_code == 200 and svg.content.decode() == diagram.svg
    assert svg["Content-Security-Policy"].startswith("default-src 'none'")
    assert puml.content.decode() == diagram.plantuml + "\n"
    assert puml["Content-Disposition"].startswith("attachment;")


def test_the_owner_sees_the_link_on_the_detail_page(alice, alice_client, rendered_diagram):
    diagram = rendered_diagram(alice)
    _share(alice_client, diagram)

    page = alice_client.get(reverse("diagram_detail", args=[diagram.pk])).content.decode()

    assert f"http://testserver/s/{_token(diagram)}/" in page
    assert "Stop sharing" in page


def test_htmx_gets_the_share_panel_back(alice, alice_client, rendered_diagram):
    diagram = rendered_diagram(alice)

    response = alice_client.post(
        reverse("diagram_share", args=[diagram.pk]), {"share": "on"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert f"/s/{_token(diagram)}/" in response.content.decode()
    assert 'id="diagram-share"' in response.content.decode()


def test_a_revoked_link_answers_404(alice, alice_client, client, rendered_diagram):
    diagram = rendered_diagram(alice)
    _share(alice_client, diagram)
    token = _token(diagram)

    _share(alice_client, diagram, on=False)

    assert _token(diagram) is None
    for name in ("shared_diagram", "shared_png", "shared_svg", "shared_puml"):
        assert client.get(reverse(name, args=[token])).status_code == 404


def test_sharing_again_makes_a_new_link_and_the_old_one_stays_dead(
    alice, alice_client, client, rendered_diagram
):
    diagram = rendered_diagram(alice)
    first = sharing.diagram_share(user=alice, diagram=diagram)
    sharing.diagram_unshare(user=alice, diagram=diagram)

    second = sharing.diagram_share(user=alice, diagram=diagram)

    assert second != first
    assert client.get(reverse("shared_diagram", args=[first])).status_code == 404
    assert client.get(reverse("shared_diagram", args=[second])).status_code == 200


def test_sharing_twice_keeps_the_same_link(alice, rendered_diagram):
    diagram = rendered_diagram(alice)

    first = sharing.diagram_share(user=alice, diagram=diagram)

    assert sharing.diagram_share(user=alice, diagram=diagram) == first


def test_an_unknown_token_answers_404(client):
    assert client.get(reverse("shared_diagram", args=["not-a-real-token"])).status_code == 404
    assert client.get(reverse("shared_png", args=["x" * 43])).status_code == 404


@pytest.mark.parametrize("name", ["shared_diagram", "shared_png", "shared_svg", "shared_puml"])
def test_a_token_with_a_nul_character_answers_404(client, name):
    assert client.get(reverse(name, args=["abc\x00def"])).status_code == 404


def test_bob_cannot_share_or_unshare_alices_diagram(
    alice, alice_client, bob, bob_client, rendered_diagram
):
    diagram = rendered_diagram(alice)

    shared = _share(bob_client, diagram)
    assert shared.status_code == 404
    assert _token(diagram) is None

    _share(alice_client, diagram)
    token = _token(diagram)
    unshared = _share(bob_client, diagram, on=False)
    assert unshared.status_code == 404
    assert _token(diagram) == token
    with pytest.raises(Http404):
        sharing.diagram_share(user=bob, diagram=diagram)


def test_sharing_needs_a_logged_in_owner_and_a_post(alice, alice_client, client, rendered_diagram):
    diagram = rendered_diagram(alice)
    url = reverse("diagram_share", args=[diagram.pk])

    assert client.post(url, {"share": "on"}).status_code == 302
    assert alice_client.get(url).status_code == 405
    assert alice_client.post(url, {"share": "on"}, csrf=False).status_code == 403
    assert _token(diagram) is None


def test_every_shared_response_keeps_out_of_search_engines_and_shared_caches(
    alice, client, rendered_diagram
):
    diagram = rendered_diagram(alice)
    token = sharing.diagram_share(user=alice, diagram=diagram)
    urls = [
        reverse(name, args=[token])
        for name in ("shared_diagram", "shared_png", "shared_svg", "shared_puml")
    ]
    urls.append(reverse("shared_diagram", args=["revoked-or-unknown"]))

    for url in urls:
        response = client.get(url)
        for header, value in PRIVATE_HEADERS.items():
            assert response[header] == value, (url, header)
        cache_control = response["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, url
        assert "public" not in cache_control

    page = client.get(urls[0]).content.decode()
    assert '<meta name="robots" content="noindex' in page


def test_the_shared_page_shows_nothing_else_of_the_owner(
    alice, alice_client, client, rendered_diagram
):
    other = rendered_diagram(alice, text="Alice's secret payroll system")
    diagram = rendered_diagram(alice)
    Diagram.objects.filter(pk=diagram.pk).update(model_name="secret-model-name")
    token = sharing.diagram_share(user=alice, diagram=diagram)

    body = client.get(reverse("shared_diagram", args=[token])).content.decode()

    assert "class Member {" in body
    for private in (
        "alice",
        "alice@example.com",
        "payroll",
        "secret-model-name",
        reverse("diagram_history"),
        reverse("diagram_detail", args=[diagram.pk]),
        reverse("diagram_detail", args=[other.pk]),
        "Log out",
    ):
        assert private not in body, private


def test_a_diagram_without_an_image_is_shared_without_one(alice, client):
    from diagrams import services

    diagram = services.diagram_submit(user=alice, text="A queued shop", requested_type="class")
    token = sharing.diagram_share(user=alice, diagram=diagram)

    page = client.get(reverse("shared_diagram", args=[token]))

    assert page.status_code == 200
    assert "no image yet" in page.content.decode()
    assert client.get(reverse("shared_png", args=[token])).status_code == 404
