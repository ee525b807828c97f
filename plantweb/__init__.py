"""PlantWeb's Django project: settings, URLs, WSGI/ASGI entry points and the Celery app."""

# Importing the Celery app here makes `shared_task` and `.delay()` use it in every process.
from plantweb.celery import app as celery_app

__all__ = ("celery_app",)
