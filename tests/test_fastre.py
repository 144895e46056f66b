"""Caseless patterns must find exactly what the IGNORECASE pattern finds, with spans on the original text."""

import re

import pytest

from flashpoint.fastre import caseless, imatch, isearch, lower_literals

CASES = [
    (r"\b(?P<mon>Jan(?:uary)?|Feb)\.?\s+(?P<day>\d+)", "Strikes on JAN. 20 and feb 2, then Jan 28."),
    (r"[A-Z][a-z]+\s+Air\s+Base", "Rockets hit AIN AL-ASAD air base and Tanf Air Base; al-Asad AIR BASE too."),
    (r"\bkill(?:ed|ing)\s+(?P<n>\d+)\S*", "The strike KILLED 3 and wounded 4; killing 12."),
    (r"\bno\s+\S+\s+\W", "NO injuries , no one ;"),
    (r"\bi\w+", "İstanbul is not Iraq"),  # 'İ' lowercases to two characters: falls back to IGNORECASE
]


@pytest.mark.parametrize("pattern,text", CASES)
def test_same_matches_as_ignorecase(pattern: str, text: str) -> None:
    exact = re.compile(pattern, re.I)
    fast = caseless(pattern)
    assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [(m.span(), m.groups()) for m in exact.finditer(text)]
    got, want = fast.search(text), exact.search(text)
    assert (got and (got.span(), got.group(0))) == (want and (want.span(), want.group(0)))
    assert isearch(pattern, text) is not None
    assert imatch(pattern, text[want.start() :]) is not None if want else True


def test_groups_keep_original_case() -> None:
    m = caseless(r"\b(?P<name>al-\w+)").search("the AL-Asad base")
    assert m is not None and m.group("name") == "AL-Asad"


def test_escapes_and_group_names_survive_lowering() -> None:
    assert lower_literals(r"(?P<Day>\S+)\W\B[A-Z]\N{DASH}X") == r"(?P<Day>\S+)\W\B[a-z]\N{DASH}x"
    assert caseless(r"(?P<Word>\S+)\s+BASE").search("Tanf base").group("Word") == "Tanf"  # type: ignore[union-attr]


@pytest.mark.parametrize("pattern,text", CASES)
def test_windows_find_what_ignorecase_finds(pattern: str, text: str) -> None:
    # a search in a window of a text (short: the IGNORECASE pattern; long: the lowercased scan) finds the same
    exact = re.compile(pattern, re.I)
    fast = caseless(pattern)
    long_text = text + " filler" * 60
    for t in (text, long_text):
        for pos, end in ((0, len(t)), (3, len(t) - 2), (5, min(len(t), 30)), (0, 400)):
            got, want = fast.search(t, pos, end), exact.search(t, pos, end)
            assert (got and got.span()) == (want and want.span())
            assert [m.span() for m in fast.finditer(t, pos, end)] == [m.span() for m in exact.finditer(t, pos, end)]
