"""The retrieval baseline: the reference diagram of the most similar training scenario.

It answers with a real, rendering diagram of the right type while ignoring what the new
scenario says, which is what a model that only recites its training set would do. Element
F1 against it shows whether a model reads the scenario.
"""

from __future__ import annotations

from worker.data import Pair


class NearestDiagram:
    """TF-IDF over training scenarios, searched within the requested type."""

    def __init__(self, pairs: list[Pair]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        if not pairs:
            raise ValueError("The retrieval baseline needs at least one training pair")
        self.pairs = list(pairs)
        self.vectorizer = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=1)
        self.matrix = self.vectorizer.fit_transform(p.scenario for p in self.pairs)

    def nearest(self, scenario: str, diagram_type: str | None = None) -> Pair:
        """The most similar training pair of diagram_type (of any type if it has none)."""
        scores = (self.matrix @ self.vectorizer.transform([scenario]).T).toarray().ravel()
        allowed = [i for i, p in enumerate(self.pairs) if p.diagram_type == diagram_type]
        pool = allowed or range(len(self.pairs))
        return self.pairs[max(pool, key=lambda i: (scores[i], -i))]
