"""Writes PlantUML for scenarios with a loaded model, several scenarios in one batch."""

import time
from dataclasses import dataclass

import torch
from transformers import StoppingCriteria, StoppingCriteriaList

from worker.extract import extract_plantuml
from worker.generation_request import GenerationRequest, PromptTooLong
from worker.model import LoadedModel
from worker.prompt import build_prompt

__all__ = ["GenerationRequest", "GenerationResult", "PromptTooLong", "generate"]

END_MARKER = "@enduml"
DEFAULT_MAX_NEW_TOKENS = 1536
# Generation needs room to write at least a short diagram after the prompt.
MIN_NEW_TOKENS = 64


@dataclass(frozen=True)
class GenerationResult:
    text: str  # what the model wrote after the prompt, up to and including the first @enduml
    plantuml: str | None  # the @startuml ... @enduml block in text, None when there is none
    new_tokens: int  # tokens the model produced for this answer
    seconds: float  # wall time of the whole batch this answer was part of


class _StopAtMarker(StoppingCriteria):
    """Marks a row finished once its new tokens contain the marker.

    Each row stops on its own: a finished row only receives padding while the others go on,
    and generation ends when every row has finished or reached max_new_tokens.
    """

    def __init__(self, tokenizer, prompt_length: int, marker: str = END_MARKER) -> None:
        self.tokenizer = tokenizer
        self.prompt_length = prompt_length
        self.marker = marker
        # The marker may be split over several tokens; this many always cover it.
        self.window = len(tokenizer(marker, add_special_tokens=False).input_ids) + 2

    def __call__(self, input_ids: torch.LongTensor, scores, **kwargs) -> torch.BoolTensor:
        # Only the new tokens count: the prompt's own example diagram ends with @enduml.
        tails = input_ids[:, self.prompt_length :][:, -self.window :]
        texts = self.tokenizer.batch_decode(tails, skip_special_tokens=True)
        return torch.tensor([self.marker in text for text in texts], device=input_ids.device)


def generate(
    loaded: LoadedModel,
    requests: list[GenerationRequest],
    *,
    max_new_tokens: int | None = None,
    do_sample: bool = False,
    temperature: float = 0.8,
    top_p: float = 0.95,
    seed: int | None = None,
    num_return_sequences: int = 1,
    repetition_penalty: float | None = None,
    no_repeat_ngram_size: int | None = None,
) -> list[GenerationResult]:
    """PlantUML for every request, from one batched model.generate call.

    Greedy unless do_sample. With num_return_sequences=n the list is flat and ordered by
    request: results[i * n + j] is answer j for requests[i]. Without max_new_tokens each
    request has its own limit: its type's in the model's plantweb.json, else the model's
    max_new_tokens, else 1536; a row stops at its own limit whatever the others in the batch
    write. The limit shrinks to fit the model's context; a prompt that leaves no room for an
    answer raises PromptTooLong.
    """
    if not requests:
        return []
    if num_return_sequences < 1:
        raise ValueError("num_return_sequences must be at least 1")
    if num_return_sequences > 1 and not do_sample:
        # Greedy search would return n identical answers.
        raise ValueError("several answers per request need do_sample=True")

    tokenizer = loaded.tokenizer
    prompts = [build_prompt(r.scenario, r.diagram_type, loaded.prompt_format) for r in requests]
    # Prompts carry their own "<s>" text; the tokenizer must not add anything around them.
    batch = tokenizer(prompts, return_tensors="pt", padding=True, add_special_tokens=False)
    batch = batch.to(loaded.model.device)
    prompt_length = batch["input_ids"].shape[1]
    limits = [max_new_tokens or type_limit(loaded, r.diagram_type) for r in requests]
    max_new_tokens = _fit_to_context(loaded, prompt_length, max(limits))

    options: dict = {
        "max_new_tokens": max_new_tokens,
        "do_sample": do_sample,
        "num_return_sequences": num_return_sequences,
        "pad_token_id": tokenizer.pad_token_id,
        "eos_token_id": tokenizer.eos_token_id,
        "stopping_criteria": StoppingCriteriaList([_StopAtMarker(tokenizer, prompt_length)]),
    }
    if do_sample:
        options.update(temperature=temperature, top_p=top_p)
    else:
        # The model's own generation config may ask for sampling; greedy means greedy.
        options.update(temperature=None, top_p=None, top_k=None)
    if repetition_penalty is not None:
        options["repetition_penalty"] = repetition_penalty
    if no_repeat_ngram_size is not None:
        options["no_repeat_ngram_size"] = no_repeat_ngram_size
    if seed is not None:
        torch.manual_seed(seed)
        if torch.cuda.is_available():
            torch.cuda.manual_seed_all(seed)

    started = time.perf_counter()
    with torch.inference_mode():
        output = loaded.model.generate(**batch, **options)
    seconds = time.perf_counter() - started

    stop_ids = {tokenizer.pad_token_id, tokenizer.eos_token_id}
    results = []
    for index, row in enumerate(output[:, prompt_length:].tolist()):
        row = row[: limits[index // num_return_sequences]]
        length = next((i for i, token in enumerate(row) if token in stop_ids), len(row))
        text = tokenizer.decode(row[:length], skip_special_tokens=True)
        end = text.find(END_MARKER)
        if end != -1:
            text = text[: end + len(END_MARKER)]
        results.append(
            GenerationResult(
                text=text, plantuml=extract_plantuml(text), new_tokens=length, seconds=seconds
            )
        )
    return results


def type_limit(loaded: LoadedModel, diagram_type: str) -> int:
    """Most new tokens for a diagram of this type: short types stop looping sooner."""
    return (
        loaded.max_new_tokens_by_type.get(diagram_type)
        or loaded.max_new_tokens
        or DEFAULT_MAX_NEW_TOKENS
    )


def _fit_to_context(loaded: LoadedModel, prompt_length: int, max_new_tokens: int) -> int:
    context = getattr(loaded.model.config, "max_position_embeddings", None)
    if not context:
        return max_new_tokens
    room = context - prompt_length
    if room < MIN_NEW_TOKENS:
        raise PromptTooLong(
            f"The scenario is too long for the model: its prompt takes {prompt_length} of the"
            f" model's {context} tokens, leaving no room for a diagram. Shorten the scenario."
        )
    return min(max_new_tokens, room)
