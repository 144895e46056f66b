"""A cheap language guess: English function words, else 'und' (undetermined)."""

from __future__ import annotations

import re

_EN = frozenset(
    ["the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "was", "with", "as", "by", "at", "from", "it", "an", "be", "were", "has", "have", "said", "are", "this"]
)
_TOKEN = re.compile(r"[a-z]+")


def guess_language(text: str) -> str:
    words = _TOKEN.findall(text[:5000].lower())
    if len(words) < 8:
        return "und"
    share = sum(w in _EN for w in words) / len(words)
    return "en" if share > 0.15 else "und"
