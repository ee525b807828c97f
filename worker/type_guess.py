"""The learned guess of the diagram a scenario wants, for scenarios sent with "auto".

A linear model over the scenario's words (TF-IDF, one weight per word and type), trained by
`python -m worker.train_type_guess` on scenarios whose writers said which diagram they meant.
Plain Python and one JSON file: the web process guesses too, and it carries no model libraries.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# The file shipped with the product; without it "auto" falls back to the keyword guess.
SHIPPED = Path(__file__).resolve().parent.parent / "models" / "type-guess.json"

# scikit-learn's default token pattern, lower-cased: what the trainer's vectoriser reads.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def words(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


@dataclass(frozen=True)
class TypeGuesser:
    types: tuple[str, ...]
    # The shortest training text, in words: shorter texts are outside what the model has read.
    min_words: int
    intercepts: tuple[float, ...]
    # word -> (idf, one weight per type)
    weights: dict[str, tuple[float, tuple[float, ...]]]

    @classmethod
    def from_dict(cls, data: dict) -> TypeGuesser:
        return cls(
            types=tuple(data["types"]),
            min_words=int(data.get("min_words", 0)),
            intercepts=tuple(data["intercepts"]),
            weights={w: (row[0], tuple(row[1:])) for w, row in data["words"].items()},
        )

    @classmethod
    def load(cls, path: str | Path) -> TypeGuesser:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    def scores(self, scenario: str) -> dict[str, float] | None:
        """Each type's score, or None for a text shorter than any the model was trained on or
        with no word it knows (a guess from the intercepts alone would say nothing)."""
        tokens = words(scenario)
        counts = Counter(w for w in tokens if w in self.weights)
        if len(tokens) < self.min_words or not counts:
            return None
        # Sublinear term frequency times idf, scaled to unit length, as the trainer's
        # vectoriser builds it.
        values = {w: (1 + math.log(n)) * self.weights[w][0] for w, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values()))
        totals = list(self.intercepts)
        for w, v in values.items():
            for i, coef in enumerate(self.weights[w][1]):
                totals[i] += coef * v / norm
        return dict(zip(self.types, totals, strict=True))

    def guess(self, scenario: str) -> str | None:
        scores = self.scores(scenario)
        if scores is None:
            return None
        return max(self.types, key=lambda t: scores[t])


@cache
def shipped_guesser() -> TypeGuesser | None:
    return TypeGuesser.load(SHIPPED) if SHIPPED.exists() else None
