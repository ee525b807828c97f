"""A tiny model of the production architecture (Phi), trained here to write real diagrams.

No model hub is reachable from the test machines, so the suite builds its own model: a
PhiForCausalLM a few hundred kilobytes big, with a BPE tokenizer trained on the same
examples, taught until greedy generation reproduces each example's diagram exactly from the
data set's prompt format. It goes through the same loading and generation code as the real
model, so a test that passes with it exercises the real path.

`ensure_tiny_model(cache_dir)` builds it once and reuses it while this file, the tokenizer
code and the prompt format are unchanged.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import torch

from worker import prompt, tokenizer
from worker.diagram_types import DIAGRAM_TYPES
from worker.generation import GenerationRequest, generate
from worker.model import LoadedModel
from worker.prompt import build_prompt
from worker.tokenizer import train_bpe_tokenizer

Example = tuple[str, str, str]  # (scenario, diagram type, PlantUML)

DEFAULT_EXAMPLES: list[Example] = [
    (
        "A library lends books to its members. Each member has a name and can borrow many "
        "books; each book has a title.",
        "class",
        "@startuml\n"
        "class Member {\n  +name: String\n}\n"
        "class Book {\n  +title: String\n}\n"
        'Member "1" -- "*" Book : borrows >\n'
        "@enduml",
    ),
    (
        "A customer sends an order request to the shop, the shop requests the payment from "
        "the bank, then the shop sends the confirmation message back to the customer.",
        "sequence",
        "@startuml\n"
        "actor Customer\nparticipant Shop\nparticipant Bank\n"
        "Customer -> Shop: Place order\n"
        "Shop -> Bank: Request payment\n"
        "Bank --> Shop: Payment approved\n"
        "Shop --> Customer: Order confirmed\n"
        "@enduml",
    ),
    (
        "A support ticket moves through the states open, resolved and closed; the "
        "transitions are fix and close.",
        "state",
        "@startuml\n"
        "[*] --> Open\n"
        "Open --> Resolved : fix\n"
        "Resolved --> Closed : close\n"
        "Closed --> [*]\n"
        "@enduml",
    ),
]

# What the tiny adapter teaches: a scenario the base model has never seen.
ADAPTER_EXAMPLE: Example = (
    "A web shop is made of a catalog service and a payment service behind an API gateway.",
    "component",
    "@startuml\n[API Gateway] --> [Catalog]\n[API Gateway] --> [Payments]\n@enduml",
)

SEED = 1234
VOCAB_SIZE = 600
MAX_NEW_TOKENS = 160
MAX_STEPS = 600
CHECK_EVERY = 25


def build_tiny_model(out_dir: Path, examples: list[Example] = DEFAULT_EXAMPLES) -> Path:
    """Train a tiny Phi model on examples and save it to out_dir (weights, tokenizer,
    plantweb.json). Raises RuntimeError if it cannot learn them within MAX_STEPS."""
    with _deterministic():
        texts = [_training_text(*example) for example in examples]
        # The prompts of every type are in the tokenizer's corpus so any type tokenizes well.
        corpus = texts + [build_prompt("", t) for t in DIAGRAM_TYPES]
        tok = train_bpe_tokenizer(corpus, VOCAB_SIZE)
        tok.padding_side = "left"
        model = _phi_model(tok, hidden=64, layers=2, heads=4, positions=2048)
        model.generation_config.bos_token_id = tok.bos_token_id
        _teach(model, tok, examples, torch.optim.AdamW(model.parameters(), lr=1e-2))

        out_dir.mkdir(parents=True, exist_ok=True)
        model.save_pretrained(out_dir)
        tok.save_pretrained(out_dir)
        settings = {"prompt_format": "inst", "max_new_tokens": MAX_NEW_TOKENS}
        (out_dir / "plantweb.json").write_text(json.dumps(settings, indent=2) + "\n")
    return out_dir


def build_tiny_adapter(base_dir: Path, out_dir: Path, example: Example = ADAPTER_EXAMPLE) -> Path:
    """A LoRA adapter on the tiny model that teaches it one more example, saved to out_dir.

    Its plantweb.json sets a different max_new_tokens, so tests can see the adapter's
    settings win over the base's.
    """
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    with _deterministic():
        tok = AutoTokenizer.from_pretrained(base_dir)
        tok.padding_side = "left"
        base = AutoModelForCausalLM.from_pretrained(base_dir, dtype=torch.float32)
        lora = LoraConfig(
            r=8,
            lora_alpha=16,
            lora_dropout=0.0,
            target_modules=["q_proj", "k_proj", "v_proj", "dense", "fc1", "fc2"],
            # The base never had to predict the new example's words, so training pushed their
            # output rows far down; low-rank updates alone cannot lift them in a model this
            # small. The adapter carries its own output layer, as adapters that add words do.
            modules_to_save=["lm_head"],
            task_type="CAUSAL_LM",
        )
        model = get_peft_model(base, lora)
        params = [p for p in model.parameters() if p.requires_grad]
        _teach(model, tok, [example], torch.optim.AdamW(params, lr=1e-2))

        out_dir.mkdir(parents=True, exist_ok=True)
        model.save_pretrained(out_dir)
        settings = {"prompt_format": "inst", "max_new_tokens": MAX_NEW_TOKENS + 40}
        (out_dir / "plantweb.json").write_text(json.dumps(settings, indent=2) + "\n")
    return out_dir


def ensure_tiny_model(cache_dir: Path) -> Path:
    """The tiny model's directory under cache_dir, built on first use and reused after."""
    return _ensure(cache_dir, f"phi-tiny-{_source_hash()}", build_tiny_model)


def ensure_tiny_adapter(cache_dir: Path) -> tuple[Path, Path]:
    """(base model directory, adapter directory), both built on first use."""
    base = ensure_tiny_model(cache_dir)
    adapter = _ensure(
        cache_dir, f"phi-tiny-lora-{_source_hash()}", lambda out: build_tiny_adapter(base, out)
    )
    return base, adapter


# A scenario for models that answer with a fixed mix of diagrams, to test validate-and-repair.
REPAIR_SCENARIO = "Bob greets Alice when they meet at the station."
REPAIR_TYPE = "sequence"
BROKEN_ANSWER = "@startuml\nthis is not plantuml\n@enduml"
VALID_ANSWER = "@startuml\nBob -> Alice : hello\n@enduml"
# Greedy decoding gives the broken answer; about two samples in five render.
FLAKY_ANSWERS = [BROKEN_ANSWER] * 3 + [VALID_ANSWER] * 2
ANSWERING_MAX_NEW_TOKENS = 40


def train_answering_model(
    answers: list[str], scenario: str = REPAIR_SCENARIO, diagram_type: str = REPAIR_TYPE
) -> LoadedModel:
    """A tiny Phi model that answers `scenario` with `answers` in their proportions.

    Trained to convergence, it reproduces their frequencies: greedy decoding gives the most
    frequent one and sampling gives each about as often as it was taught.
    """
    with _deterministic():
        prompt_text = build_prompt(scenario, diagram_type)
        tok = train_bpe_tokenizer([prompt_text + a for a in sorted(set(answers))], 300)
        tok.padding_side = "left"
        model = _phi_model(tok, hidden=32, layers=1, heads=2, positions=1024)
        prompt_ids = tok(prompt_text, add_special_tokens=False).input_ids
        rows = [
            prompt_ids + tok(a, add_special_tokens=False).input_ids + [tok.eos_token_id]
            for a in answers
        ]
        width = max(map(len, rows))
        ids = torch.tensor([r + [tok.pad_token_id] * (width - len(r)) for r in rows])
        labels = torch.tensor(
            [
                [-100] * len(prompt_ids) + r[len(prompt_ids) :] + [-100] * (width - len(r))
                for r in rows
            ]
        )
        optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
        for _ in range(300):
            loss = model(input_ids=ids, labels=labels).loss
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        model.eval()
    return LoadedModel(model=model, tokenizer=tok, name="tiny", prompt_format="inst", device="cpu")


def build_answering_model(out_dir: Path, answers: list[str]) -> Path:
    """train_answering_model's model for REPAIR_SCENARIO, saved to out_dir for a worker."""
    loaded = train_answering_model(answers)
    out_dir.mkdir(parents=True, exist_ok=True)
    loaded.model.save_pretrained(out_dir)
    loaded.tokenizer.save_pretrained(out_dir)
    settings = {"prompt_format": "inst", "max_new_tokens": ANSWERING_MAX_NEW_TOKENS}
    (out_dir / "plantweb.json").write_text(json.dumps(settings, indent=2) + "\n")
    return out_dir


def ensure_flaky_model(cache_dir: Path) -> Path:
    """A model whose greedy answer does not render while some of its samples do."""
    return _ensure(
        cache_dir,
        f"phi-flaky-{_source_hash()}",
        lambda out: build_answering_model(out, FLAKY_ANSWERS),
    )


def ensure_broken_model(cache_dir: Path) -> Path:
    """A model that only ever writes code PlantUML rejects."""
    return _ensure(
        cache_dir,
        f"phi-broken-{_source_hash()}",
        lambda out: build_answering_model(out, [BROKEN_ANSWER]),
    )


def _phi_model(tok, *, hidden: int, layers: int, heads: int, positions: int):
    """An untrained PhiForCausalLM for the tokenizer, without dropout so training converges."""
    from transformers import PhiConfig, PhiForCausalLM

    config = PhiConfig(
        vocab_size=len(tok),
        hidden_size=hidden,
        intermediate_size=2 * hidden,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        max_position_embeddings=positions,
        resid_pdrop=0.0,
        embd_pdrop=0.0,
        attention_dropout=0.0,
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
        tie_word_embeddings=False,
    )
    model = PhiForCausalLM(config)
    model.generation_config.pad_token_id = tok.pad_token_id
    model.generation_config.eos_token_id = tok.eos_token_id
    return model


def _training_text(scenario: str, diagram_type: str, plantuml: str) -> tuple[str, str]:
    return build_prompt(scenario, diagram_type), plantuml + "</s>"


def _teach(model, tok, examples: list[Example], optimizer) -> None:
    """Train on the answers (the prompts only condition them) until greedy generation
    reproduces every example exactly."""
    prompts, answers = zip(*(_training_text(*example) for example in examples), strict=True)
    rows = []
    for prompt_text, answer in zip(prompts, answers, strict=True):
        prompt_ids = tok(prompt_text, add_special_tokens=False).input_ids
        answer_ids = tok(answer, add_special_tokens=False).input_ids
        rows.append((prompt_ids + answer_ids, [-100] * len(prompt_ids) + answer_ids))
    width = max(len(ids) for ids, _ in rows)
    # Left padding, as at generation time, so positions line up with what the model will see.
    input_ids = torch.tensor([[tok.pad_token_id] * (width - len(i)) + i for i, _ in rows])
    labels = torch.tensor([[-100] * (width - len(lab)) + lab for _, lab in rows])
    attention_mask = torch.arange(width) >= torch.tensor([[width - len(i)] for i, _ in rows])
    attention_mask = attention_mask.long()

    requests = [GenerationRequest(scenario, diagram_type) for scenario, diagram_type, _ in examples]
    expected = [plantuml for _, _, plantuml in examples]
    loaded = LoadedModel(
        model=model, tokenizer=tok, name="tiny", prompt_format="inst", device="cpu"
    )
    for step in range(1, MAX_STEPS + 1):
        model.train()
        loss = model(input_ids=input_ids, attention_mask=attention_mask, labels=labels).loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % CHECK_EVERY == 0 and loss.item() < 0.05:
            model.eval()
            results = generate(loaded, requests, max_new_tokens=MAX_NEW_TOKENS)
            if [r.plantuml for r in results] == expected:
                return
    raise RuntimeError(f"the tiny model did not learn its examples in {MAX_STEPS} steps")


def _source_hash() -> str:
    digest = hashlib.sha256()
    for source in (__file__, tokenizer.__file__, prompt.__file__):
        digest.update(Path(source).read_bytes())
    import transformers

    digest.update(transformers.__version__.encode())
    return digest.hexdigest()[:12]


def _ensure(cache_dir: Path, name: str, build) -> Path:
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / name
    # Several test sessions may share one checkout; one builds, the others wait for it.
    with _locked(cache_dir / ".lock"):
        if (target / "plantweb.json").is_file():
            return target
        started = time.perf_counter()
        building = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=cache_dir))
        try:
            build(building)
            building.rename(target)
        finally:
            shutil.rmtree(building, ignore_errors=True)
        print(f"built {target} in {time.perf_counter() - started:.1f} s")
    return target


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _deterministic() -> Iterator[None]:
    was_deterministic = torch.are_deterministic_algorithms_enabled()
    torch.manual_seed(SEED)
    torch.use_deterministic_algorithms(True)
    try:
        yield
    finally:
        torch.use_deterministic_algorithms(was_deterministic)
