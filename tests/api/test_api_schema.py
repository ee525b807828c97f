"""The OpenAPI schema, the Swagger UI from local files, and generated calls against the schema."""

from io import StringIO

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts import services as account_services

# Enough generated calls to reach every operation a few times, in well under a minute.
GENERATED_CALLS = 60


@pytest.mark.django_db
def test_the_schema_describes_every_endpoint(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/diagrams/",
        "/api/v1/diagrams/{id}/",
        "/api/v1/diagrams/{id}/code/",
        "/api/v1/diagrams/{id}/refine/",
        "/api/v1/diagrams/{id}/retry/",
        "/api/v1/diagrams/{id}/versions/",
        "/api/v1/diagrams/{id}/diagram.png",
        "/api/v1/diagrams/{id}/diagram.svg",
        "/api/v1/diagrams/{id}/diagram.puml",
        "/api/v1/renders/",
    }
    submit = schema["paths"]["/api/v1/diagrams/"]["post"]["responses"]
    assert {"202", "400", "401", "429"} <= set(submit)
    png = schema["paths"]["/api/v1/diagrams/{id}/diagram.png"]["get"]["responses"]["200"]
    assert png["content"]["image/png"]["schema"] == {"type": "string", "format": "binary"}
    assert "tokenAuth" in schema["components"]["securitySchemes"]


@pytest.mark.django_db
def test_the_schema_validates_without_warnings(tmp_path):
    # --fail-on-warn raises on any warning or error.
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(tmp_path / "s.yaml"),
        stderr=StringIO(),
    )

    assert (tmp_path / "s.yaml").read_text().startswith("openapi: 3.0.3")


@pytest.mark.django_db
def test_the_swagger_ui_is_served_from_local_static_files(client):
    page = client.get("/api/docs/")

    assert page.status_code == 200
    body = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in body
    assert "cdn" not in body.lower()
    script = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert script.status_code == 200


@pytest.fixture
def live_schema(live_server, alice, settings):
    """The schema as the live server publishes it, and the headers of a valid token."""
    # Generated calls come fast; the rate limits have their own tests.
    settings.PLANTWEB_API_SUBMIT_RATE = "10000/min"
    settings.PLANTWEB_API_RENDER_RATE = "10000/min"
    _, key = account_services.api_token_create(user=alice, name="schemathesis")
    auth = {"Authorization": f"Token {key}"}
    return schemathesis.openapi.from_url(f"{live_server.url}/api/schema/", headers=auth), auth


def _run(schema, auth: dict, base_url: str, mode: GenerationMode, checks: list) -> None:
    @hypothesis_settings(
        max_examples=GENERATED_CALLS,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=schema.as_strategy(generation_mode=mode))
    def call(case):
        case.call_and_validate(base_url=base_url, headers=auth, checks=checks)

    call()


def test_generated_valid_calls_get_answers_that_match_the_schema(live_schema, live_server):
    """GIVEN the live schema and a valid token, WHEN schemathesis sends requests generated from
    it to every operation, THEN none is a server error and every answer matches the schema."""
    schema, auth = live_schema
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
    _run(schema, auth, live_server.url, GenerationMode.POSITIVE, checks)


def test_generated_invalid_calls_get_documented_client_errors(live_schema, live_server):
    """GIVEN the live schema, WHEN schemathesis sends requests that break it (wrong types,
    missing fields, odd values), THEN each is answered with a documented status and type,
    never a server error."""
    schema, auth = live_schema
    checks = [not_a_server_error, status_code_conformance, content_type_conformance]
    _run(schema, auth, live_server.url, GenerationMode.NEGATIVE, checks)
