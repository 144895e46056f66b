"""What the trained models read: language and the kind of a mention, never a name or a report's wording."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from flashpoint.nlp.analysis import analyse
from flashpoint.nlp.events import hard_drop, propose
from flashpoint.nlp.features import featurize, sentence_of, word_class
from flashpoint.nlp.roles import option_features, options
from flashpoint.ontology.profile import load_profile, use_profile


@pytest.mark.parametrize(
    ("token", "sentence_initial", "expected"),
    [
        ("attacks", False, "attacks"),
        ("Halvorsen", False, "CAP"),
        ("Halvorsen", True, "CAP"),  # a name opening a sentence is still a name
        ("The", True, "the"),  # a function word opening a sentence is itself
        ("After", True, "after"),
        ("QUNEITRA", True, "CAP"),  # a dateline in capitals
        ("Moscow-backed", False, "CAP-backed"),  # the relation stays, the name goes
        ("al-Rahimi", False, "al-CAP"),
        ("pro-Ankara", False, "pro-CAP"),
        ("Oslo’s", False, "CAP's"),
        ("1,200", False, "NUM"),
        ("“", False, "QUOTE"),
    ],
)
def test_word_class_hides_names_and_keeps_language(token: str, sentence_initial: bool, expected: str) -> None:
    assert word_class(token, sentence_initial) == expected


# Names here are invented or outside any profile's lexicon; none may reach a feature.
_TEXT = (
    "Halvorsen said on Tuesday that Kataib Hezbollah fighters fired rockets at the Harir base in Erbil, "
    "wounding two American soldiers. "
    "Colonel Brenna Ostrowski, a spokeswoman for the coalition, warned the militia, which Tehran has armed and "
    "trained for a decade according to several regional governments, not to strike again. "
    "Washington-backed forces retaliated with air strikes on Thursday near al-Qaim, the Pentagon said."
)
_NAMES = ("halvorsen", "kataib", "hezbollah", "harir", "erbil", "brenna", "ostrowski", "tehran",
          "washington", "qaim", "pentagon", "american")


def test_no_feature_of_the_decider_or_the_role_models_holds_a_name_or_a_long_phrase() -> None:
    profile = load_profile("us-iran-axis")
    names: set[str] = set()
    with use_profile(profile):
        ctx = analyse("features-test", _TEXT, dt.date(2024, 2, 9), "metadata")
        cands = [c for c in propose(ctx) if not hard_drop(c)]
        assert cands, "the test text should give candidates"
        featurize(cands, ctx)
        for c in cands:
            names.update(c.features)
            sent = sentence_of(c, ctx)
            opts = options(c, sent)
            for k in range(len(opts)):
                names.update(option_features(c, sent, opts, k))
    values = [n.split("=", 1)[1] for n in names if "=" in n]
    assert any(v.startswith("ACT:") or " ACT:" in v for v in values), "mentions should appear as their kind"
    leaked = [n for n in names if any(re.search(rf"\b{w}\b", n) for w in _NAMES)]
    assert leaked == []
    long_values = [v for v in values if len(v.split()) > 4]
    assert long_values == []
