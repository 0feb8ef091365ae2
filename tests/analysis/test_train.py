"""Threshold choice (articles/analysis/train.py) on small synthetic records."""

from articles.analysis import gazetteer
from articles.analysis.train import (
    TARGET,
    choose_flag_thresholds,
    choose_genre_threshold,
    evaluate,
    fit,
)


def record(gold, guess, lead, flags=(), required=()):
    weights = dict.fromkeys(
        ["reporting", "opinion", "analysis", "statement", "aggregated"], 0.0
    )
    weights[guess] = lead
    weights["reporting" if guess != "reporting" else "opinion"] = 1.0
    return {
        "file": f"{gold}-{guess}-{lead}",
        "gold": gold,
        "guess": guess,
        "weights": weights,
        "flags": list(flags),  # (kind, base, scaled, hits, neutral)
        "required": list(required),
    }


def test_the_genre_threshold_leaves_out_the_unsure_wrong_guesses():
    records = [record("opinion", "opinion", 5.0) for _ in range(8)] + [
        record("opinion", "reporting", 1.2),
        record("statement", "reporting", 1.3),
    ]
    threshold = choose_genre_threshold(records, temperature=0.5)
    assert 0.5 <= threshold <= 0.99
    result = evaluate(records, lambda r: {"genre": {"temperature": 0.5,
                                                    "threshold": threshold},
                                          "flags": {}})  # fmt: skip
    # The least sure wrong guess is held back; what is still suggested is right
    # at least 80% of the time (8 of 9).
    assert result["unclassified"] == 1
    assert result["genre"] == 0.8


def test_a_flag_kind_gets_the_lowest_threshold_that_keeps_precision():
    genre = {"temperature": 0.5, "threshold": 0.5}
    flags = [
        ("loaded_language", 0.95, False, [0], False),
        ("loaded_language", 0.9, False, [1], False),
        ("loaded_language", 0.4, False, [], False),  # wrong, unsure
        ("off_topic", 0.7, False, [], False),  # never right
    ]
    records = [record("reporting", "reporting", 5.0, flags, ["loaded_language"] * 2)]
    chosen = choose_flag_thresholds(records, genre)
    assert 0.4 < chosen["loaded_language"] <= 0.9
    assert chosen["off_topic"] > 0.7
    assert chosen["altered_quote"] == TARGET  # never suggested: the target itself
    params = fit(records)
    assert set(params) == {"genre", "flags"}


def test_the_reference_lists_find_states_capitals_and_bodies():
    text = "Georgia's army and the U.N. met in Abu Dhabi; UN envoys, not un-named ones."
    found = [
        (text[s:e], entry.name, entry.form) for s, e, entry in gazetteer.find(text)
    ]
    assert ("Georgia", "Georgia", "name") in found
    assert ("Abu Dhabi", "United Arab Emirates", "capital") in found
    assert ("UN", "United Nations", "abbreviation") in found
    assert not any(surface == "un" for surface, _n, _f in found)
    assert gazetteer.canonical("Sudanese").name == "Sudan"
