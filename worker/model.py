"""Loads the causal language model that writes PlantUML, once per worker process."""

import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from worker.prompt import DEFAULT_PROMPT_FORMAT, prompt_formats

SETTINGS_FILE = "plantweb.json"
TYPE_CAPS_KEY = "max_new_tokens_by_type"


class ModelNotConfigured(RuntimeError):
    pass


@dataclass
class LoadedModel:
    model: Any
    tokenizer: Any
    name: str
    prompt_format: str
    device: str
    # From plantweb.json; None means the generation default.
    max_new_tokens: int | None = None
    # From plantweb.json: a limit per diagram type, from the lengths of the training answers.
    max_new_tokens_by_type: dict[str, int] = field(default_factory=dict)


def load_model(
    model: str,
    adapter: str | None = None,
    *,
    device: str | None = None,
    quantize_4bit: bool | None = None,
) -> LoadedModel:
    """The model (a hub id or a local directory), with an optional peft adapter on top.

    On CUDA the base loads in 4-bit nf4 through bitsandbytes unless quantize_4bit is False
    (then bfloat16); on CPU it loads in float32. An adapter on an unquantized base is merged
    into its weights, which saves the adapter's extra products at every token; on a 4-bit base
    it stays apart, since merging would round it to 4 bits. The tokenizer pads on the left, as
    batched generation needs.
    """
    planner = _load_planner(model)
    if planner is not None:
        return planner
    # Imported here: a worker that runs the planner needs no model libraries.
    import torch
    from transformers import AutoModelForCausalLM

    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    on_cuda = device.startswith("cuda")
    if quantize_4bit is None:
        quantize_4bit = on_cuda
    if quantize_4bit and not on_cuda:
        raise ValueError("4-bit quantization needs a CUDA device")

    kwargs: dict[str, Any] = {}
    if quantize_4bit:
        from transformers import BitsAndBytesConfig

        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=torch.bfloat16,
        )
        kwargs["dtype"] = torch.bfloat16
        kwargs["device_map"] = {"": device}
    else:
        kwargs["dtype"] = torch.bfloat16 if on_cuda else torch.float32
    lm = AutoModelForCausalLM.from_pretrained(model, **kwargs)
    if not quantize_4bit:
        lm = lm.to(device)
    if adapter:
        from peft import PeftModel

        lm = PeftModel.from_pretrained(lm, adapter)
        if not quantize_4bit:
            lm = lm.merge_and_unload()
    lm.eval()

    # Read after the weights: for a hub id that cannot be reached, the weights fail first,
    # with the hub's own message, instead of after retries for optional files.
    settings = {**_read_settings(model), **(_read_settings(adapter) if adapter else {})}
    prompt_format = settings.get("prompt_format", DEFAULT_PROMPT_FORMAT)
    if prompt_format not in prompt_formats():
        raise ValueError(
            f"{SETTINGS_FILE} asks for prompt format {prompt_format!r}, which this version does"
            f" not know (known: {', '.join(prompt_formats())})"
        )
    tokenizer = _load_tokenizer(model, adapter)
    # Without a pad token batched generation cannot pad; eos is the usual stand-in.
    if lm.generation_config.pad_token_id is None:
        lm.generation_config.pad_token_id = tokenizer.pad_token_id

    max_new_tokens = settings.get("max_new_tokens")
    return LoadedModel(
        model=lm,
        tokenizer=tokenizer,
        name=f"{model} + {adapter}" if adapter else model,
        prompt_format=prompt_format,
        device=device,
        max_new_tokens=int(max_new_tokens) if max_new_tokens is not None else None,
        max_new_tokens_by_type={
            str(t): int(n) for t, n in (settings.get(TYPE_CAPS_KEY) or {}).items()
        },
    )


def _load_planner(model: str) -> LoadedModel | None:
    """A learned planner directory (plantweb.json says "kind": "planner"), or None.

    A planner chooses what to draw among the names the scenario analysis finds and writes
    the diagram through the type's writer; it needs no tokenizer and runs on any CPU.
    """
    path = Path(model)
    if not path.is_dir():
        return None
    settings = _read_settings(model)
    if settings.get("kind") != "planner":
        return None
    from worker.planner import PLAN_FORMAT, LearnedChooser

    return LoadedModel(
        model=LearnedChooser.load(path),
        tokenizer=None,
        name=settings.get("name") or path.name,
        prompt_format=PLAN_FORMAT,
        device="cpu",
    )


def _load_tokenizer(model: str, adapter: str | None) -> Any:
    from transformers import AutoTokenizer

    # An adapter trained with extra tokens ships its own tokenizer; most reuse the base's.
    source = adapter if adapter and _has_tokenizer(adapter) else model
    tokenizer = AutoTokenizer.from_pretrained(source)
    tokenizer.padding_side = "left"
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def _has_tokenizer(source: str) -> bool:
    path = Path(source)
    if path.is_dir():
        return (path / "tokenizer_config.json").is_file()
    return _hub_file(source, "tokenizer_config.json") is not None


def _read_settings(source: str) -> dict[str, Any]:
    """plantweb.json beside the weights, or {} when there is none."""
    path = Path(source)
    settings_path = path / SETTINGS_FILE if path.is_dir() else _hub_file(source, SETTINGS_FILE)
    if settings_path is None or not settings_path.is_file():
        return {}
    settings = json.loads(settings_path.read_text())
    if not isinstance(settings, dict):
        raise ValueError(f"{settings_path} must hold a JSON object")
    return settings


def _hub_file(repo_id: str, filename: str) -> Path | None:
    from huggingface_hub import hf_hub_download

    try:
        return Path(hf_hub_download(repo_id, filename))
    # The file is optional: a repository without it, an invalid id or an unreachable hub
    # (then the weights fail to load with the hub's own, clearer error) all mean "none".
    except Exception:
        return None


_cache_lock = threading.Lock()
_cached: dict[tuple[str, str | None], LoadedModel] = {}


def get_model() -> LoadedModel:
    """The model named by PLANTWEB_MODEL (and PLANTWEB_ADAPTER), loaded once per process.

    PLANTWEB_DEVICE picks the device (default: cuda when available), PLANTWEB_PRECISION the
    weights on CUDA (4bit, the default, or bf16) and PLANTWEB_TORCH_THREADS limits CPU threads.
    """
    model = os.environ.get("PLANTWEB_MODEL", "").strip()
    adapter = os.environ.get("PLANTWEB_ADAPTER", "").strip() or None
    if not model:
        raise ModelNotConfigured(
            "No model is configured: set PLANTWEB_MODEL to a model directory or hub id"
            " (for example microsoft/phi-1_5) and, for a fine-tuned adapter, PLANTWEB_ADAPTER."
        )
    key = (model, adapter)
    with _cache_lock:
        if key not in _cached:
            threads = os.environ.get("PLANTWEB_TORCH_THREADS", "").strip()
            if threads:
                import torch

                torch.set_num_threads(int(threads))
            device = os.environ.get("PLANTWEB_DEVICE", "").strip() or None
            # One model per process: a changed configuration replaces the old one.
            _cached.clear()
            _cached[key] = load_model(
                model, adapter, device=device, quantize_4bit=_quantize_setting()
            )
        return _cached[key]


PRECISIONS = {"4bit": None, "bf16": False}


def _quantize_setting() -> bool | None:
    """PLANTWEB_PRECISION as load_model's quantize_4bit: 4bit (on CUDA; the default) or bf16."""
    precision = os.environ.get("PLANTWEB_PRECISION", "").strip().lower() or "4bit"
    if precision not in PRECISIONS:
        raise ValueError(
            f"PLANTWEB_PRECISION is {precision!r}; it takes one of {', '.join(PRECISIONS)}"
        )
    return PRECISIONS[precision]
