"""Sentence boundaries for news text: paragraphs, then punctuation, minding abbreviations."""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    ["u.s", "u.k", "u.n", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gen", "maj", "lt", "col", "sgt", "capt", "adm", "brig", "mr", "mrs", "ms", "dr", "st", "no", "vs", "a.m", "p.m", "approx", "e.g", "i.e", "etc", "inc", "corp", "co", "jr", "sr", "gov", "sen", "rep", "fla", "calif"]
)
# a full stop, closing quotes or brackets and citation marks ("... gas field.[3] The claims", "drones.[ii] No
# group"), then a capital
_BOUNDARY = re.compile(r"[.!?](?:\[(?:\d{1,3}|[ivxlc]{1,6})\])*[\"'”’)\]]*(?:\[(?:\d{1,3}|[ivxlc]{1,6})\])*\s+"
                       r"(?=[\"'“‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the sentences of `text`."""
    spans: list[tuple[int, int]] = []
    for para in _PARAGRAPH.finditer(text):
        p_start = para.start()
        chunk = para.group(0)
        last = 0
        for m in _BOUNDARY.finditer(chunk):
            before = chunk[last : m.start() + 1]
            word = re.search(r"([A-Za-z.]+)\.$", before[-64:])  # the tail only: linear, same abbreviation test
            if word and word.group(1).lower().rstrip(".") in ABBREVIATIONS:
                continue
            if word and len(word.group(1)) == 1:  # an initial: "John F. Kennedy"
                continue
            end = m.start() + len(m.group(0).rstrip())
            _add(spans, text, p_start + last, p_start + end)
            last = m.end()
        _add(spans, text, p_start + last, p_start + len(chunk))
    return spans


# A paragraph: a line, also ended by a run of 8 or more spaces (a layout gap, not a space between words: the
# rules' patterns with adjacent optional spaces were quadratic in such a run).
_PARAGRAPH = re.compile(r"(?:(?!\s{8})[^\n])+")
# No sentence of a report is this long; a longer run (a list without full stops, junk) is cut at the last
# space before the limit, so that rules reading one sentence at a time stay linear in the text.
MAX_SENTENCE_CHARS = 3000


def _add(spans: list[tuple[int, int]], text: str, s: int, e: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    while e - s > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", s + MAX_SENTENCE_CHARS // 2, s + MAX_SENTENCE_CHARS)
        cut = cut if cut > s else s + MAX_SENTENCE_CHARS
        _add(spans, text, s, cut)
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if e > s:
        spans.append((s, e))
