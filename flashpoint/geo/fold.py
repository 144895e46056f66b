"""Name folding: the key under which a place name is indexed and looked up.

``fold("Saint-Étienne") == fold("St. Etienne") == "saint etienne"``: diacritics, case, apostrophes and
punctuation go; common abbreviations (St., Mt., Ft.) are spelt out.  `strip_articles` drops a leading
article ("the", Arabic al-/el-/ad-...), giving the secondary key under which "Al Anbar" also meets "Anbar".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ARTICLES = frozenset({"the", "al", "el", "ad", "adh", "an", "ar", "as", "ash", "at", "az", "ez", "ed", "es", "ul"})
_EXPAND = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_APOSTROPHES = re.compile(r"['’‘`ʿʾ]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Latin letters (with diacritics) end before U+0250; a name in another script gets no key.
_LATIN_END = 0x250


@lru_cache(maxsize=1 << 17)
def fold(name: str) -> str:
    """The folded key of `name` ('' when it has no Latin letters)."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = _NON_ALNUM.sub(" ", _APOSTROPHES.sub("", s.lower()))
    return " ".join(_EXPAND.get(w, w) for w in s.split())


def strip_articles(key: str) -> str:
    """`key` without its leading articles and inner Arabic article particles ("deir al zor" -> "deir zor")."""
    words = [w for w in key.split() if w not in ARTICLES]
    return " ".join(words)


# An Arabic article joined to a sun letter it doubles, written as one word: "Ezzor" (ez-Zor), "Arramadi" (ar-Ramadi)
_FUSED_ARTICLE = re.compile(r"^[ae](?:(t|d|r|z|s|n)\1|(sh|th|dh)(?=sh|th|dh))")


def unfuse_articles(key: str) -> str:
    """`key` with articles fused to a name after its first word taken off ("deir ezzor" -> "deir zor"), or ''
    when there is none; the first word is left alone ("Assad" is no "al-Sad")."""
    words = key.split()
    out = words[:1]
    changed = False
    for w in words[1:]:
        m = _FUSED_ARTICLE.match(w)
        if m and len(w) - 2 >= 3:
            out.append(w[2:] if m.group(1) else w[1 + len(m.group(2)) :])
            changed = True
        else:
            out.append(w)
    return " ".join(out) if changed else ""


def is_latin(name: str) -> bool:
    """Whether every letter of `name` is Latin (so that its folded key means something in English text)."""
    return all(ord(ch) < _LATIN_END for ch in name if ch.isalpha())


def abbreviation(name: str) -> str | None:
    """The letters of an abbreviation, matched case-sensitively: 'U.S.' -> 'US', 'UAE', 'Calif.' -> 'Calif'.

    An abbreviation is 2-5 capitals, or up to 6 letters with dots that start with a capital ('W.Va.').
    """
    letters = name.replace(".", "").replace(" ", "")
    if not (letters.isascii() and letters.isalpha()):
        return None
    if 2 <= len(letters) <= 5 and letters.isupper():
        return letters
    if "." in name and 2 <= len(letters) <= 6 and letters[0].isupper():
        return letters
    return None
