"""Training: the loss goes down, only answers are learned, adapters round-trip, QLoRA is set up."""

import json

import pytest
import torch

from worker import data
from worker.data import Pair
from worker.train import (
    LORA_TARGETS,
    TrainConfig,
    batches,
    collate,
    encode_example,
    lora_config,
    parse_args,
    qlora_configs,
    scratch_model,
    scratch_tokenizer,
    train,
    train_steps,
)

PAIRS = [
    Pair(
        "Use Case Name: Borrow Book\nUse Case Actors:\n1. Member\n2. Librarian\nThe Member asks"
        " the Librarian for a book.",
        "sequence",
        "@startuml\nactor Member\nactor Librarian\nMember -> Librarian : ask for book\n@enduml",
        "sequence",
    ),
    Pair(
        "Use Case Name: Place Order\nUse Case Actors:\n1. Customer\nThe Customer places an"
        " Order with the Shop.",
        "class",
        "@startuml\nclass Customer\nclass Order\nCustomer --> Order : places\n@enduml",
        "class",
    ),
]


@pytest.fixture(scope="module")
def tiny():
    torch.manual_seed(0)
    config = TrainConfig(from_scratch=True, size="tiny", vocab_size=400)
    tokenizer = scratch_tokenizer(config, PAIRS)
    return config, tokenizer, scratch_model(config, tokenizer)


def test_a_few_optimiser_steps_lower_the_loss(tiny):
    config, tokenizer, model = tiny
    examples = [encode_example(tokenizer, p, config.resolved_format(), 512) for p in PAIRS]
    batch = batches(examples, 10_000, __import__("random").Random(0))
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)

    losses = train_steps(model, optimizer, batch * 15, tokenizer.pad_token_id)

    assert losses[-1] < losses[0] - 0.5


def test_only_answer_tokens_carry_loss(tiny):
    config, tokenizer, model = tiny
    example = encode_example(tokenizer, PAIRS[0], config.resolved_format(), 512)
    prompt_length = example.labels.index(next(x for x in example.labels if x != -100))
    answer = tokenizer.decode(example.input_ids[prompt_length:])

    assert "[/INST]" not in answer and answer.startswith("@startuml")
    assert answer.endswith(tokenizer.eos_token)
    inputs = collate([example], tokenizer.pad_token_id)
    model.eval()
    with torch.no_grad():
        logits = model(input_ids=inputs["input_ids"]).logits[0]
        reported = model(**inputs).loss
    # Cross-entropy over the answer positions alone gives the reported loss.
    targets = torch.tensor(example.input_ids[prompt_length:])
    expected = torch.nn.functional.cross_entropy(logits[prompt_length - 1 : -1], targets)
    assert reported.item() == pytest.approx(expected.item(), rel=1e-5)


def test_slot_answers_name_the_listed_candidates(tiny):
    config, tokenizer, _ = tiny
    example = encode_example(tokenizer, PAIRS[0], config.resolved_format(), 512)
    text = tokenizer.decode(example.input_ids)

    assert "<n1> Member" in text or "<n2> Member" in text
    answer = text.split("[/INST]")[1]
    assert "Member" not in answer and "Librarian" not in answer


def test_a_saved_adapter_reloads_through_peft_with_the_same_output(tiny, tmp_path):
    from peft import PeftModel, get_peft_model
    from transformers import AutoModelForCausalLM

    config, tokenizer, base = tiny
    base.save_pretrained(tmp_path / "base")
    model = get_peft_model(
        AutoModelForCausalLM.from_pretrained(tmp_path / "base"), lora_config(config)
    )
    examples = [encode_example(tokenizer, p, config.resolved_format(), 512) for p in PAIRS]
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-2)
    train_steps(model, optimizer, [examples] * 3, tokenizer.pad_token_id)
    model.eval()
    inputs = collate(examples, tokenizer.pad_token_id)
    with torch.no_grad():
        before = model(input_ids=inputs["input_ids"]).logits
    model.save_pretrained(tmp_path / "adapter")

    reloaded = PeftModel.from_pretrained(
        AutoModelForCausalLM.from_pretrained(tmp_path / "base"), tmp_path / "adapter"
    ).eval()
    with torch.no_grad():
        after = reloaded(input_ids=inputs["input_ids"]).logits
        plain = reloaded.get_base_model()
    assert torch.allclose(before, after, atol=1e-6)
    with reloaded.disable_adapter(), torch.no_grad():
        assert not torch.allclose(plain(input_ids=inputs["input_ids"]).logits, after, atol=1e-4)


def test_the_qlora_setup_is_built_and_fits_phi_without_a_gpu(tiny):
    from peft import get_peft_model
    from transformers import PhiConfig, PhiForCausalLM

    quantization, lora = qlora_configs(TrainConfig())

    assert quantization.load_in_4bit
    assert quantization.bnb_4bit_quant_type == "nf4"
    assert quantization.bnb_4bit_use_double_quant
    assert quantization.bnb_4bit_compute_dtype == torch.bfloat16
    assert set(lora.target_modules) == set(LORA_TARGETS)
    # phi-1_5's layout (attention q/k/v/dense, MLP fc1/fc2) at a tiny size.
    phi = PhiForCausalLM(
        PhiConfig(
            vocab_size=64,
            hidden_size=32,
            intermediate_size=64,
            num_hidden_layers=2,
            num_attention_heads=2,
        )
    )
    names = {name.rsplit(".", 1)[-1] for name, _ in phi.named_modules()}
    assert set(LORA_TARGETS) <= names
    wrapped = get_peft_model(phi, lora)
    adapted = {
        n.split(".lora_A")[0].rsplit(".", 1)[-1]
        for n, _ in wrapped.named_parameters()
        if "lora_A" in n
    }
    assert adapted == set(LORA_TARGETS)
    trainable = [n for n, p in wrapped.named_parameters() if p.requires_grad]
    assert trainable and all("lora_" in n for n in trainable)


def test_the_command_line_overrides_the_defaults():
    config = parse_args(
        [
            "--from-scratch",
            "--size",
            "tiny",
            "--max-minutes",
            "2.5",
            "--lr",
            "0.001",
            "--batch-tokens",
            "2048",
            "--out",
            "somewhere",
            "--extra-data",
            "reviewed.jsonl",
        ]
    )

    assert config.from_scratch and config.size == "tiny"
    assert config.max_minutes == 2.5 and config.lr == 0.001 and config.batch_tokens == 2048
    assert config.out == "somewhere" and config.extra_data == "reviewed.jsonl"
    assert config.base == TrainConfig().base and config.resolved_format() == "plantweb-slots"
    assert parse_args([]).resolved_format() == "inst"


def test_a_short_run_saves_a_loadable_model_its_log_and_curve(tmp_path, capsys):
    if not data.DEFAULT_DATA.is_file():
        pytest.skip(f"the data set is not at {data.DEFAULT_DATA} (set PLANTWEB_DATASET)")
    from worker.generation import GenerationRequest, generate
    from worker.model import load_model

    out = train(
        TrainConfig(
            from_scratch=True,
            size="tiny",
            vocab_size=500,
            limit_train=8,
            max_minutes=0.1,
            warmup_steps=2,
            out=str(tmp_path / "m"),
            threads=2,
        )
    )

    log = [json.loads(line) for line in (out / "training_log.jsonl").read_text().splitlines()]
    assert any(r["kind"] == "train" for r in log) and log[-1]["kind"] == "val"
    assert (out / "loss.png").read_bytes().startswith(b"\x89PNG")
    assert (out / "model.safetensors").is_file()
    assert json.loads((out / "plantweb.json").read_text())["prompt_format"] == "plantweb-slots"
    loaded = load_model(str(out))
    [result] = generate(
        loaded, [GenerationRequest("A Clerk sells a Book.", "class")], max_new_tokens=8
    )
    assert result.new_tokens > 0
