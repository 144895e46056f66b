"""The language of a report: English by its function words (fast, no model), else identified with
py3langid (a model shipped inside the package, loaded on first use), else 'und' (undetermined)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_EN = frozenset(
    ["the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "was", "with", "as", "by", "at", "from", "it", "an", "be", "were", "has", "have", "said", "are", "this"]
)
_TOKEN = re.compile(r"[a-z]+")
_LETTERS = re.compile(r"[^\W\d_]+")
MIN_WORDS = 8
MIN_PROBABILITY = 0.6


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def guess_language(text: str) -> str:
    """An ISO 639-1 code ("en", "ar", "fr", ...), or "und" for text too short or too mixed to tell."""
    sample = text[:5000]
    words = _TOKEN.findall(sample.lower())
    if len(words) >= MIN_WORDS and sum(w in _EN for w in words) / len(words) > 0.15:
        return "en"
    if len(_LETTERS.findall(sample)) < MIN_WORDS:
        return "und"
    lang, prob = _identifier().classify(sample)
    return str(lang) if prob >= MIN_PROBABILITY else "und"


def is_english(language: str | None) -> bool:
    return (language or "").lower().split("-")[0] == "en"
