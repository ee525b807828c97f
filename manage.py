#!/usr/bin/env python
"""Django's command-line utility for PlantWeb."""

import os
import sys
from pathlib import Path

# The secret key `make run` generates for a local checkout (scripts/run.sh).
LOCAL_SECRET_KEY = Path(__file__).resolve().parent / "var" / "secret_key"


def use_local_secret_key() -> None:
    """In a checkout set up by `make run`, commands use the key the running site uses.

    Without it, `manage.py createsuperuser` next to a local site would stop with "Set
    DJANGO_SECRET_KEY". A key given in the environment always wins.
    """
    if not os.environ.get("DJANGO_SECRET_KEY") and LOCAL_SECRET_KEY.is_file():
        os.environ["DJANGO_SECRET_KEY"] = LOCAL_SECRET_KEY.read_text().strip()


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plantweb.settings")
    use_local_secret_key()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
