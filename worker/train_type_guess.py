"""Trains the "auto" type guess: `python -m worker.train_type_guess`.

Reads scenarios whose writers named the diagram they meant (JSON Lines with "scenario" and
"type"; by default the sets in models/plantweb-plan/evaluation, written outside the project
in five styles), fits a TF-IDF logistic regression, and writes models/type-guess.json for
worker.type_guess. The data set's own scenarios are not used: it asks for one use case text in
up to seven types, so its texts carry no sign of the type wanted.

Reports, for each set, the accuracy of a model trained on all the other sets beside the
keyword guess's, so a set is never scored by a model that read it. Deterministic.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

from worker.diagram_types import keyword_guess
from worker.type_guess import SHIPPED, TypeGuesser, words

SETS_DIR = SHIPPED.parent / "plantweb-plan" / "evaluation"
# Regularisation, chosen by the held-out-set accuracy among 3, 10 and 30 (all within two
# scenarios of each other); words seen in fewer than two scenarios are left out.
C = 10.0
MIN_DF = 2


def default_sets() -> list[Path]:
    return sorted(SETS_DIR.glob("*-scenarios.jsonl"))


def read_sets(paths: list[Path]) -> dict[str, list[dict]]:
    sets = {}
    for path in sorted(paths):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        sets[path.name] = [r for r in rows if r.get("type") and r["type"] != "auto"]
    return sets


def fit(rows: list[dict]) -> TypeGuesser:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = TfidfVectorizer(min_df=MIN_DF, sublinear_tf=True)
    x = vectoriser.fit_transform([r["scenario"] for r in rows])
    model = LogisticRegression(C=C, max_iter=5000).fit(x, [r["type"] for r in rows])
    vocabulary = vectoriser.get_feature_names_out()
    return TypeGuesser.from_dict(
        {
            "types": [str(t) for t in model.classes_],
            "min_words": min(len(words(r["scenario"])) for r in rows),
            "intercepts": [round(float(v), 6) for v in model.intercept_],
            "words": {
                str(w): [round(float(vectoriser.idf_[j]), 6)]
                + [round(float(model.coef_[i][j]), 6) for i in range(len(model.classes_))]
                for j, w in enumerate(vocabulary)
            },
        }
    )


def to_dict(guesser: TypeGuesser, sources: dict) -> dict:
    return {
        "sources": sources,
        "types": list(guesser.types),
        "min_words": guesser.min_words,
        "intercepts": list(guesser.intercepts),
        "words": {w: [idf, *coefs] for w, (idf, coefs) in sorted(guesser.weights.items())},
    }


def held_out_report(sets: dict[str, list[dict]]) -> tuple[list[str], int, int, int]:
    """Per set: the guess of a model trained on the other sets, and the keyword guess."""
    lines, learned, keywords, total = [], 0, 0, 0
    for name, rows in sets.items():
        others = [r for other, rs in sets.items() if other != name for r in rs]
        guesser = fit(others)
        right = sum(guesser.guess(r["scenario"]) == r["type"] for r in rows)
        by_keywords = sum(keyword_guess(r["scenario"]) == r["type"] for r in rows)
        lines.append(f"{name}: learned {right}/{len(rows)}, keywords {by_keywords}/{len(rows)}")
        learned, keywords, total = learned + right, keywords + by_keywords, total + len(rows)
    return lines, learned, keywords, total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sets",
        nargs="*",
        type=Path,
        help=f"JSON Lines files (default {SETS_DIR}/*-scenarios.jsonl)",
    )
    parser.add_argument("--out", type=Path, default=SHIPPED)
    parser.add_argument("--no-report", action="store_true", help="skip the held-out report")
    args = parser.parse_args(argv)
    paths = args.sets or default_sets()
    sets = read_sets(paths)
    if not args.no_report:
        lines, learned, keywords, total = held_out_report(sets)
        print("\n".join(lines))
        print(
            f"each set guessed by a model trained on the others: {learned}/{total}"
            f" ({learned / total:.1%}); keywords {keywords}/{total} ({keywords / total:.1%})"
        )
    guesser = fit([r for rows in sets.values() for r in rows])
    sources = {
        name: hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()[:16]
        for name, rows in sets.items()
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(to_dict(guesser, sources), separators=(",", ":")) + "\n")
    print(f"wrote {args.out} ({len(guesser.weights)} words, {len(guesser.types)} types)")


if __name__ == "__main__":
    main()
