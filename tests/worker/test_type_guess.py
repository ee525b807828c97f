import json

import pytest

from worker import train_type_guess
from worker.diagram_types import guess_diagram_type, keyword_guess
from worker.type_guess import SHIPPED, TypeGuesser

# Written for these tests, in the way people describe their systems without naming a diagram;
# the keyword guess gets each of them wrong.
UNNAMED = [
    (
        "Right now at the allotment: plot 7 is rented by Mrs Patel, plot 8 is empty, plot 9"
        " belongs to the school garden club with Mr Hughes as contact. Plot 7 has shed S2 and"
        " water butt B4; the school's plot shares butt B4 too.",
        "object",
    ),
    (
        "A library book starts on the shelf. When someone borrows it, it is on loan; if it is"
        " not returned after three weeks it is overdue, and after a reminder it can still come"
        " back. A lost book is written off and never returns to the shelf.",
        "state",
    ),
    (
        "Every Monday the site manager checks the scaffolding. She walks each level, and if a"
        " clip is loose she tags the bay and calls the fitter; otherwise she signs the sheet."
        " Then she photographs the register and emails it to head office before nine.",
        "activity",
    ),
    (
        "When a driver pulls up to the car park barrier, the camera reads the plate and passes"
        " it to the booking server. The server looks up the booking and answers yes or no; on"
        " yes the barrier controller lifts the arm and the display greets the driver by name.",
        "sequence",
    ),
    (
        "Our choir needs a small website. Singers log in to see the rehearsal schedule and"
        " download scores. The section leaders upload practice tracks and mark attendance. The"
        " treasurer records subscriptions and sends reminders to anyone who has not paid.",
        "usecase",
    ),
]


@pytest.mark.parametrize(("scenario", "expected"), UNNAMED)
def test_the_wording_decides_the_type_where_keywords_guess_wrong(scenario, expected):
    assert keyword_guess(scenario) != expected
    assert guess_diagram_type(scenario) == expected


def test_a_type_named_outright_wins_over_the_wording():
    snapshot, _ = UNNAMED[0]
    assert guess_diagram_type(snapshot + " Please draw it as a class diagram.") == "class"
    assert guess_diagram_type("Draw the library book as a state machine: " + UNNAMED[1][0]) == (
        "state"
    )


def test_an_instance_view_is_an_object_diagram_by_its_other_name():
    text = (
        "An instance view of the train network: train IC 512 runs from station Gent to station"
        " Brugge. Its driver is employee Lotte Maes. Carriage 3 of the train is the bistro car."
    )
    assert guess_diagram_type(text) == "object"
    # (the wording alone reads as parts of a network)
    assert guess_diagram_type(text.replace("An instance view of", "About")) != "object"


def test_a_text_shorter_than_any_the_guess_was_trained_on_is_read_by_keywords():
    guesser = TypeGuesser.load(SHIPPED)
    short = "Customers place orders; each order has many order lines."
    assert guesser.guess(short) is None
    assert guess_diagram_type(short) == keyword_guess(short) == "class"


def test_the_shipped_guess_agrees_with_the_model_it_was_fitted_as():
    # The guess runs in plain Python; scikit-learn's own pipeline, fitted the same way on the
    # same rows, must give the same scores.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    sets = train_type_guess.read_sets(train_type_guess.default_sets())
    rows = [r for name in sorted(sets)[:6] for r in sets[name]]
    guesser = train_type_guess.fit(rows)
    vectoriser = TfidfVectorizer(min_df=train_type_guess.MIN_DF, sublinear_tf=True)
    x = vectoriser.fit_transform([r["scenario"] for r in rows])
    model = LogisticRegression(C=train_type_guess.C, max_iter=5000).fit(
        x, [r["type"] for r in rows]
    )
    texts = [scenario for scenario, _ in UNNAMED]
    expected = model.decision_function(vectoriser.transform(texts))
    for text, row in zip(texts, expected, strict=True):
        scores = guesser.scores(text)
        assert [scores[t] for t in model.classes_] == pytest.approx(list(row), abs=1e-3)


def test_training_reproduces_the_shipped_guess(tmp_path):
    out = tmp_path / "type-guess.json"
    train_type_guess.main(["--no-report", "--out", str(out)])
    assert json.loads(out.read_text()) == json.loads(SHIPPED.read_text())
