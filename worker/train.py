"""Trains the model that writes PlantUML: `python -m worker.train [options]`.

Three ways in, one training loop:
- CUDA (production recipe): QLoRA on microsoft/phi-1_5, the base in 4-bit nf4 with double
  quantisation and bf16 compute, LoRA on the attention and MLP projections, paged 8-bit AdamW,
  gradient checkpointing.
- CPU with `--base`: LoRA on a full-precision base (bitsandbytes' 4-bit backward needs CUDA).
- `--from-scratch`: a small Phi-architecture model with a BPE tokenizer trained on the
  training split, small enough to train on CPUs and to ship.

Loss is on the answer tokens only. The run is bounded by `--max-minutes`: the learning rate
decays over that time, the validation loss is measured periodically and the best checkpoint
is kept, with training_log.jsonl and loss.png beside it.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import torch

from worker.data import (
    DEFAULT_SEED,
    HeldOutExtraData,
    Pair,
    extra_training_pairs,
    load_typed_splits,
)
from worker.model import TYPE_CAPS_KEY
from worker.prompt import build_prompt
from worker.slots import PROMPT_FORMAT as SLOTS_FORMAT
from worker.slots import SLOT_TOKENS, delexicalise
from worker.token_caps import type_token_caps

DEFAULT_BASE = "microsoft/phi-1_5"
LORA_TARGETS = ("q_proj", "k_proj", "v_proj", "dense", "fc1", "fc2")
# From-scratch sizes: (hidden, layers, heads, intermediate).
SIZES = {
    "tiny": (64, 2, 2, 256),
    "small": (256, 4, 4, 1024),
    "medium": (384, 6, 6, 1536),
}


@dataclass
class TrainConfig:
    base: str = DEFAULT_BASE
    from_scratch: bool = False
    size: str = "small"
    vocab_size: int = 4000
    prompt_format: str | None = None  # default: plantweb-slots from scratch, inst otherwise
    data: str | None = None  # parquet / JSONL / hub id; default the local data set
    extra_data: str | None = None  # JSONL of {"scenario", "plantuml", "type"} to add to training
    out: str = "models/plantweb-small"
    epochs: float = 50.0
    max_minutes: float = 60.0
    lr: float = 2e-3
    warmup_steps: int = 30
    weight_decay: float = 0.01
    batch_tokens: int = 4096
    max_length: int = 1024
    eval_every_minutes: float = 5.0
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    seed: int = DEFAULT_SEED
    threads: int | None = None
    device: str | None = None
    max_new_tokens: int = 512  # 90% of training answers fit; longer ones are mostly loops
    save_fp16: bool = True
    limit_train: int | None = None  # tests and smoke runs

    def resolved_format(self) -> str:
        return self.prompt_format or (SLOTS_FORMAT if self.from_scratch else "inst")


HELP = {
    "base": "base model to fine-tune with LoRA (QLoRA on CUDA): hub id or directory",
    "from_scratch": "train a small Phi model and its tokenizer from scratch instead",
    "size": "model size when training from scratch: " + ", ".join(SIZES),
    "vocab_size": "BPE tokenizer size when training from scratch",
    "prompt_format": "prompt format (default: plantweb-slots from scratch, inst for LoRA)",
    "data": "the data set: parquet, JSONL or hub id (default: the local copy)",
    "extra_data": "JSONL of reviewed pairs to add to the training split",
    "out": "output directory: model or adapter, tokenizer, config, curves",
    "epochs": "passes over the training split",
    "max_minutes": "stop after this many minutes, keeping the best checkpoint",
    "lr": "peak learning rate (warm-up, then cosine decay)",
    "warmup_steps": "linear warm-up steps",
    "weight_decay": "AdamW weight decay",
    "batch_tokens": "most padded tokens per batch",
    "max_length": "longest training sequence in tokens",
    "eval_every_minutes": "validation loss every this many minutes",
    "lora_r": "LoRA rank",
    "lora_alpha": "LoRA alpha",
    "lora_dropout": "LoRA dropout",
    "seed": "random seed for initialisation and batches (the split never moves)",
    "threads": "CPU threads for torch",
    "device": "cuda or cpu (default: cuda when available)",
    "max_new_tokens": "generation limit recorded in the model's plantweb.json",
    "save_fp16": "store weights in float16",
    "limit_train": "use only the first N training pairs (smoke runs)",
}


def parse_args(argv: list[str] | None = None) -> TrainConfig:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    defaults = TrainConfig()
    for field in fields(TrainConfig):
        flag = "--" + field.name.replace("_", "-")
        default = getattr(defaults, field.name)
        if isinstance(default, bool):
            parser.add_argument(
                flag,
                action=argparse.BooleanOptionalAction,
                default=default,
                help=HELP.get(field.name),
            )
        else:
            kind = {"int": int, "float": float}.get(
                str(field.type).split(" ")[0].replace("'", ""), str
            )
            help_text = HELP.get(field.name, "")
            if default is not None:
                help_text += " (%(default)s)"
            parser.add_argument(flag, type=kind, default=default, help=help_text)
    args = parser.parse_args(argv)
    return TrainConfig(**vars(args))


# ---------------------------------------------------------------- examples


@dataclass
class Example:
    input_ids: list[int]
    labels: list[int]  # -100 on prompt tokens: loss on the answer only


def answer_text(pair: Pair, prompt_format: str) -> str:
    if prompt_format == SLOTS_FORMAT:
        from worker.candidates import scenario_candidates

        return delexicalise(pair.plantuml, scenario_candidates(pair.scenario))
    return pair.plantuml


def encode_example(tokenizer, pair: Pair, prompt_format: str, max_length: int) -> Example:
    prompt = build_prompt(pair.scenario, pair.diagram_type, prompt_format)
    answer = answer_text(pair, prompt_format)
    prompt_ids = tokenizer(prompt, add_special_tokens=False).input_ids
    answer_ids = tokenizer(answer, add_special_tokens=False).input_ids + [tokenizer.eos_token_id]
    ids = (prompt_ids + answer_ids)[:max_length]
    labels = ([-100] * len(prompt_ids) + answer_ids)[:max_length]
    return Example(ids, labels)


def batches(examples: list[Example], batch_tokens: int, rng: random.Random) -> list[list[Example]]:
    """Batches of similar length whose padded size stays under batch_tokens, shuffled."""
    order = sorted(examples, key=lambda e: len(e.input_ids) + rng.random())
    result, current, longest = [], [], 0
    for example in order:
        longest_if_added = max(longest, len(example.input_ids))
        if current and longest_if_added * (len(current) + 1) > batch_tokens:
            result.append(current)
            current, longest_if_added = [], len(example.input_ids)
        current.append(example)
        longest = longest_if_added
    if current:
        result.append(current)
    rng.shuffle(result)
    return result


def collate(batch: list[Example], pad_id: int) -> dict[str, torch.Tensor]:
    width = max(len(e.input_ids) for e in batch)
    ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    labels = torch.full((len(batch), width), -100, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for row, example in enumerate(batch):
        n = len(example.input_ids)
        ids[row, :n] = torch.tensor(example.input_ids)
        labels[row, :n] = torch.tensor(example.labels)
        mask[row, :n] = 1
    return {"input_ids": ids, "labels": labels, "attention_mask": mask}


# ---------------------------------------------------------------- models


def qlora_configs(config: TrainConfig) -> tuple[Any, Any]:
    """(BitsAndBytesConfig, LoraConfig) of the production recipe; built without a GPU."""
    from transformers import BitsAndBytesConfig

    quantization = BitsAndBytesConfig(
        load_in_4bit=True,
        bnb_4bit_quant_type="nf4",
        bnb_4bit_use_double_quant=True,
        bnb_4bit_compute_dtype=torch.bfloat16,
    )
    return quantization, lora_config(config)


def lora_config(config: TrainConfig) -> Any:
    from peft import LoraConfig

    return LoraConfig(
        r=config.lora_r,
        lora_alpha=config.lora_alpha,
        lora_dropout=config.lora_dropout,
        target_modules=list(LORA_TARGETS),
        bias="none",
        task_type="CAUSAL_LM",
    )


def scratch_model(config: TrainConfig, tokenizer) -> Any:
    from transformers import PhiConfig, PhiForCausalLM

    hidden, layers, heads, intermediate = SIZES[config.size]
    phi = PhiConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        intermediate_size=intermediate,
        max_position_embeddings=max(config.max_length, 2048),
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        resid_pdrop=0.1,
        embd_pdrop=0.1,
        attention_dropout=0.0,
        tie_word_embeddings=True,
    )
    return PhiForCausalLM(phi)


def scratch_tokenizer(config: TrainConfig, train: list[Pair]) -> Any:
    from worker.tokenizer import train_bpe_tokenizer

    fmt = config.resolved_format()
    texts = [build_prompt(p.scenario, p.diagram_type, fmt) + answer_text(p, fmt) for p in train]
    tokenizer = train_bpe_tokenizer(texts, config.vocab_size)
    if fmt == SLOTS_FORMAT:
        tokenizer.add_tokens(list(SLOT_TOKENS))
    return tokenizer


def build_model(config: TrainConfig, train: list[Pair], device: str) -> tuple[Any, Any, str]:
    """(model ready to train, tokenizer, kind) where kind is scratch, lora or qlora."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if config.from_scratch:
        tokenizer = scratch_tokenizer(config, train)
        return scratch_model(config, tokenizer).to(device), tokenizer, "scratch"

    from peft import get_peft_model, prepare_model_for_kbit_training

    tokenizer = AutoTokenizer.from_pretrained(config.base)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    if device.startswith("cuda"):
        quantization, lora = qlora_configs(config)
        model = AutoModelForCausalLM.from_pretrained(
            config.base,
            quantization_config=quantization,
            dtype=torch.bfloat16,
            device_map={"": device},
        )
        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=True)
        return get_peft_model(model, lora), tokenizer, "qlora"
    model = AutoModelForCausalLM.from_pretrained(config.base, dtype=torch.float32).to(device)
    return get_peft_model(model, lora_config(config)), tokenizer, "lora"


def make_optimizer(model, config: TrainConfig, kind: str) -> torch.optim.Optimizer:
    params = [p for p in model.parameters() if p.requires_grad]
    if kind == "qlora":
        import bitsandbytes as bnb

        return bnb.optim.PagedAdamW8bit(params, lr=config.lr, weight_decay=config.weight_decay)
    return torch.optim.AdamW(params, lr=config.lr, weight_decay=config.weight_decay)


# ---------------------------------------------------------------- loop


def learning_rate(config: TrainConfig, step: int, progress: float) -> float:
    """Linear warm-up, then cosine decay over the run's progress (time or epochs, whichever
    is further along), so a time-bounded run still ends at a low rate."""
    if step < config.warmup_steps:
        return config.lr * (step + 1) / config.warmup_steps
    return config.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(progress, 1.0))))


@torch.no_grad()
def evaluate_loss(model, examples: list[Example], pad_id: int, batch_tokens: int) -> float:
    model.eval()
    total, count = 0.0, 0
    for batch in batches(examples, batch_tokens, random.Random(0)):
        inputs = collate(batch, pad_id)
        inputs = {k: v.to(model.device) for k, v in inputs.items()}
        tokens = int((inputs["labels"][:, 1:] != -100).sum())
        total += float(model(**inputs).loss) * tokens
        count += tokens
    model.train()
    return total / max(count, 1)


def train_steps(model, optimizer, batch_list, pad_id: int) -> list[float]:
    """One optimiser step per batch; the losses before each step. Used by tests."""
    model.train()
    losses = []
    for batch in batch_list:
        inputs = {k: v.to(model.device) for k, v in collate(batch, pad_id).items()}
        loss = model(**inputs).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        losses.append(loss.item())
    return losses


def save_model(
    model,
    tokenizer,
    config: TrainConfig,
    out: Path,
    kind: str,
    extra: dict,
    type_caps: dict[str, int] | None = None,
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    to_save = model
    if kind == "scratch" and config.save_fp16:
        import copy

        to_save = copy.deepcopy(model).to(torch.float16)
    to_save.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    settings = {"prompt_format": config.resolved_format(), "max_new_tokens": config.max_new_tokens}
    if type_caps:
        settings[TYPE_CAPS_KEY] = type_caps
    (out / "plantweb.json").write_text(json.dumps(settings, indent=2) + "\n")
    (out / "training_config.json").write_text(
        json.dumps({**asdict(config), **extra}, indent=2) + "\n"
    )


def plot_losses(log_path: Path, png_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [json.loads(line) for line in log_path.read_text().splitlines() if line.strip()]
    train = [(r["step"], r["loss"]) for r in rows if r["kind"] == "train"]
    val = [(r["step"], r["val_loss"]) for r in rows if r["kind"] == "val"]
    fig, ax = plt.subplots(figsize=(7, 4))
    if train:
        ax.plot(*zip(*train, strict=True), label="train (answer tokens)", alpha=0.6)
    if val:
        ax.plot(*zip(*val, strict=True), "o-", label="validation")
    ax.set_xlabel("optimiser step")
    ax.set_ylabel("cross-entropy")
    ax.legend()
    fig.tight_layout()
    fig.savefig(png_path, dpi=100)
    plt.close(fig)


def train(config: TrainConfig) -> Path:
    """Runs training and returns the output directory holding the best checkpoint."""
    from tqdm import tqdm

    if config.threads:
        torch.set_num_threads(config.threads)
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    device = config.device or ("cuda" if torch.cuda.is_available() else "cpu")
    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)

    # The split never moves with --seed: validation and test stay the same held-out scenarios.
    # Prompts ask for the type PlantUML draws for each reference (rendered once, then cached).
    splits = load_typed_splits(config.data, seed=DEFAULT_SEED)
    train_pairs = list(splits["train"])
    if config.extra_data:
        try:
            train_pairs += extra_training_pairs(config.extra_data, splits)
        except HeldOutExtraData as error:
            raise SystemExit(str(error)) from None
    if config.limit_train:
        train_pairs = train_pairs[: config.limit_train]
    val_pairs = splits["val"]

    model, tokenizer, kind = build_model(config, train_pairs, device)
    fmt = config.resolved_format()
    pad_id = tokenizer.pad_token_id
    train_examples = [encode_example(tokenizer, p, fmt, config.max_length) for p in train_pairs]
    val_examples = [encode_example(tokenizer, p, fmt, config.max_length) for p in val_pairs]
    type_caps = type_token_caps(tokenizer, train_pairs, fmt)
    optimizer = make_optimizer(model, config, kind)
    parameters = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    answer_tokens = sum(sum(1 for x in e.labels if x != -100) for e in train_examples)
    print(
        f"{kind}: {parameters / 1e6:.1f}M parameters ({trainable / 1e6:.2f}M trained),"
        f" {len(train_examples)} train / {len(val_examples)} val pairs,"
        f" {answer_tokens} answer tokens per epoch, format {fmt}, device {device}",
        file=sys.stderr,
    )

    log_path = out / "training_log.jsonl"
    log = log_path.open("w")
    started = time.monotonic()
    deadline = started + config.max_minutes * 60
    steps_per_epoch = len(batches(train_examples, config.batch_tokens, random.Random(0)))
    total_steps = max(1, int(steps_per_epoch * config.epochs))
    best = float("inf")
    step = 0
    seen_tokens = 0
    next_eval = started + config.eval_every_minutes * 60
    extra = {"kind": kind, "parameters": parameters, "train_pairs": len(train_examples)}

    def validate() -> None:
        nonlocal best
        val_loss = evaluate_loss(model, val_examples, pad_id, config.batch_tokens)
        elapsed = time.monotonic() - started
        log.write(
            json.dumps({"kind": "val", "step": step, "val_loss": val_loss, "minutes": elapsed / 60})
            + "\n"
        )
        log.flush()
        if val_loss < best:
            best = val_loss
            save_model(
                model,
                tokenizer,
                config,
                out,
                kind,
                extra
                | {"best_val_loss": val_loss, "step": step, "minutes": round(elapsed / 60, 1)},
                type_caps,
            )
        bar.write(f"step {step}: val loss {val_loss:.3f} (best {best:.3f})")

    bar = tqdm(total=total_steps, unit="step", dynamic_ncols=True, mininterval=5)
    model.train()
    finished = False
    while not finished:
        for batch in batches(train_examples, config.batch_tokens, rng):
            now = time.monotonic()
            progress = max(step / total_steps, (now - started) / (deadline - started))
            if progress >= 1.0:
                finished = True
                break
            lr = learning_rate(config, step, progress)
            for group in optimizer.param_groups:
                group["lr"] = lr
            inputs = {k: v.to(device) for k, v in collate(batch, pad_id).items()}
            loss = model(**inputs).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            seen_tokens += int(inputs["attention_mask"].sum())
            elapsed = time.monotonic() - started
            rate = seen_tokens / max(elapsed, 1e-6)
            bar.set_postfix(
                loss=f"{float(loss):.3f}",
                tok_s=f"{rate:.0f}",
                eta=f"{max(0, deadline - now) / 60:.0f}m",
            )
            bar.update(1)
            log.write(
                json.dumps(
                    {
                        "kind": "train",
                        "step": step,
                        "loss": float(loss),
                        "lr": lr,
                        "tokens_per_s": rate,
                        "minutes": elapsed / 60,
                    }
                )
                + "\n"
            )
            if time.monotonic() >= next_eval:
                validate()
                next_eval = time.monotonic() + config.eval_every_minutes * 60
    bar.close()
    validate()
    log.close()
    plot_losses(log_path, out / "loss.png")
    print(f"best validation loss {best:.3f}; saved to {out}", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> None:
    train(parse_args(argv))


if __name__ == "__main__":
    main()
