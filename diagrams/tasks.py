"""Celery tasks: thin wrappers that take a diagram id and call the pipeline.

Any unexpected error marks the diagram failed with a generic message (the traceback goes to the
worker's log), so a user never watches a job that will not finish.
"""

import logging

from celery import shared_task

from diagrams import pipeline

logger = logging.getLogger(__name__)


@shared_task(bind=True, name=pipeline.GENERATE_TASK, acks_late=True)
def generate_diagram(self, diagram_id: int) -> None:
    try:
        pipeline.diagram_generate(diagram_id=diagram_id, task_id=self.request.id)
    except Exception:
        logger.exception("Generating for the message of diagram %s failed", diagram_id)
        # The message may have taken another diagram's job (the fair order): fail the one it
        # holds. A job it had not claimed yet stays queued, and the reaper sends it again.
        pipeline.fail_held_generation(task_id=self.request.id, message=pipeline.UNEXPECTED_ERROR)


@shared_task(bind=True, name=pipeline.RENDER_TASK, acks_late=True)
def render_diagram(self, diagram_id: int) -> None:
    try:
        pipeline.diagram_render(diagram_id=diagram_id, task_id=self.request.id)
    except Exception:
        logger.exception("Rendering diagram %s failed", diagram_id)
        pipeline.diagram_fail(diagram_id=diagram_id, message=pipeline.UNEXPECTED_ERROR)
