import pytest

from worker.prompt import build_prompt
from worker.tokenizer import STRUCTURE_TOKENS, train_bpe_tokenizer

CORPUS = [
    build_prompt("A shop sells books.", "class") + "@startuml\nclass Book\n@enduml</s>",
    build_prompt("A user logs in.", "sequence") + "@startuml\nUser -> App : login\n@enduml</s>",
]


@pytest.fixture(scope="module")
def tokenizer():
    return train_bpe_tokenizer(CORPUS, 400)


def test_any_text_survives_encoding_and_decoding(tokenizer):
    text = "Ünïcode → ✓, tabs\tand  spaces\n@startuml\nclass Ωmega\n@enduml"
    ids = tokenizer(text, add_special_tokens=False).input_ids
    assert tokenizer.decode(ids) == text


def test_prompt_markers_are_single_tokens_kept_when_decoding(tokenizer):
    for marker in STRUCTURE_TOKENS:
        ids = tokenizer(f"x {marker} y", add_special_tokens=False).input_ids
        assert tokenizer.convert_tokens_to_ids(marker) in ids
        assert marker in tokenizer.decode(ids, skip_special_tokens=True)


def test_special_tokens_are_named_and_nothing_is_added_around_text(tokenizer):
    assert (tokenizer.bos_token, tokenizer.eos_token, tokenizer.pad_token) == (
        "<s>",
        "</s>",
        "<pad>",
    )
    ids = tokenizer("<s>[INST]hi", add_special_tokens=True).input_ids
    assert ids[0] == tokenizer.bos_token_id
    assert ids.count(tokenizer.bos_token_id) == 1


def test_the_vocabulary_respects_the_requested_size(tokenizer):
    assert len(tokenizer) <= 400 + len(STRUCTURE_TOKENS)


def test_it_saves_and_loads_as_a_transformers_tokenizer(tokenizer, tmp_path):
    from transformers import AutoTokenizer

    tokenizer.save_pretrained(tmp_path)
    loaded = AutoTokenizer.from_pretrained(tmp_path)
    assert loaded(CORPUS[0]).input_ids == tokenizer(CORPUS[0]).input_ids
