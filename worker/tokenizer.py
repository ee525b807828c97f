"""Trains a small byte-level BPE tokenizer, for models built from scratch (tests, experiments)."""

from collections.abc import Iterable

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import PreTrainedTokenizerFast

DEFAULT_SPECIAL_TOKENS = ("<s>", "</s>", "<pad>", "<unk>")
# Kept whole so prompts and answers split at the same places however the text around them
# merges. They are ordinary tokens, not special ones: decoding keeps them in the text.
STRUCTURE_TOKENS = ("[INST]", "[/INST]", "@startuml", "@enduml")


def train_bpe_tokenizer(
    texts: Iterable[str],
    vocab_size: int,
    *,
    special_tokens: tuple[str, ...] = DEFAULT_SPECIAL_TOKENS,
) -> PreTrainedTokenizerFast:
    """A byte-level BPE tokenizer trained on texts: any byte string encodes and decodes back.

    The first four special tokens are used as bos, eos, pad and unk. No token is added
    automatically around encoded text: prompts carry their own "<s>".
    """
    if len(special_tokens) < 4:
        raise ValueError("special_tokens needs bos, eos, pad and unk, in that order")
    bos, eos, pad, unk = special_tokens[:4]

    tokenizer = Tokenizer(models.BPE(unk_token=unk))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=list(special_tokens),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(texts, trainer=trainer)

    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token=bos,
        eos_token=eos,
        pad_token=pad,
        unk_token=unk,
        clean_up_tokenization_spaces=False,
    )
    fast.add_tokens(list(STRUCTURE_TOKENS))
    return fast
