import pytest

from tests.tiny_model import DEFAULT_EXAMPLES
from worker.generation import GenerationRequest, PromptTooLong, generate

REQUESTS = [GenerationRequest(scenario, t) for scenario, t, _ in DEFAULT_EXAMPLES]


def test_a_batch_gives_the_same_answers_as_one_by_one(tiny_loaded):
    # Mixed lengths, so the shorter prompts are padded in the batch.
    requests = [*REQUESTS, GenerationRequest("Shop.", "class"), REQUESTS[0]]
    batched = generate(tiny_loaded, requests)
    alone = [generate(tiny_loaded, [request])[0] for request in requests]
    assert [r.text for r in batched] == [r.text for r in alone]
    assert [r.new_tokens for r in batched] == [r.new_tokens for r in alone]


def test_answers_never_hold_the_prompt_and_end_at_enduml(tiny_loaded):
    for result in generate(tiny_loaded, REQUESTS):
        assert "[INST]" not in result.text
        assert "Description:" not in result.text
        assert result.text.startswith("@startuml")
        assert result.text.endswith("@enduml")
        assert result.plantuml == result.text
        assert 0 < result.new_tokens < tiny_loaded.max_new_tokens
        assert result.seconds > 0


def test_max_new_tokens_bounds_the_answer(tiny_loaded):
    result = generate(tiny_loaded, REQUESTS[:1], max_new_tokens=4)[0]
    assert result.new_tokens <= 4
    assert result.plantuml is None


def test_sampling_with_a_seed_is_repeatable_and_gives_several_answers(tiny_loaded):
    options = {"do_sample": True, "temperature": 1.5, "seed": 7, "num_return_sequences": 3}
    first = generate(tiny_loaded, REQUESTS[:2], **options)
    again = generate(tiny_loaded, REQUESTS[:2], **options)
    assert len(first) == 6
    assert [r.text for r in first] == [r.text for r in again]
    assert len({r.text for r in first}) > 1


def test_several_answers_need_sampling(tiny_loaded):
    with pytest.raises(ValueError, match="do_sample"):
        generate(tiny_loaded, REQUESTS, num_return_sequences=2)


def test_a_prompt_longer_than_the_context_is_refused(tiny_loaded):
    scenario = "The library lends books to members. " * 2000
    with pytest.raises(PromptTooLong, match="too long"):
        generate(tiny_loaded, [GenerationRequest(scenario, "class")])


def test_no_requests_give_no_results(tiny_loaded):
    assert generate(tiny_loaded, []) == []
