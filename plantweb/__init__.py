"""PlantWeb's Django project: settings, URLs, WSGI/ASGI entry points and the Celery app."""

# Importing the Celery app here makes `shared_task` and `.delay()` use it in every process.
try:
    from plantweb.celery import app as celery_app
except ModuleNotFoundError as error:
    # The `plantweb` command-line client may be installed on its own, without the server's
    # packages; it never uses the Celery app.
    if error.name != "celery":
        raise
    celery_app = None

__all__ = ("celery_app",)
