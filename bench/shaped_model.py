"""A model with phi-1_5's shape and random weights, for timing generation where no hub is reached.

    python bench/shaped_model.py --out /tmp/phi-1_5-shape [--tokenizer models/plantweb-small]

Speed depends on the shape (layers, widths, vocabulary), not on the values of the weights, so
this model costs per token what microsoft/phi-1_5 costs. Its text is noise: it never writes
`@enduml`, so every request runs to its token limit, which makes one-by-one and batched runs
generate the same number of tokens. The tokenizer is copied from --tokenizer (ids it does not
know decode to nothing).
"""

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# microsoft/phi-1_5's config.json, as published with the model.
PHI_1_5 = dict(
    vocab_size=51200,
    hidden_size=2048,
    intermediate_size=8192,
    num_hidden_layers=24,
    num_attention_heads=32,
    max_position_embeddings=2048,
    partial_rotary_factor=0.5,
    hidden_act="gelu_new",
    layer_norm_eps=1e-5,
    tie_word_embeddings=False,
)
TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "plantweb.json",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="directory to write the model to")
    parser.add_argument("--tokenizer", default=str(ROOT / "models" / "plantweb-small"))
    args = parser.parse_args(argv)

    import torch
    from transformers import PhiConfig, PhiForCausalLM

    source = Path(args.tokenizer)
    special = PhiForCausalLM.config_class.from_pretrained(source)
    config = PhiConfig(
        **PHI_1_5,
        bos_token_id=special.bos_token_id,
        eos_token_id=special.eos_token_id,
        pad_token_id=special.pad_token_id,
    )
    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.manual_seed(0)
    with torch.device(device):
        model = PhiForCausalLM(config).to(torch.bfloat16)
    out = Path(args.out)
    model.save_pretrained(out)
    for name in TOKENIZER_FILES:
        if (source / name).exists():
            shutil.copy(source / name, out / name)
    params = sum(p.numel() for p in model.parameters())
    print(f"wrote {out}: {params / 1e9:.2f}B parameters, phi-1_5's shape, random weights")
    return 0


if __name__ == "__main__":
    sys.exit(main())
