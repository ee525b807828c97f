"""The Celery app: generation on the "gpu" queue, rendering on the "render" queue.

Job state and results live in the database, so no result backend is configured. Tasks are
acknowledged only after they finish (acks_late) and are idempotent, so a task redelivered
after a worker died does its work at most once.
"""

import logging
import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plantweb.settings")

logger = logging.getLogger(__name__)

app = Celery("plantweb")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_ignore_result=True,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_routes={
        "diagrams.tasks.generate_diagram": {"queue": "gpu"},
        "diagrams.tasks.render_diagram": {"queue": "render"},
    },
    broker_connection_retry_on_startup=True,
)
app.autodiscover_tasks()


@worker_process_init.connect
def warm_model(**kwargs) -> None:
    """Loads the model when a GPU worker process starts, so the first job does not wait for it.

    Only the GPU worker sets PLANTWEB_WARM_MODEL=1: the render worker and the web server never
    load a model.
    """
    if os.environ.get("PLANTWEB_WARM_MODEL") != "1":
        return
    from worker.model import ModelNotConfigured, get_model

    try:
        loaded = get_model()
    except ModelNotConfigured as error:
        # Jobs will fail with this message too; the worker stays up to report it.
        logger.warning("%s", error)
    else:
        logger.info("Model %s ready on %s", loaded.name, loaded.device)
