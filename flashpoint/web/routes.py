"""API routes: events, documents, tallies, series, analysis, login and review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import FastAPI, Query, Request, Response

from flashpoint.export import dumps, flat_event, to_geojson
from flashpoint.store import Store
from flashpoint.store import review as rv
from flashpoint.store.events import (
    EventQuery,
    answered_by,
    count_events,
    event_rows,
    retaliation_links,
    reviewed_event,
    with_mentions,
)
from flashpoint.store.events import review_event as apply_review
from flashpoint.web.app import COOKIE, ApiError, LoginBody, ReviewBody, csv_response, json_download, session_or_401


def with_sides(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Reviewed events with the sides of the conflict named (for colours and dyads)."""
    from flashpoint.analysis.event_table import side_of

    return [{**r, "actor_side": side_of(r.get("actor")), "target_side": side_of(r.get("target"))} for r in rows]


def register(app: FastAPI, store: Store) -> None:  # noqa: C901 - one place for all routes
    from flashpoint.filters import STATUS_CHOICES, event_query

    def filters(since: dt.date | None = None, until: dt.date | None = None,
                country: str | None = Query(None, max_length=60), side: str | None = Query(None, max_length=200),
                type: str | None = Query(None, max_length=20), mode: str | None = Query(None, max_length=12),
                min_sources: int | None = Query(None, ge=1), q: str | None = Query(None, max_length=200),
                status: str | None = Query(None, description=f"one of {', '.join(STATUS_CHOICES)}; default: not rejected",
                                           max_length=12)) -> EventQuery:
        return event_query(since=since, until=until, country=country, side=side, event_type=type, mode=mode,
                           min_sources=min_sources, text=q, status=status, engine=store.engine)

    from fastapi import Depends

    @app.get("/api/events", tags=["events"])
    def list_events(f: EventQuery = Depends(filters), page: int = Query(1, ge=1),
                    per_page: int = Query(50, ge=1, le=500)) -> dict[str, Any]:
        total = count_events(store.engine, f)
        f.limit, f.offset = per_page, (page - 1) * per_page
        return {"items": with_sides(event_rows(store.engine, f)), "total": total, "page": page, "per_page": per_page}

    @app.get("/api/events.csv", tags=["events"])
    def events_csv(f: EventQuery = Depends(filters)) -> Response:
        rows = with_mentions(store.engine, event_rows(store.engine, f))
        return csv_response([flat_event(r) for r in rows], "events.csv")

    @app.get("/api/events.geojson", tags=["events"])
    def events_geojson(f: EventQuery = Depends(filters)) -> Response:
        return json_download(to_geojson(with_mentions(store.engine, event_rows(store.engine, f))), "events.geojson")

    @app.get("/api/events/{event_id}", tags=["events"])
    def get_event(event_id: str) -> dict[str, Any]:
        return reviewed_event(store.engine, event_id)

    @app.get("/api/links", tags=["events"])
    def links() -> dict[str, Any]:
        return {"items": [vars(lk) for lk in retaliation_links(store.engine)]}

    @app.get("/api/documents", tags=["documents"])
    def documents(page: int = Query(1, ge=1), per_page: int = Query(50, ge=1, le=500)) -> dict[str, Any]:
        docs = store.documents()
        items = [{"id": d.doc_id, "title": d.title, "url": d.url, "publisher": d.publisher,
                  "published": d.published.isoformat() if d.published else None, "version": d.version}
                 for d in docs[(page - 1) * per_page: page * per_page]]
        return {"items": items, "total": len(docs), "page": page, "per_page": per_page}

    @app.get("/api/documents/{doc_id}", tags=["documents"])
    def document(doc_id: str) -> dict[str, Any]:
        d = store.document(doc_id)
        return {"id": d.doc_id, "title": d.title, "url": d.url, "publisher": d.publisher, "version": d.version,
                "published": d.published.isoformat() if d.published else None, "body": d.body}

    @app.get("/api/tallies", tags=["tallies"])
    def tallies() -> dict[str, Any]:
        """Running counts stated in the reports, each checked against the reviewed events, with its explanation."""
        from flashpoint.fuse.tally_check import check_tallies, event_figures
        from flashpoint.store.extractions import tally_records

        rows = tally_records(store.engine)
        figures = event_figures(store.engine, sorted({r["doc_id"] for r in rows}))
        checks = check_tallies(rows, event_rows(store.engine), figures)
        return {"items": [{**r, "check": c.as_dict()} for r, c in zip(rows, checks, strict=True)]}

    def analysis_input(since: dt.date | None = None, until: dt.date | None = None,
                       country: str | None = Query(None, max_length=60), assign_unattributed: bool = False) -> Any:
        from flashpoint import vocab
        from flashpoint.analysis.data import load_store

        return load_store(store.engine, since=since, until=until, country=vocab.country(country) if country else None,
                          assign_unattributed=assign_unattributed)

    @app.get("/api/series", tags=["analysis"])
    def series(freq: str = Query("W", pattern="^[DW]$"), inp: Any = Depends(analysis_input)) -> dict[str, Any]:
        from flashpoint.analysis.reciprocity import dyad_series

        return {"freq": freq, "items": [vars(p) for p in dyad_series(inp.events, freq)], "data": inp.report.as_dict()}

    @app.get("/api/analysis", tags=["analysis"])
    def analysis(inp: Any = Depends(analysis_input)) -> Response:
        """Reciprocity and a Hawkes fit over the reviewed events, with the data they used and left out; the
        Hawkes fit is null (with the reason) when the data cannot support it."""
        from flashpoint.analysis.fitting import fit_checked
        from flashpoint.analysis.reciprocity import reciprocity
        from flashpoint.errors import AnalysisError

        rows = reciprocity(inp.events, answered_by(store.engine))
        out: dict[str, Any] = {"data": inp.report.as_dict(), "reciprocity": [r.as_dict() for r in rows]}
        try:
            point, result = fit_checked(inp, "auto")
            out["hawkes"], out["hawkes_data"] = result.details(), point.report.as_dict()
        except AnalysisError as exc:
            out["hawkes"] = None
            out["hawkes_note"] = exc.cause
        out["links"] = [vars(lk) for lk in retaliation_links(store.engine)]
        return Response(dumps(out), media_type="application/json")  # strict JSON: no NaN

    @app.post("/api/login", tags=["review"])
    def do_login(body: LoginBody, response: Response) -> dict[str, Any]:
        s = rv.login(store.engine, body.username, body.password)
        response.set_cookie(COOKIE, s.token, httponly=True, samesite="strict", max_age=rv.SESSION_HOURS * 3600)
        return {"username": s.username, "role": s.role, "csrf": s.csrf}

    @app.post("/api/logout", tags=["review"])
    def do_logout(request: Request, response: Response) -> dict[str, Any]:
        s = session_or_401(store, request)
        if request.headers.get("x-csrf-token") != s.csrf:
            raise ApiError(403, "csrf", "missing or wrong X-CSRF-Token header", "send the token login returned")
        rv.logout(store.engine, s.token)
        response.delete_cookie(COOKIE)
        return {"ok": True}

    @app.get("/api/me", tags=["review"])
    def me(request: Request) -> dict[str, Any]:
        s = session_or_401(store, request)
        return {"username": s.username, "role": s.role, "csrf": s.csrf}

    @app.post("/api/events/{event_id}/review", tags=["review"])
    def review_event(event_id: str, body: ReviewBody, request: Request) -> dict[str, Any]:
        """Confirm, reject, reopen, correct a field, merge with another event or split off a mention.
        Every edit needs a `reason`; corrected values are checked against the field's type and vocabulary."""
        s = session_or_401(store, request, write=True)
        entry = apply_review(store.engine, s, event_id, body.action, body.field, body.value, body.reason)
        out = get_event(entry["event_id"])
        out["edit"] = {k: v for k, v in entry.items() if k != "anchor"}
        return out

    @app.get("/api/audit", tags=["review"])
    def audit_log(request: Request, event_id: str | None = Query(None, max_length=40)) -> dict[str, Any]:
        session_or_401(store, request)
        return {"items": rv.audit(store.engine, event_id)}
