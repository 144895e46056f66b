"""API routes: events, documents, tallies, series, analysis, login and review."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Query, Request, Response

from flashpoint.export import flat_event, to_geojson
from flashpoint.fuse.consensus import event_record
from flashpoint.store import Store, schema
from flashpoint.store import review as rv
from flashpoint.store.events import (
    EventQuery,
    answered_by,
    count_events,
    event_rows,
    fused_event,
    links_of,
    retaliation_links,
    update_events,
)
from flashpoint.web.app import COOKIE, ApiError, LoginBody, ReviewBody, csv_response, json_download, session_or_401


def _members(store: Store, ids: list[str]) -> dict[str, list[str]]:
    em = schema.event_mentions
    out: dict[str, list[str]] = defaultdict(list)
    with store.engine.connect() as c:
        for r in c.execute(sa.select(em).where(em.c.event_id.in_(ids))):
            out[r.event_id].append(r.mention_id)
    return out


def _refuse(store: Store, mention_ids: list[str]) -> None:
    """Rebuild the events holding these mentions (after a merge or split)."""
    from flashpoint.store.db import write_transaction
    from flashpoint.store.fusion import enqueue_event_refresh

    with write_transaction(store.engine) as conn:
        enqueue_event_refresh(conn, mention_ids)
    update_events(store.engine)


def reviewed(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events with analysts' edits applied and the sides of the conflict named (for colours and dyads)."""
    from flashpoint.analysis.event_table import side_of

    members = _members(store, [r["id"] for r in rows])
    out = []
    for r in rows:
        e = rv.apply_edits(r, rv.edits_for(store.engine, members.get(r["id"], [])))
        e["actor_side"], e["target_side"] = side_of(e.get("actor")), side_of(e.get("target"))
        out.append(e)
    return out


def _query(since: dt.date | None, until: dt.date | None, country: str | None, side: str | None,
           event_type: str | None, mode: str | None, min_sources: int | None, q: str | None) -> EventQuery:
    return EventQuery(since=since, until=until, country=country, side=side, event_type=event_type, mode=mode,
                      min_sources=min_sources, text=q)


def register(app: FastAPI, store: Store) -> None:  # noqa: C901 - one place for all routes
    def filters(since: dt.date | None = None, until: dt.date | None = None, country: str | None = Query(None, max_length=3),
                side: str | None = Query(None, max_length=200), type: str | None = Query(None, max_length=20),
                mode: str | None = Query(None, max_length=12), min_sources: int | None = Query(None, ge=1),
                q: str | None = Query(None, max_length=200)) -> EventQuery:
        return _query(since, until, country, side, type, mode, min_sources, q)

    from fastapi import Depends

    @app.get("/api/events", tags=["events"])
    def list_events(f: EventQuery = Depends(filters), page: int = Query(1, ge=1),
                    per_page: int = Query(50, ge=1, le=500)) -> dict[str, Any]:
        total = count_events(store.engine, f)
        f.limit, f.offset = per_page, (page - 1) * per_page
        return {"items": reviewed(store, event_rows(store.engine, f)), "total": total, "page": page,
                "per_page": per_page}

    @app.get("/api/events.csv", tags=["events"])
    def events_csv(f: EventQuery = Depends(filters)) -> Response:
        return csv_response([flat_event(r) for r in reviewed(store, event_rows(store.engine, f))], "events.csv")

    @app.get("/api/events.geojson", tags=["events"])
    def events_geojson(f: EventQuery = Depends(filters)) -> Response:
        return json_download(to_geojson(reviewed(store, event_rows(store.engine, f))), "events.geojson")

    @app.get("/api/events/{event_id}", tags=["events"])
    def get_event(event_id: str) -> dict[str, Any]:
        e = fused_event(store.engine, event_id)
        rec = rv.apply_edits(event_record(e), rv.edits_for(store.engine, [m.id for m in e.mentions]))
        rec["retaliation_links"] = [vars(lk) for lk in links_of(store.engine, e.id)]
        rec["audit"] = rv.audit(store.engine, e.id)
        return rec

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
        from flashpoint.fuse.tally_check import check_tallies
        from flashpoint.store.extractions import tally_records

        rows = tally_records(store.engine)
        checks = check_tallies(rows, event_rows(store.engine))
        return {"items": [{**r, "check": {"measure": c.measure, "actor": c.actor, "target": c.target,
                                          "in_store": c.in_store, "ratio": c.ratio, "note": c.note}}
                          for r, c in zip(rows, checks, strict=True)]}

    @app.get("/api/series", tags=["analysis"])
    def series(freq: str = Query("W", pattern="^[DW]$")) -> dict[str, Any]:
        from flashpoint.analysis.event_table import from_store
        from flashpoint.analysis.reciprocity import dyad_series

        return {"freq": freq, "items": [vars(p) for p in dyad_series(from_store(store.engine), freq)]}

    @app.get("/api/analysis", tags=["analysis"])
    def analysis() -> dict[str, Any]:
        from flashpoint.analysis.event_table import from_store
        from flashpoint.analysis.fitting import fit_hawkes
        from flashpoint.analysis.reciprocity import reciprocity
        from flashpoint.errors import AnalysisError

        events = from_store(store.engine)
        out: dict[str, Any] = {"reciprocity": [r.as_dict() for r in reciprocity(events, answered_by(store.engine))]}
        try:
            out["hawkes"] = fit_hawkes(events, "auto").details()
        except AnalysisError as exc:
            out["hawkes"] = None
            out["hawkes_note"] = exc.cause
        out["links"] = [vars(lk) for lk in retaliation_links(store.engine)]
        return out

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
        s = session_or_401(store, request, write=True)
        e = fused_event(store.engine, event_id)
        if body.action == "merge":
            other = fused_event(store.engine, str(body.value))
            rv.record_edit(store.engine, s, e.id, "merge", None, min(m.id for m in other.mentions), before=other.id)
            _refuse(store, [m.id for m in e.mentions] + [m.id for m in other.mentions])
            return {"ok": True, "rebuilt": True}
        before = event_record(e, with_mentions=False).get(body.field) if body.field else None
        rv.record_edit(store.engine, s, e.id, body.action, body.field, body.value, before=before)
        if body.action == "split":
            _refuse(store, [m.id for m in e.mentions])
            return {"ok": True, "rebuilt": True}
        return get_event(e.id)

    @app.get("/api/audit", tags=["review"])
    def audit_log(request: Request, event_id: str | None = Query(None, max_length=40)) -> dict[str, Any]:
        session_or_401(store, request)
        return {"items": rv.audit(store.engine, event_id)}
