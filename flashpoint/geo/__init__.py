"""flashpoint.geo: an offline worldwide geocoder (GeoNames from PyPI packages, no server, no network).

    >>> from flashpoint import geo
    >>> best = geo.resolve("Paris", "Flooding hit Paris and Dallas, Texas, on Monday.")[0]
    >>> best.country, best.admin1, best.kind, best.precision
    ('USA', 'Texas', 'city', 1)

`resolve(name, text=None, context=(), scope=())` returns the candidates of one place name, best
first, each a `Candidate` (name, lat, lon, country ISO3, kind, admin1, population, ACLED-style
precision, score).  The text around the name, other place names (`context`) and the ISO3 codes of
the countries a user works on (`scope`) rank them: countries and provinces named nearby, the
places the other names resolve to and their distance, population, and how the name matched
(its own name, an alias, a demonym such as "Turkish", an abbreviation such as "U.S.").

`find_toponyms(text)` finds and resolves every place name of a text; `resolve_all(names, text)`
resolves known names of one text together.  Kinds: continent, region, country, admin1 (state,
province, governorate), admin2 (district, county), city (any populated place).  Precision: 1 the
place itself, 2 part of a district or region (or a name known only in part, 'Manila Cathedral'),
3 a province, country or larger area.

The index (about 35 MB) is built from the installed packages on first use and cached (see
`flashpoint.geo.index`); `python -m flashpoint.geo build` builds it ahead of time.
"""

from __future__ import annotations

from collections.abc import Sequence

from flashpoint.geo.index import GeoIndex, GeoIndexError, build_index
from flashpoint.geo.resolve import Candidate, Geocoder, Toponym, geocoder

__all__ = ["Candidate", "GeoIndex", "GeoIndexError", "Geocoder", "Toponym", "build_index", "find_toponyms",
           "geocoder", "resolve", "resolve_all"]


def resolve(name: str, text: str | None = None, *, context: Sequence[str] = (), scope: Sequence[str] = (),
            limit: int = 5, fallback: bool = False) -> list[Candidate]:
    """Candidates for the place `name` (as written in `text`, if given), best first.

    name: the place name as written ("Aleppo", "Turkish", "U.S.", "Idlib province").
    text: the report it comes from; the place names found in it give the context.
    context: other place names of the same report (when the caller already has them).
    scope: ISO3 codes of the countries the user works on (a conflict profile's scope); places there
        rank higher, other things equal.  No country is preferred by default.
    limit: how many candidates at most.
    fallback: the caller knows `name` is a place: when the gazetteer lacks it, answer with its
        longest known part ('Manila Cathedral' -> Manila) or else the place the text is most about,
        at precision 2 or 3.  Without it an unknown name gives [].
    """
    return geocoder().resolve(name, text, context=context, scope=scope, limit=limit, fallback=fallback)


def resolve_all(names: Sequence[str], text: str | None = None, *, scope: Sequence[str] = (), limit: int = 5,
                fallback: bool = False) -> list[list[Candidate]]:
    """Resolve several place names of one text together; one candidate list per name, in order."""
    return geocoder().resolve_all(names, text, scope=scope, limit=limit, fallback=fallback)


def find_toponyms(text: str, *, scope: Sequence[str] = ()) -> list[Toponym]:
    """Every place name of `text` the gazetteer knows (capitalised phrases, longest match), resolved together."""
    return geocoder().find(text, scope=scope)
