"""Validate-and-repair: several candidates per scenario, checked on the PlantUML server.

A diagram that fails to render, or is not the type asked for, is not a failure straight
away. The greedy answer comes first; if it does not pass, more candidates are sampled (all
requests that need them in one batched generate call), each is tried as written and then
with deterministic repairs, and the best one is kept: one that renders with the right type
and uses the scenario's names, else the best failure with its PlantUML error.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from worker.candidates import scenario_candidates
from worker.extract import extract_plantuml
from worker.generation_request import GenerationRequest
from worker.metrics import normalise_name, parse_diagram, repeated_line_share
from worker.model import LoadedModel
from worker.planner import PLAN_FORMAT, plan_code
from worker.render import (
    PlantUMLClient,
    RenderedDiagram,
    RenderError,
    RenderSyntaxError,
    RenderUnavailable,
    diagram_type_from_svg,
)
from worker.repair import repair_plantuml
from worker.safety import UnsafeDiagram
from worker.slots import PROMPT_FORMAT as SLOTS_FORMAT
from worker.slots import fill_slots

DEFAULT_BUDGET = 8
# Types no language model was trained on; plans draw them whatever model is loaded.
PLANNED_ONLY = ("activity",)
# Above this share of repeated lines a diagram is a loop, however well it renders.
DEGENERATE_REPEATS = 0.3


@dataclass
class Candidate:
    text: str  # the model's answer, names filled in
    code: str | None = None  # the code that was rendered, as written or repaired
    repaired: bool = False
    svg: str | None = None
    diagram_type: str | None = None
    error: str | None = None
    error_line: int | None = None
    scenario_names: int = 0  # distinct diagram elements whose names occur in the scenario
    repeated: float = 0.0
    new_tokens: int = 0

    @property
    def renders(self) -> bool:
        return self.svg is not None


@dataclass
class ValidatedDiagram:
    code: str | None  # the chosen code; the best failed one when nothing rendered
    rendered: RenderedDiagram | None  # PNG, SVG and reported type of the chosen code
    attempts: int  # candidates generated and checked before the result was settled
    error: str | None = None  # PlantUML's message when no candidate rendered with the right type
    error_line: int | None = None
    diagram_type: str | None = None  # the type PlantUML reports for the chosen code
    first_code: str | None = None  # the greedy answer's diagram as written, before any repair
    new_tokens: int = 0
    seconds: float = 0.0
    candidates: list[Candidate] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return self.rendered is not None and self.error is None


class ValidationUnavailable(RenderUnavailable):
    """The PlantUML server could not be reached while candidates were being checked.

    Carries the greedy answers (names filled in), so a caller can still use them without
    generating them again.
    """

    def __init__(self, message: str, *, greedy: list[Candidate]) -> None:
        super().__init__(message)
        self.greedy = greedy


def answer_code(loaded: LoadedModel, scenario: str, text: str) -> str:
    """The model's answer with the scenario's names put back (for slot-format models)."""
    if loaded.prompt_format == SLOTS_FORMAT:
        return fill_slots(text, scenario_candidates(scenario))
    return text


def check_candidate(client: PlantUMLClient, candidate: Candidate, scenario: str) -> Candidate:
    """Renders the candidate as written, then repaired if that fails; fills in the outcome.

    RenderUnavailable is not caught: with the server down no candidate can be judged, and
    generate_validated stops with ValidationUnavailable rather than try more candidates.
    """
    written = extract_plantuml(candidate.text)
    tries = [(written, False)] if written else []
    repaired = repair_plantuml(candidate.text)
    if repaired != written:
        tries.append((repaired, True))
    for code, was_repaired in tries:
        candidate.code, candidate.repaired = code, was_repaired
        try:
            svg = client.render(code, "svg").decode("utf-8")
        except (RenderSyntaxError, UnsafeDiagram) as problem:
            candidate.error = problem.message
            candidate.error_line = problem.line
            continue
        except RenderUnavailable as problem:
            # picoweb answers 5xx for some diagrams it chokes on; that is this candidate's
            # fault only if the server still renders a trivial diagram.
            if not server_alive(client):
                raise
            candidate.error, candidate.error_line = problem.message, None
            continue
        except RenderError as problem:
            candidate.error, candidate.error_line = problem.message, problem.line
            continue
        candidate.svg = svg
        candidate.diagram_type = diagram_type_from_svg(svg, code)
        candidate.error = candidate.error_line = None
        break
    if candidate.code:
        text = normalise_name(scenario)
        names = parse_diagram(candidate.code).elements
        candidate.scenario_names = sum(1 for name in names if len(name) > 2 and name in text)
        candidate.repeated = repeated_line_share(candidate.code)
    return candidate


_PROBE = "@startuml\nA -> B\n@enduml"


def server_alive(client: PlantUMLClient) -> bool:
    try:
        client.render(_PROBE, "svg")
    except RenderError:
        return False
    return True


def acceptable(candidate: Candidate, diagram_type: str) -> bool:
    return (
        candidate.renders
        and candidate.diagram_type == diagram_type
        and candidate.repeated <= DEGENERATE_REPEATS
    )


def rank_key(candidate: Candidate, diagram_type: str) -> tuple:
    return (
        candidate.renders,
        candidate.diagram_type == diagram_type,
        candidate.repeated <= DEGENERATE_REPEATS,
        candidate.scenario_names,
        -candidate.repeated,
    )


def generate_validated(
    loaded: LoadedModel,
    client: PlantUMLClient,
    requests: list[GenerationRequest],
    *,
    budget: int = DEFAULT_BUDGET,
    rank_all: bool = False,
    max_new_tokens: int | None = None,
    temperature: float = 0.8,
    top_p: float = 0.95,
    seed: int | None = 0,
    repetition_penalty: float | None = None,
) -> list[ValidatedDiagram]:
    """A checked diagram for every request, at most `budget` candidates each.

    The greedy answer is checked first. Requests it does not satisfy get budget - 1 sampled
    candidates from one batched generate call, checked in order until one renders with the
    requested type (attempts counts the candidates checked). With rank_all every request gets
    all its candidates and the best ranked one is kept: rendering, right type, not a loop,
    most names from the scenario. Never more than `budget` candidates, never a loop.
    """
    if budget < 1:
        raise ValueError("budget must be at least 1")
    if loaded.prompt_format == PLAN_FORMAT:
        return _planned(loaded.model, client, requests, seed=seed or 0)
    # A language model: its libraries are loaded only now.
    from worker.generation import generate

    if any(r.diagram_type in PLANNED_ONLY for r in requests):
        # Language models fine-tuned on the data set have never seen these types: the
        # analysis draws them.
        planned = iter(
            _planned(None, client, [r for r in requests if r.diagram_type in PLANNED_ONLY])
        )
        rest = [r for r in requests if r.diagram_type not in PLANNED_ONLY]
        written = iter(
            generate_validated(
                loaded,
                client,
                rest,
                budget=budget,
                rank_all=rank_all,
                max_new_tokens=max_new_tokens,
                temperature=temperature,
                top_p=top_p,
                seed=seed,
                repetition_penalty=repetition_penalty,
            )
            if rest
            else []
        )
        return [
            next(planned) if r.diagram_type in PLANNED_ONLY else next(written) for r in requests
        ]
    started = time.perf_counter()
    greedy = generate(
        loaded, requests, max_new_tokens=max_new_tokens, repetition_penalty=repetition_penalty
    )
    answers = [
        Candidate(text=answer_code(loaded, r.scenario, g.text), new_tokens=g.new_tokens)
        for r, g in zip(requests, greedy, strict=True)
    ]

    def check(candidate: Candidate, scenario: str) -> Candidate:
        try:
            return check_candidate(client, candidate, scenario)
        except RenderUnavailable as error:
            raise ValidationUnavailable(error.message, greedy=answers) from error

    pools = [[check(c, r.scenario)] for r, c in zip(requests, answers, strict=True)]

    more = budget - 1
    pending = [
        i
        for i, (request, pool) in enumerate(zip(requests, pools, strict=True))
        if more > 0 and (rank_all or not acceptable(pool[0], request.diagram_type))
    ]
    if pending:
        sampled = generate(
            loaded,
            [requests[i] for i in pending],
            max_new_tokens=max_new_tokens,
            do_sample=True,
            temperature=temperature,
            top_p=top_p,
            seed=seed,
            num_return_sequences=more,
            repetition_penalty=repetition_penalty,
        )
        for slot, i in enumerate(pending):
            request = requests[i]
            for result in sampled[slot * more : (slot + 1) * more]:
                text = answer_code(loaded, request.scenario, result.text)
                candidate = Candidate(text=text, new_tokens=result.new_tokens)
                pools[i].append(check(candidate, request.scenario))
                if not rank_all and acceptable(pools[i][-1], request.diagram_type):
                    break
    seconds = (time.perf_counter() - started) / max(len(requests), 1)
    return [
        _settle(client, request, pool, rank_all, seconds)
        for request, pool in zip(requests, pools, strict=True)
    ]


def _planned(
    chooser, client: PlantUMLClient, requests: list[GenerationRequest], *, seed: int = 0
) -> list[ValidatedDiagram]:
    """Diagrams written from a plan (the learned planner's, or the analysis' own when chooser
    is None), so one candidate each is enough."""
    results = []
    for request in requests:
        started = time.perf_counter()
        code = plan_code(chooser, request.scenario, request.diagram_type, seed)
        candidate = Candidate(text=code, new_tokens=0)
        try:
            check_candidate(client, candidate, request.scenario)
        except RenderUnavailable as error:
            raise ValidationUnavailable(error.message, greedy=[candidate]) from error
        seconds = time.perf_counter() - started
        results.append(_settle(client, request, [candidate], False, seconds))
    return results


def _settle(
    client: PlantUMLClient,
    request: GenerationRequest,
    pool: list[Candidate],
    rank_all: bool,
    seconds: float,
) -> ValidatedDiagram:
    wanted = request.diagram_type
    if rank_all:
        best = max(pool, key=lambda c: rank_key(c, wanted))
    else:
        good = [c for c in pool if acceptable(c, wanted)]
        best = good[0] if good else max(pool, key=lambda c: rank_key(c, wanted))
    rendered = None
    error, error_line = best.error, best.error_line
    if best.renders:
        png = client.render(best.code, "png")
        rendered = RenderedDiagram(png=png, svg=best.svg, diagram_type=best.diagram_type)
        if best.diagram_type != wanted:
            error = (
                f"No candidate in {len(pool)} was a {wanted} diagram; the best one is"
                f" {best.diagram_type or 'of another kind'}"
            )
    elif error is None:
        error = "The model wrote no PlantUML diagram"
    return ValidatedDiagram(
        code=best.code,
        rendered=rendered,
        attempts=len(pool),
        error=error,
        error_line=error_line,
        diagram_type=best.diagram_type,
        first_code=extract_plantuml(pool[0].text),
        new_tokens=sum(c.new_tokens for c in pool),
        seconds=seconds,
        candidates=pool,
    )
