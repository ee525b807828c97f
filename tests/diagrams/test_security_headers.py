"""HTML pages carry a Content-Security-Policy; production settings pass `check --deploy`."""

import os
import re
import subprocess
import sys

import pytest
from django.urls import reverse

from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.parametrize("url", ["/accounts/login/", "/api/docs/"])
def test_html_pages_allow_scripts_from_plantweb_only(client, url):
    policy = _policy(client.get(url))

    assert policy["script-src"] == "script-src 'self'"
    assert policy["object-src"] == "object-src 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert policy["form-action"] == "form-action 'self'"


def test_signed_in_pages_carry_the_policy_and_no_inline_script(
    alice_client, rendered_diagram, alice
):
    diagram = rendered_diagram(alice)
    for url in (reverse("home"), reverse("diagram_history"), diagram.get_absolute_url()):
        response = alice_client.get(url)
        assert "Content-Security-Policy" in response
        # Every script is a file, which the policy allows; an inline one would be blocked.
        scripts = re.findall(r"<script\b([^>]*)>", response.content.decode())
        assert scripts and all("src=" in attributes for attributes in scripts)


def test_the_swagger_ui_starts_from_a_script_file(client):
    page = client.get("/api/docs/").content.decode()

    [start] = re.findall(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', page)
    script = client.get(start.replace("&amp;", "&"))
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
    assert "<script>" not in page


def test_files_are_not_sent_a_page_policy(alice_client, rendered_diagram, alice):
    diagram = rendered_diagram(alice)

    response = alice_client.get(reverse("diagram_png", args=[diagram.pk]))

    assert response["Content-Type"] == "image/png"
    assert "Content-Security-Policy" not in response


# The settings SECURITY.md asks a production deployment for.
PRODUCTION = {
    "DJANGO_SECRET_KEY": "x7" * 32 + "-a-long-random-production-key",
    "DJANGO_ALLOWED_HOSTS": "plantweb.example.com",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://plantweb.example.com",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_SECURE_PROXY_SSL": "1",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    "DJANGO_SECURE_HSTS_PRELOAD": "1",
}


def _check_deploy(**env: str) -> subprocess.CompletedProcess:
    """`manage.py check --deploy` in a fresh process with only these settings in the environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PLANTWEB_"))
        and k not in ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "PLANTUML_URL")
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_with_no_warning():
    result = _check_deploy(**PRODUCTION)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output


def test_check_deploy_names_what_a_bare_deployment_lacks():
    result = _check_deploy(DJANGO_SECRET_KEY=PRODUCTION["DJANGO_SECRET_KEY"])

    output = result.stdout + result.stderr
    assert result.returncode != 0
    for check in ("security.W004", "security.W008"):  # No HSTS, no HTTPS redirect.
        assert check in output, output
