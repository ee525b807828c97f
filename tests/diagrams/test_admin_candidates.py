"""Staff see how many candidates validate-and-repair checked for each diagram."""

import pytest
from django.urls import reverse

from diagrams.models import Diagram

pytestmark = pytest.mark.django_db


def test_the_changelist_and_the_change_page_show_the_candidate_count(
    staff_client, alice, rendered_diagram
):
    diagram = rendered_diagram(alice)
    Diagram.objects.filter(pk=diagram.pk).update(candidates=5)

    listing = staff_client.get(reverse("admin:diagrams_diagram_changelist")).content.decode()
    page = staff_client.get(
        reverse("admin:diagrams_diagram_change", args=[diagram.pk])
    ).content.decode()

    assert "column-candidates" in listing
    assert '<td class="field-candidates">5</td>' in listing
    assert "Candidates" in page
    assert '<div class="readonly">5</div>' in page
