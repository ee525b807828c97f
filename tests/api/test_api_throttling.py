"""Per-user rate limits on the calls that start work: 429 with Retry-After past the limit."""

import pytest

from diagrams.models import Diagram
from tests.conftest import settings_python

pytestmark = pytest.mark.django_db
SCENARIO = {"scenario": "A library lends books to its members."}
CODE = {"code": "@startuml\nclass A\n@enduml"}


def test_submissions_past_the_rate_answer_429_with_retry_after(alice_api, bob_api, settings):
    settings.PLANTWEB_API_SUBMIT_RATE = "2/min"

    answers = [alice_api.post("/api/v1/diagrams/", SCENARIO, format="json") for _ in range(3)]

    assert [a.status_code for a in answers] == [202, 202, 429]
    refused = answers[2]
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"][0].startswith("Request was throttled.")
    assert Diagram.objects.count() == 2
    # The limit is per user: bob still has his own.
    assert bob_api.post("/api/v1/diagrams/", SCENARIO, format="json").status_code == 202


def test_reading_is_not_limited(alice_api, settings):
    settings.PLANTWEB_API_SUBMIT_RATE = "1/min"

    alice_api.post("/api/v1/diagrams/", SCENARIO, format="json")

    assert [alice_api.get("/api/v1/diagrams/").status_code for _ in range(3)] == [200] * 3


def test_renders_have_their_own_rate(alice_api, settings):
    settings.PLANTWEB_API_RENDER_RATE = "1/min"
    settings.PLANTWEB_API_SUBMIT_RATE = "10/min"

    first = alice_api.post("/api/v1/renders/", CODE, format="json")
    second = alice_api.post("/api/v1/renders/", CODE, format="json")
    scenario = alice_api.post("/api/v1/diagrams/", SCENARIO, format="json")

    assert (first.status_code, second.status_code, scenario.status_code) == (202, 429, 202)
    assert int(second["Retry-After"]) > 0
    code_edit = alice_api.put(f"/api/v1/diagrams/{first.json()['id']}/code/", CODE, format="json")
    assert code_edit.status_code == 429


def test_a_rate_limit_cache_that_cannot_be_reached_does_not_stop_submissions(alice_api, settings):
    unreachable = {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:9/0"}
    settings.CACHES = {"default": unreachable}

    response = alice_api.post("/api/v1/diagrams/", SCENARIO, format="json")

    assert response.status_code == 202
    assert Diagram.objects.get().status == "queued"


@pytest.mark.parametrize(
    "env, backend",
    [
        (
            {"CELERY_BROKER_URL": "redis://127.0.0.1:6399/3"},
            "redis.RedisCache redis://127.0.0.1:6399/3",
        ),
        ({"CACHE_URL": "redis://cache:6379/1"}, "redis.RedisCache redis://cache:6379/1"),
        ({"CACHE_URL": "locmem://"}, "locmem.LocMemCache None"),
        ({"CELERY_BROKER_URL": "amqp://broker//"}, "locmem.LocMemCache None"),
    ],
)
def test_rate_limits_live_in_redis_when_there_is_one(env, backend):
    """Every web process must count against the same limit, so they share the Redis cache."""
    code = (
        "from django.conf import settings as s; c = s.CACHES['default'];"
        "print(c['BACKEND'].rsplit('.', 2)[-2] + '.' + c['BACKEND'].rsplit('.', 1)[-1],"
        " c.get('LOCATION'))"
    )
    result = settings_python(code, DJANGO_SECRET_KEY="x", **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backend


def test_a_cache_url_of_another_kind_is_refused_by_name():
    result = settings_python(
        "import django; django.setup()", DJANGO_SECRET_KEY="x", CACHE_URL="memcached://x"
    )

    assert result.returncode != 0
    assert "CACHE_URL must be redis://... or locmem://" in result.stderr
