"""What a generation is asked for, without the model libraries, so a worker that only runs the
planner (and the web) can name a request without importing torch."""

from dataclasses import dataclass


class PromptTooLong(ValueError):
    pass


@dataclass(frozen=True)
class GenerationRequest:
    scenario: str
    diagram_type: str
