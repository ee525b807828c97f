"""Configuration from the environment, and what the web process keeps out of memory."""

from tests.conftest import settings_python


def test_a_secret_key_is_required_unless_debug_is_on(tmp_path):
    result = settings_python("import django; django.setup()", PLANTWEB_DATA_DIR=str(tmp_path))

    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr

    debug = settings_python(
        "import django; django.setup()", DJANGO_DEBUG="1", PLANTWEB_DATA_DIR=str(tmp_path)
    )
    assert debug.returncode == 0, debug.stderr


def test_defaults_are_safe_for_a_local_run(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['NAME'], s.SESSION_COOKIE_SECURE,"
        " s.PLANTWEB_SCENARIO_MAX_CHARS, s.CELERY_BROKER_URL)"
    )
    result = settings_python(code, DJANGO_SECRET_KEY="x", PLANTWEB_DATA_DIR=str(tmp_path))

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "['localhost',",
        "'127.0.0.1']",
        str(tmp_path / "plantweb.sqlite3"),
        "True",
        "20000",
        "redis://127.0.0.1:6379/0",
    ]


def test_a_malformed_number_is_reported_by_name(tmp_path):
    result = settings_python(
        "import django; django.setup()",
        DJANGO_SECRET_KEY="x",
        PLANTWEB_DATA_DIR=str(tmp_path),
        PLANTWEB_SCENARIO_MAX_CHARS="lots",
    )

    assert result.returncode != 0
    assert "PLANTWEB_SCENARIO_MAX_CHARS must be a whole number" in result.stderr


def test_the_web_process_never_loads_the_model_libraries(tmp_path):
    """Serving pages and sending jobs must not import torch or transformers (gigabytes)."""
    code = (
        "import sys, django; django.setup();"
        "import plantweb.urls, plantweb.wsgi, diagrams.views, diagrams.tasks, diagrams.admin;"
        "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))"
    )
    result = settings_python(code, DJANGO_SECRET_KEY="x", PLANTWEB_DATA_DIR=str(tmp_path))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_generation_and_rendering_go_to_their_own_queues():
    from diagrams.tasks import generate_diagram, render_diagram
    from plantweb.celery import app

    router = app.amqp.router
    assert router.route({}, generate_diagram.name)["queue"].name == "gpu"
    assert router.route({}, render_diagram.name)["queue"].name == "render"
    assert generate_diagram.acks_late and render_diagram.acks_late
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_reject_on_worker_lost
