"""WSGI entry point (gunicorn plantweb.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plantweb.settings")

application = get_wsgi_application()
