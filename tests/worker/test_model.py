import json
import shutil

import pytest
from peft import PeftModel

from tests.tiny_model import ADAPTER_EXAMPLE, DEFAULT_EXAMPLES, MAX_NEW_TOKENS
from worker import model as model_module
from worker.generation import GenerationRequest, generate
from worker.model import ModelNotConfigured, get_model, load_model


def test_the_tiny_model_writes_each_examples_diagram(tiny_loaded):
    requests = [GenerationRequest(scenario, t) for scenario, t, _ in DEFAULT_EXAMPLES]
    results = generate(tiny_loaded, requests)
    assert [r.plantuml for r in results] == [code for _, _, code in DEFAULT_EXAMPLES]


def test_loading_reads_plantweb_json_and_pads_on_the_left(tiny_loaded, tiny_model_dir):
    assert tiny_loaded.prompt_format == "inst"
    assert tiny_loaded.max_new_tokens == MAX_NEW_TOKENS
    assert tiny_loaded.device == "cpu"
    assert tiny_loaded.name == str(tiny_model_dir)
    assert tiny_loaded.tokenizer.padding_side == "left"
    assert tiny_loaded.tokenizer.pad_token is not None
    assert not tiny_loaded.model.training


def test_an_adapter_changes_what_the_model_writes(tiny_adapter_dirs, tiny_loaded):
    base_dir, adapter_dir = tiny_adapter_dirs
    scenario, diagram_type, expected = ADAPTER_EXAMPLE
    request = [GenerationRequest(scenario, diagram_type)]
    assert generate(tiny_loaded, request)[0].plantuml != expected

    adapted = load_model(str(base_dir), str(adapter_dir))
    assert generate(adapted, request)[0].plantuml == expected
    # Unquantized, the adapter is folded into the weights: no extra products per token.
    assert not isinstance(adapted.model, PeftModel)
    assert adapted.name == f"{base_dir} + {adapter_dir}"
    # The adapter's plantweb.json wins over the base model's.
    adapter_settings = json.loads((adapter_dir / "plantweb.json").read_text())
    assert adapted.max_new_tokens == adapter_settings["max_new_tokens"] != MAX_NEW_TOKENS


def test_an_unknown_prompt_format_is_refused_at_load(tiny_model_dir, tmp_path):
    model_dir = tmp_path / "model"
    shutil.copytree(tiny_model_dir, model_dir)
    (model_dir / "plantweb.json").write_text(json.dumps({"prompt_format": "chatml"}))
    with pytest.raises(ValueError, match="chatml"):
        load_model(str(model_dir))


def test_a_model_without_plantweb_json_uses_the_inst_format(tiny_model_dir, tmp_path):
    model_dir = tmp_path / "model"
    shutil.copytree(tiny_model_dir, model_dir)
    (model_dir / "plantweb.json").unlink()
    loaded = load_model(str(model_dir))
    assert (loaded.prompt_format, loaded.max_new_tokens) == ("inst", None)


def test_4bit_needs_cuda(tiny_model_dir):
    with pytest.raises(ValueError, match="CUDA"):
        load_model(str(tiny_model_dir), device="cpu", quantize_4bit=True)


def test_get_model_explains_what_to_set(monkeypatch):
    monkeypatch.delenv("PLANTWEB_MODEL", raising=False)
    with pytest.raises(ModelNotConfigured, match="PLANTWEB_MODEL"):
        get_model()


def test_an_unknown_precision_is_refused_with_the_choices(monkeypatch, tiny_model_dir):
    monkeypatch.setattr(model_module, "_cached", {})
    monkeypatch.setenv("PLANTWEB_MODEL", str(tiny_model_dir))
    monkeypatch.setenv("PLANTWEB_PRECISION", "fp8")
    with pytest.raises(ValueError, match="'fp8'.*4bit, bf16"):
        get_model()


def test_get_model_loads_once_per_process(monkeypatch, tiny_model_dir):
    monkeypatch.setattr(model_module, "_cached", {})
    monkeypatch.setenv("PLANTWEB_MODEL", str(tiny_model_dir))
    monkeypatch.delenv("PLANTWEB_ADAPTER", raising=False)
    first = get_model()
    assert get_model() is first
    assert first.name == str(tiny_model_dir)


def test_a_types_limit_in_plantweb_json_bounds_its_answers_and_no_others(tiny_model_dir, tmp_path):
    """
    GIVEN a model whose plantweb.json gives sequence diagrams a limit too short for an answer
    WHEN a class and a sequence scenario are written in one batch
    THEN the sequence answer stops at its limit, and the class answer is whole
    """
    model_dir = tmp_path / "model"
    shutil.copytree(tiny_model_dir, model_dir)
    settings = json.loads((model_dir / "plantweb.json").read_text())
    settings["max_new_tokens_by_type"] = {"sequence": 6}
    (model_dir / "plantweb.json").write_text(json.dumps(settings))
    (class_scenario, _, class_code), (sequence_scenario, _, _) = DEFAULT_EXAMPLES[:2]
    requests = [
        GenerationRequest(class_scenario, "class"),
        GenerationRequest(sequence_scenario, "sequence"),
    ]

    whole, cut = generate(load_model(str(model_dir)), requests)

    assert cut.new_tokens <= 6
    assert cut.plantuml is None
    assert whole.plantuml == class_code
