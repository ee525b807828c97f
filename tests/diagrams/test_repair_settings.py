"""The repair budget and the token limit come from the environment, with the model's own default."""

from tests.conftest import settings_python

SHOW = (
    "from django.conf import settings as s;"
    " print(s.PLANTWEB_REPAIR_BUDGET, s.PLANTWEB_MAX_NEW_TOKENS)"
)


def test_by_default_eight_candidates_and_the_models_own_token_limit(tmp_path):
    result = settings_python(SHOW, DJANGO_SECRET_KEY="x", PLANTWEB_DATA_DIR=str(tmp_path))

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["8", "None"]


def test_both_can_be_set(tmp_path):
    result = settings_python(
        SHOW,
        DJANGO_SECRET_KEY="x",
        PLANTWEB_DATA_DIR=str(tmp_path),
        PLANTWEB_REPAIR_BUDGET="1",
        PLANTWEB_MAX_NEW_TOKENS="256",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "256"]


def test_a_budget_below_one_is_refused_by_name(tmp_path):
    result = settings_python(
        SHOW, DJANGO_SECRET_KEY="x", PLANTWEB_DATA_DIR=str(tmp_path), PLANTWEB_REPAIR_BUDGET="0"
    )

    assert result.returncode != 0
    assert "PLANTWEB_REPAIR_BUDGET must be at least 1" in result.stderr
