"""`manage.py` in a checkout that `make run` set up uses its generated secret key."""

import os
import shutil
import subprocess
import sys

from tests.conftest import ROOT

PRINT_KEY = "from django.conf import settings; print(settings.SECRET_KEY)"


def _manage(checkout, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PLANTWEB_"))}
    return subprocess.run(
        [sys.executable, str(checkout / "manage.py"), *args],
        cwd=checkout,
        env={**clean, "PYTHONPATH": str(ROOT), "PLANTWEB_DATA_DIR": str(checkout / "data"), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_manage_py_uses_the_key_that_make_run_generated(tmp_path):
    """
    GIVEN a checkout where `make run` wrote var/secret_key, and no DJANGO_SECRET_KEY exported
    WHEN an operator runs a management command (createsuperuser, say)
    THEN it runs with that key instead of stopping with "Set DJANGO_SECRET_KEY"
    """
    shutil.copy(ROOT / "manage.py", tmp_path)
    without_key = _manage(tmp_path, "shell", "-c", PRINT_KEY)
    assert without_key.returncode != 0 and "Set DJANGO_SECRET_KEY" in without_key.stderr

    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "secret_key").write_text("key-written-by-make-run\n")
    with_file = _manage(tmp_path, "shell", "-c", PRINT_KEY)
    exported = _manage(tmp_path, "shell", "-c", PRINT_KEY, DJANGO_SECRET_KEY="exported-key")

    assert with_file.returncode == 0, with_file.stderr
    assert with_file.stdout.strip().splitlines()[-1] == "key-written-by-make-run"
    assert exported.stdout.strip().splitlines()[-1] == "exported-key"
