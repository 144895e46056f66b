"""PLOVER-style records (the PLOVER manual's data fields), one JSON object per line.

Standard fields: id, date, enddate (when the date is a span: approximate or month precision), actor and
recipient (lists of entity objects: code = the actor's ISO3 country, sector = its PLOVER sector,
entity_text, identifier_text = flashpoint's canonical name), event (the PLOVER category), mode, event_loc
(extracted_place, resolved_place, lat, lon, country, country_code, resolution: 4 a site or city, 2 a
province, 1 the country), event_text (the evidence sentences), size (dead, injured: the best figures),
cite_info (one object per report: corpus id, url, title, publication, language), coder, codebook,
coded_date, comment. flashpoint's own fields are under "flashpoint": date precision, casualty ranges,
source count, disputed fields and the review.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flashpoint import __version__


def _entity(name: str | None) -> dict[str, Any] | None:
    from flashpoint.ontology.actors import actor_lexicon

    if not name:
        return None
    lex = actor_lexicon()
    a = lex.get(name)
    rep = (lex.get(a.represents) or a) if a else None
    return {"code": (rep.country if rep else None), "sector": (rep.sector if rep else None), "entity_text": name,
            "identifier_text": a.name if a else name}


def _resolution(basis: str, precision: int | None, e: dict[str, Any]) -> int | None:
    if basis == "unmapped":
        return None
    if basis == "country":
        return 1
    return {1: 4, 2: 4, 3: 2}.get(precision or 0)


def plover_record(e: dict[str, Any]) -> dict[str, Any]:
    from flashpoint.export import plover_columns
    from flashpoint.export.acled import _countries
    from flashpoint.export.geo import placed

    basis, lat, lon, precision = placed(e)
    mentions = e.get("mentions") or []
    review = e.get("review") or {}
    actor, recipient = _entity(e.get("actor")), _entity(e.get("target"))
    mode = plover_columns(e)["plover_mode"]
    from flashpoint.store.review import date_span

    span = date_span(e.get("date"), e.get("date_precision"))[1] if e.get("date_precision") in ("approximate", "month") else None
    rec: dict[str, Any] = {
        "id": e["id"],
        "date": e.get("date"),
        **({"enddate": span} if span and span != e.get("date") else {}),
        "actor": [actor] if actor else [],
        "recipient": [recipient] if recipient else [],
        "event": [e.get("event_type")],
        "mode": [mode] if mode else [],
        "event_loc": {
            "extracted_place": e.get("location"), "resolved_place": e.get("location") or _countries().get(e.get("country") or "", ("",))[0] or None,
            "lat": lat, "lon": lon, "country": _countries().get(e.get("country") or "", (None,))[0],
            "country_code": e.get("country"), "resolution": _resolution(basis, precision, e),
        },
        "event_text": sorted({m.get("evidence") for m in mentions if m.get("evidence")}),
        "size": {"dead": (e.get("fatalities") or {}).get("best"), "injured": (e.get("injured") or {}).get("best")},
        "cite_info": [{"corpus": m.get("doc_id"), "url": m.get("url"), "title": m.get("title"),
                       "publication": m.get("publisher")} for m in mentions],
        "coder": f"flashpoint {__version__} (rules)",
        "codebook": "PLOVER event categories (flashpoint's subset)",
        "coded_date": dt.date.today().isoformat(),
        "comment": f"review: {review.get('status', 'unreviewed')}",
        "flashpoint": {
            "date_precision": e.get("date_precision"), "date_low": e.get("date_low"), "date_high": e.get("date_high"),
            "fatalities": {k: (e.get("fatalities") or {}).get(k) for k in ("best", "low", "high")},
            "injured": {k: (e.get("injured") or {}).get(k) for k in ("best", "low", "high")},
            "n_publishers": e.get("n_publishers"), "disputed": e.get("disputed") or {},
            "location_basis": basis, "claimed_by": e.get("claimed_by") or [],
            "review": {"status": review.get("status", "unreviewed"), "corrected": review.get("corrected") or [],
                       "machine": review.get("machine") or {}},
        },
    }
    return rec


def plover_records(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [plover_record(e) for e in events]
