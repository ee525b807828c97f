"""The generation batch and its wait come from the environment, with defaults for local use."""

from tests.conftest import settings_python

SHOW = (
    "from django.conf import settings as s;"
    " print(s.PLANTWEB_GENERATION_BATCH, s.PLANTWEB_BATCH_WAIT_MS)"
)


def _settings(tmp_path, **env: str):
    return settings_python(SHOW, DJANGO_SECRET_KEY="x", PLANTWEB_DATA_DIR=str(tmp_path), **env)


def test_by_default_eight_jobs_and_a_fifth_of_a_second(tmp_path):
    result = _settings(tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["8", "200"]


def test_both_can_be_set(tmp_path):
    result = _settings(tmp_path, PLANTWEB_GENERATION_BATCH="1", PLANTWEB_BATCH_WAIT_MS="0")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "0"]


def test_a_batch_below_one_is_refused_by_name(tmp_path):
    result = _settings(tmp_path, PLANTWEB_GENERATION_BATCH="0")

    assert result.returncode != 0
    assert "PLANTWEB_GENERATION_BATCH must be at least 1" in result.stderr
