"""Regression tests for the hang classes fuzzing found in extraction (issue 15).

Each input below took from 20 seconds to forever before the fix; a hang is a document taking over 10 s of CPU,
so each test fails if its call uses more than 10 s of CPU (the densest document takes about 4 s, the rest well under one). Where the fix bounds
work that can be counted (gazetteer lookups), the count is checked instead of the clock.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from flashpoint.nlp import places as places_mod
from flashpoint.nlp.dates import find_dates
from flashpoint.nlp.numbers import find_casualties, parse_number
from flashpoint.nlp.pipeline import Extractor
from flashpoint.nlp.sentences import MAX_SENTENCE_CHARS, split_sentences
from flashpoint.ontology.places import gazetteer

HANG_SECONDS = 10
REF = dt.date(2024, 1, 5)


@contextmanager
def no_hang() -> Iterator[None]:
    """Fails the call once it has used HANG_SECONDS of CPU: the work it does, not how busy the machine is
    (a wall-clock limit failed sound code on a loaded CI runner)."""
    def alarm(*_: object) -> None:
        raise TimeoutError(f"over {HANG_SECONDS} s of CPU: a hang")

    old = signal.signal(signal.SIGPROF, alarm)
    signal.setitimer(signal.ITIMER_PROF, HANG_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def test_capitalised_words_without_punctuation(extractor: Extractor) -> None:
    rnd = random.Random(3)
    words = ["Alpha", "Baghdad", "Camp", "Delta", "Erbil", "Syria", "Iraq", "Base", "North", "Al", "Tanf", "Front"]
    text = " ".join(rnd.choice(words) for _ in range(3000))
    with no_hang():
        extractor.extract_text("caps", text, REF)


def test_gazetteer_lookups_grow_linearly_with_a_capitalised_run(monkeypatch: pytest.MonkeyPatch) -> None:
    gaz = gazetteer()
    calls = 0
    real = type(gaz).lookup

    def counting(self: object, name: str, context: tuple[str, ...] = ()) -> list[object]:
        nonlocal calls
        calls += 1
        return real(self, name, context)  # type: ignore[arg-type]

    monkeypatch.setattr(type(gaz), "lookup", counting)
    for n in (200, 2000):
        calls = 0
        places_mod.find_places(" ".join(["Baghdad", "Al", "Camp", "Victory", "Front"] * (n // 5)), gaz)
        assert calls <= places_mod._LONG_RUN_SPAN * n, (n, calls)  # a bounded number of spans per word (was n * n / 2)


def _longest_brute_force(m: re.Match[str], words: list[re.Match[str]], gaz: object, context: tuple[str, ...]) -> list:
    """The original search: every span from each word, longest first (with the search's rule for names)."""
    found = []
    i, n = 0, len(words)
    while i < n:
        hit = None
        for j in range(n, i, -1):
            s = m.start() + words[i].start()
            e = m.start() + words[j - 1].end()
            span = places_mod._TRAIL.sub("", m.string[s:e].rstrip(".,;:"))
            cands = gaz.lookup(span, context)  # type: ignore[attr-defined]
            if cands and (places_mod._starts_a_name(cands[0], words, i, j)
                          or places_mod._ends_a_name(cands[0], words, i, j, found, m.start())) \
                    and not places_mod._title_case_line(m.string, s):
                break  # a town opening or closing a longer name (the same rule as the search)
            if cands:
                hit = (places_mod.PlaceMention(s, s + len(span), span, cands[0]), j)
                break
        if hit:
            found.append(hit[0])
            i = hit[1]
        else:
            i += 1
    return found


def test_the_bounded_place_search_finds_what_the_full_search_found() -> None:
    """In runs of up to 12 words (prose has no longer capitalised runs) nothing changed."""
    gaz = gazetteer()
    rnd = random.Random(11)
    names = ["Ain al-Asad", "Al Asad", "Baghdad", "Erbil", "Tower", "Al Tanf", "Deir ez-Zor", "Abu Kamal", "Camp Victory",
             "Al", "The", "Of", "Green", "Kirkuk", "Mosul", "Northern", "Syria", "Iraq", "Harir", "Al Udeid", "Jordan"]
    for _ in range(150):
        text = " ".join(rnd.choice(names) for _ in range(rnd.randint(1, 12)))
        for m in places_mod._CAND.finditer(text):
            words = list(re.finditer(r"\S+", m.group(0)))
            assert places_mod._longest(m, words, gaz, ()) == _longest_brute_force(m, words, gaz, ()), text


def test_a_long_run_of_letters_before_an_exclamation() -> None:
    with no_hang():
        spans = split_sentences("a" * 200_000 + "! B then more.")
    assert spans[-1][1] == 200_000 + len("! B then more.")


def test_sentences_are_cut_at_a_bounded_length() -> None:
    text = " ".join(["word"] * 5000)  # 25,000 characters without a full stop
    spans = split_sentences(text)
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e in spans) and spans[0][0] == 0 and spans[-1][1] == len(text)
    assert " ".join(text[s:e] for s, e in spans) == text


@pytest.mark.parametrize("run", ["(", "$", "'s", "…", "([{<"])
def test_runs_of_brackets_and_symbols(extractor: Extractor, run: str) -> None:
    with no_hang():
        extractor.extract_text("run", (run * 40_000)[:40_000], REF)


def test_tens_of_thousands_of_dates() -> None:
    text = " ".join(f"on January {d % 28 + 1}, 2024 and" for d in range(40_000))
    with no_hang():
        found = find_dates(text)
    assert len(found) == 40_000


def test_a_sentence_with_thousands_of_figures() -> None:
    sentence = "killed 5 people and wounded 7, " * 10_000
    with no_hang():
        found = find_casualties(sentence)
    assert len(found) == 20_000


def test_an_organisation_name_ending_in_a_line_break_and_an_article(extractor: Extractor) -> None:
    with no_hang():
        extractor.extract_text("org", "Fighters of the Popular Front\nthe group said it fired rockets.", REF)


def test_huge_numbers_are_not_counts() -> None:
    assert parse_number("9" * 5000) is None and parse_number("9" * 16) is None
    assert parse_number("1,000,000") == 1_000_000 and parse_number("twenty-five") == 25


def test_a_document_at_the_size_limit_full_of_events(extractor: Extractor) -> None:
    rnd = random.Random(5)
    words = ["Kataib", "Hezbollah", "fired", "rockets", "at", "Ain", "al-Asad", "killing", "two", "soldiers", "in", "Iraq",
             "on", "Monday", "U.S.", "forces", "struck", "Syria", "claimed", "the", "attack", "near", "Erbil"]
    text = ". ".join(" ".join(rnd.choice(words) for _ in range(12)) for _ in range(4000))
    with no_hang():
        extractor.extract_text("dense", text, REF)


@pytest.mark.parametrize("run", ["an " * 12_000, "one " * 12_000, "twenty-" * 12_000, "1" + ",000" * 50_000])
def test_a_long_run_of_number_words_or_thousands_groups(run: str) -> None:
    """Each took over a minute (a number was scanned to the end of the run from every word or digit of it)."""
    with no_hang():
        find_casualties("killed " + run + " soldiers and wounded 3 others")
    assert parse_number("twenty-five") == 25 and parse_number("1,250,000") == 1_250_000


def test_a_layout_gap_of_eight_spaces_ends_a_sentence() -> None:
    text = "Rockets hit the base" + " " * 8 + "Column two   starts here."
    assert [text[s:e] for s, e in split_sentences(text)] == ["Rockets hit the base", "Column two   starts here."]
