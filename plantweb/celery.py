"""The Celery app: generation on the "gpu" queue, rendering on the "render" queue.

Job state and results live in the database, so no result backend is configured. Tasks are
acknowledged only after they finish (acks_late) and are idempotent, so a task redelivered
after a worker died does its work at most once.

Every worker also keeps a thread that records its heartbeat (with the model it has loaded) and
runs the reaper, which puts back jobs whose worker stopped and re-sends jobs the broker lost:
no separate scheduler has to run.
"""

import logging
import os
import threading
import time

from celery import Celery
from celery.signals import worker_process_init, worker_ready

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
# The generation worker names its model in its heartbeat once it has loaded it.
loaded_model_name = ""
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
        global loaded_model_name
        loaded_model_name = loaded.name
        logger.info("Model %s ready on %s", loaded.name, loaded.device)


@worker_ready.connect
def start_upkeep(sender=None, **kwargs) -> None:
    """Starts the worker's heartbeat and reaper thread once it consumes its queues."""
    hostname = getattr(sender, "hostname", "") or os.uname().nodename
    queues = ",".join(sorted(app.amqp.queues.consume_from or ()))
    thread = threading.Thread(
        target=_upkeep, args=(hostname, queues), name="plantweb-upkeep", daemon=True
    )
    thread.start()


def _upkeep(hostname: str, queues: str) -> None:
    from django.conf import settings
    from django.db import close_old_connections
    from django.utils import timezone

    from diagrams import pipeline
    from diagrams.models import WorkerHeartbeat

    while True:
        try:
            WorkerHeartbeat.objects.update_or_create(
                hostname=hostname[:255],
                defaults={
                    "queues": queues[:255],
                    "model_name": loaded_model_name[:255],
                    "seen_at": timezone.now(),
                },
            )
            counts = pipeline.reap()
            if any(counts.values()):
                logger.warning("Reaper: %s", counts)
        except Exception:
            # The database or broker may be down for a while; try again next time.
            logger.exception("The worker's upkeep failed; trying again")
        finally:
            close_old_connections()
        time.sleep(settings.PLANTWEB_REAPER_INTERVAL)
