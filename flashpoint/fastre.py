"""Case-insensitive regular expressions that scan lowercased text.

Python's `re` cannot use its fast literal scan under IGNORECASE: every character is
case-folded while matching, which made the extractor's lexicons (triggers, dates,
casualty figures) its main cost.  A `Caseless` pattern scans `text.lower()` with the
pattern's literals lowercased (two to four times faster) and then confirms each hit
with the IGNORECASE pattern anchored at the same position, so callers get ordinary
match objects on the original text: same spans, same groups, same case.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

# Up to this many characters are searched with the IGNORECASE pattern itself: lowercasing costs the whole text,
# so a search in a short window of a long text ("the 12 characters before this figure") must not pay for it.
_WINDOW = 256
_KEEP = re.compile(r"\\N\{[^}]*\}|\\.|\(\?P[<=][^>)]*[>)]|\[:[a-z]+:\]", re.S)


def lower_literals(pattern: str) -> str:
    """`pattern` with its literal letters lowercased; escapes (\\S, \\W, \\B) and group names kept."""
    out: list[str] = []
    pos = 0
    for m in _KEEP.finditer(pattern):
        out.append(pattern[pos : m.start()].lower())
        out.append(m.group(0))
        pos = m.end()
    out.append(pattern[pos:].lower())
    return "".join(out)


class Caseless:
    """A compiled case-insensitive pattern with the subset of `re.Pattern`'s API the rules use."""

    __slots__ = ("pattern", "exact", "_lower")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.exact = re.compile(pattern, flags | re.I)
        self._lower = re.compile(lower_literals(pattern), flags & ~re.I)

    def _low(self, text: str) -> str | None:
        low = text.lower()
        return low if len(low) == len(text) else None  # a few characters lowercase to two

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if _short_window(text, pos, endpos):
            return self.exact.search(text, pos, endpos)  # lowercasing the whole text would cost more than the search
        low = self._low(text)
        if low is None:
            return self.exact.search(text, pos, endpos)
        m = self._lower.search(low, pos, endpos)
        if m is None:
            return None
        return self.exact.match(text, m.start(), endpos) or self.exact.search(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        low = None if _short_window(text, pos, endpos) else self._low(text)
        if low is None:
            yield from self.exact.finditer(text, pos, endpos)
            return
        for m in self._lower.finditer(low, pos, endpos):
            hit = self.exact.match(text, m.start(), endpos)
            if hit is not None:
                yield hit

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.exact.match(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.exact.fullmatch(text, pos, endpos)

    def sub(self, repl: str, text: str, count: int = 0) -> str:
        return self.exact.sub(repl, text, count)

    def split(self, text: str, maxsplit: int = 0) -> list[str]:
        return self.exact.split(text, maxsplit)


def _short_window(text: str, pos: int, endpos: int) -> bool:
    """Whether a search covers only a short window of a longer text."""
    end = min(endpos, len(text))
    return (pos > 0 or end < len(text)) and end - pos <= _WINDOW


def caseless(pattern: str, flags: int = 0) -> Caseless:
    return Caseless(pattern, flags)


_CACHE: dict[str, Caseless] = {}


def _cached(pattern: str) -> Caseless:
    pat = _CACHE.get(pattern)
    if pat is None:
        pat = _CACHE[pattern] = Caseless(pattern)
    return pat


def isearch(pattern: str, text: str) -> re.Match[str] | None:
    """`re.search(pattern, text, re.I)`, faster."""
    return _cached(pattern).search(text)


def imatch(pattern: str, text: str) -> re.Match[str] | None:
    """`re.match(pattern, text, re.I)`, without the `re` module's cache lookup."""
    return _cached(pattern).exact.match(text)


Pattern = re.Pattern[str] | Caseless  # what the rules accept: a plain or a caseless pattern
