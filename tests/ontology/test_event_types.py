"""Every trigger pattern of the event-type lexicon matches the example sentences kept beside it."""

from importlib import resources

import pytest
import yaml

from flashpoint.fastre import caseless
from flashpoint.ontology.event_types import VERBAL, lexicon_examples


@pytest.mark.parametrize(("kind", "etype", "pattern", "example"),
                         [(k, t, p, e) for t, k, p, e in lexicon_examples()])
def test_pattern_matches_its_examples(kind: str, etype: str, pattern: str, example: str) -> None:
    assert caseless(rf"\b(?:{pattern})\b").search(example), (etype, kind, pattern, example)


def test_every_pattern_has_an_example() -> None:
    data = yaml.safe_load(resources.files("flashpoint.ontology").joinpath("data/event_types.yaml").read_text("utf-8"))
    for name in ("ASSAULT", *VERBAL):
        for kind in ("triggers", "broad"):
            for t in data[name].get(kind) or []:
                assert t.get("examples"), (name, kind, t["pattern"])
