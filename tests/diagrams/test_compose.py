"""docker-compose.yml runs the PlantUML release the tests run, and takes its settings from .env."""

import os
import re
import shutil
import subprocess

import pytest
import yaml

from tests.conftest import ROOT

APP_SERVICES = ("migrate", "web", "worker-gpu", "worker-render")
# Every security and fair-use setting an operator may put in .env.
PASSED_THROUGH = {
    "DJANGO_SECURE_PROXY_SSL": "1",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    "DJANGO_SECURE_HSTS_PRELOAD": "1",
    "PLANTWEB_TRUSTED_PROXIES": "2",
    "PLANTWEB_API_SUBMIT_RATE": "7/min",
    "PLANTWEB_API_RENDER_RATE": "70/min",
    "PLANTWEB_MAX_JOBS_IN_FLIGHT": "3",
    "PLANTWEB_QUOTA_DIAGRAMS": "50",
    "PLANTWEB_QUOTA_VERSIONS": "20",
    "PLANTWEB_QUOTA_BYTES": "1000000",
    "PLANTWEB_SCENARIO_MAX_CHARS": "5000",
    "PLANTWEB_CODE_MAX_CHARS": "6000",
    "PLANTWEB_RENDER_MAX_CHARS": "7000",
    "PLANTWEB_LOGIN_FAILURES_PER_ACCOUNT": "4",
    "PLANTWEB_LOGIN_FAILURES_PER_ADDRESS": "40",
    "PLANTWEB_LOGIN_LOCKOUT_SECONDS": "600",
    "PLANTWEB_SIGNUPS_PER_HOUR": "3",
    "EMAIL_HOST": "smtp.example.com",
    "EMAIL_PORT": "465",
    "EMAIL_HOST_USER": "plantweb",
    "EMAIL_HOST_PASSWORD": "mail-secret",
    "EMAIL_USE_SSL": "1",
    "DEFAULT_FROM_EMAIL": "PlantWeb <plantweb@example.com>",
}


def test_the_plantuml_server_image_is_the_release_make_run_uses():
    script = (ROOT / "scripts" / "fetch_plantuml.sh").read_text()
    version = re.search(r'^VERSION="([\d.]+)"', script, re.MULTILINE).group(1)
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())

    assert compose["services"]["plantuml"]["image"] == f"plantuml/plantuml-server:jetty-v{version}"
    assert compose["services"]["plantuml"]["environment"]["PLANTUML_SECURITY_PROFILE"] == "SANDBOX"


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose not installed")
def test_security_and_fair_use_settings_reach_every_application_container():
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "compose-check",
        "POSTGRES_PASSWORD": "compose-check",
        **PASSED_THROUGH,
    }
    result = subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]

    for name in APP_SERVICES:
        environment = services[name]["environment"]
        assert {k: str(environment.get(k)) for k in PASSED_THROUGH} == PASSED_THROUGH, name
