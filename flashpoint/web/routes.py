"""API routes: events, documents, tallies, series, analysis, login and review."""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson
from fastapi import FastAPI, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from flashpoint.export import dumps, flat_event
from flashpoint.store import Store
from flashpoint.store import review as rv
from flashpoint.store.events import (
    ANCHOR_EVERY,
    MAP,
    SHAPE,
    EventQuery,
    answered_by,
    count_events,
    counters_on,
    edited_since,
    event_of_mention,
    iter_event_rows,
    links_page,
    list_depends,
    map_changes,
    map_data,
    page_anchors,
    page_keys,
    patch_map,
    reviewed_event,
    rows_by_keys,
    snapshot,
    version_of,
    with_mentions,
)
from flashpoint.store.events import review_event as apply_review
from flashpoint.web.app import COOKIE, ApiError, LoginBody, ReviewBody, login_cookie_secure, session_or_401
from flashpoint.web.load import cached_heavy, etag, matches
from flashpoint.web.ready import Ready, edits_then
from flashpoint.web.security import http_url, retry_after, without_names

DOWNLOAD_PAGE = 500  # events per page of a streamed download
JOB_WAIT_S = 10.0  # how long a merge or split waits for its fusion job before answering 202


def with_sides(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Reviewed events with the sides of the conflict named (for colours and dyads); each actor's side looked
    up once per call (a page names few actors)."""
    from flashpoint.analysis.event_table import side_of

    sides: dict[Any, str | None] = {}

    def side(name: Any) -> str | None:
        if name not in sides:
            sides[name] = side_of(name)
        return sides[name]

    return [{**r, "actor_side": side(r.get("actor")), "target_side": side(r.get("target"))} for r in rows]


def json_bytes(value: Any) -> bytes:
    """Strict JSON, as `flashpoint.export.dumps` writes it (NaN and infinities as null, dates as ISO text),
    by orjson: a page of 50 records in a fifth of the time. What orjson cannot write (keys that are not
    text, numbers beyond 64 bits, other types) goes through `dumps`."""
    try:
        return orjson.dumps(value)
    except TypeError:
        return dumps(value).encode()


def _key(f: EventQuery) -> tuple[Any, ...]:
    """A hashable form of a query (for cached answers)."""
    return tuple(sorted((k, tuple(sorted(v)) if isinstance(v, frozenset) else v) for k, v in vars(f).items()))


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


def _download(chunks: Any, name: str, media: str) -> Response:
    from fastapi.responses import StreamingResponse

    return StreamingResponse(chunks, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _pages(store: Store, f: EventQuery) -> Any:
    """Reviewed events with their mentions, a page at a time (memory stays bounded)."""
    page: list[dict[str, Any]] = []
    for r in iter_event_rows(store.engine, f, DOWNLOAD_PAGE):
        page.append(r)
        if len(page) >= DOWNLOAD_PAGE:
            yield with_mentions(store.engine, page)
            page = []
    if page:
        yield with_mentions(store.engine, page)


def named(store: Store, request: Request) -> bool:
    """Whether this reader may see analysts' names (a logged-in user); anonymous readers never do."""
    return rv.session_for(store.engine, request.cookies.get(COOKIE)) is not None


def csv_chunks(store: Store, f: EventQuery, names: bool = True) -> Any:
    from flashpoint.export import rows_to_csv

    columns: list[str] | None = None
    for page in _pages(store, f):
        rows = [flat_event(r if names else without_names(r)) for r in page]
        if columns is None:
            columns = list(rows[0])
            yield rows_to_csv([{c: r.get(c) for c in columns} for r in rows])
        else:  # the same columns as the first page, without the header line
            text = rows_to_csv([{c: r.get(c) for c in columns} for r in rows])
            yield text.split("\n", 1)[1] if "\n" in text else ""


def geojson_chunks(store: Store, f: EventQuery, names: bool = True) -> Any:
    from flashpoint.export.geo import feature_collection

    yield '{"type": "FeatureCollection", "features": ['
    unmapped: list[str] = []
    first = True
    for page in _pages(store, f):
        fc = feature_collection(page if names else [without_names(r) for r in page])
        unmapped += fc["unmapped"]
        for feat in fc["features"]:
            if not names and isinstance(feat.get("properties"), dict):
                feat["properties"] = without_names(feat["properties"])
            yield ("" if first else ",\n") + dumps(feat)
            first = False
    yield '], "unmapped": ' + dumps(unmapped) + "}"


def register(app: FastAPI, store: Store) -> None:  # noqa: C901 - one place for all routes
    from flashpoint.analysis.event_table import covered_names
    from flashpoint.filters import STATUS_CHOICES, event_query

    async def filters(request: Request, since: dt.date | None = None, until: dt.date | None = None,
                country: str | None = Query(None, max_length=60), side: str | None = Query(None, max_length=200),
                type: str | None = Query(None, max_length=20), mode: str | None = Query(None, max_length=12),
                min_sources: int | None = Query(None, ge=1, le=100_000), q: str | None = Query(None, max_length=200),
                status: str | None = Query(None, description=f"one of {', '.join(STATUS_CHOICES)}; default: not rejected",
                                           max_length=12)) -> EventQuery:
        """The checked filters. Async: checking them reads nothing (a sync dependency would cost a hop to a
        worker thread and back), except an actor name outside the ontology, looked up in the store on a
        worker thread; such an answer's key may change with the store (web.ready does not keep it)."""
        def query() -> EventQuery:
            return event_query(since=since, until=until, country=country, side=side, event_type=type, mode=mode,
                               min_sources=min_sources, text=q, status=status, engine=store.engine)

        if side is not None and covered_names(side) is None:
            request.state.key_from_store = True
            return await run_in_threadpool(query)
        return query()

    from fastapi import Depends

    cache = app.state.cache

    responses = app.state.responses
    ready = app.state.ready

    def json_answer(request: Request, key: tuple[Any, ...], compute: Any, depends: tuple[str, ...] | None = None,
                    heavy: bool = False, counters: dict[str, int] | None = None, shown: Any = None,
                    personal: bool = False) -> Response:
        """A GET's JSON answer, kept (as bytes) until the store counters it depends on change (`depends`; None:
        any change), with an ETag of those counters: a client that sends it back in If-None-Match while they
        are unchanged gets 304 Not Modified and no body. `heavy`: computed in a heavy slot (HeavyGate).
        `counters`: the store's counters as the caller read them for this request (read here otherwise).
        `shown(answer) -> event ids`: an answer kept from before analysts' edits (and nothing else) changed
        the store is served again when none of those edits touched the events it shows (`edited_since`).
        `personal`: the answer depends on who reads it (analysts' names). The request's path and query are
        remembered with the key (web.ready), so that the next identical GET is answered before routing."""
        if counters is None:
            counters = responses.counters()
        version = responses.version(depends, counters)
        tag = etag(key, version)
        headers = {"ETag": tag, "Cache-Control": "no-cache", "Vary": "Cookie"}
        remember = Ready(key, depends, personal, shown=shown is not None)
        if matches(request.headers.get("if-none-match"), tag):
            ready.remember(request.scope, remember)
            return Response(status_code=304, headers=headers)

        def body() -> tuple[bytes, list[str] | None]:
            value = compute()
            return (value if isinstance(value, bytes) else json_bytes(value)), (shown(value) if shown else None)

        if shown is not None and depends is None:
            def still(was_version: tuple[int, ...], kept: tuple[bytes, list[str] | None]) -> bool:
                edits = edits_then(counters, was_version)
                return edits is not None and kept[1] is not None and not edited_since(store.engine, kept[1], edits)

            responses.revalidate(key, version, still)
        if heavy:
            data = cached_heavy(responses, app.state.heavy, key, body, depends, version)
        else:
            data = responses.get(key, body, depends, version)
        ready.remember(request.scope, remember)
        return Response(data[0], media_type="application/json", headers=headers)

    @app.get("/api/events", tags=["events"], response_model=None)
    def list_events(request: Request, f: EventQuery = Depends(filters), page: int = Query(1, ge=1, le=100_000),
                    per_page: int = Query(50, ge=1, le=500)) -> Response:
        """A page of events (newest pages last: date order, undated last). Cached until the store changes,
        with an ETag; the count and the page's place in the list are kept until events or more than figures
        change (`list_depends`), and a deep page starts from the nearest page anchor, not the first event."""
        names = named(store, request)
        k = _key(f)
        counters = responses.counters()  # read once for the answer and the parts it is made of
        depends = list_depends(f)  # by review status: every edit counts
        version = cache.version(depends, counters)

        def compute() -> dict[str, Any]:
            total = cache.get(("count", k), lambda: count_events(store.engine, f), depends, version)
            f.limit, f.offset = per_page, (page - 1) * per_page
            anchors = (cache.get(("anchors", k), lambda: page_anchors(store.engine, f), depends, version)
                       if f.offset >= ANCHOR_EVERY else None)
            keys = cache.get(("page", k, page, per_page), lambda: page_keys(store.engine, f, anchors), depends, version)
            items = with_sides(rows_by_keys(store.engine, keys))
            if not names:
                items = [without_names(r) for r in items]
            return {"items": items, "total": total, "page": page, "per_page": per_page}

        return json_answer(request, ("events", k, page, per_page, names), compute, counters=counters,
                           shown=None if depends is None else lambda a: [i["id"] for i in a["items"]], personal=True)

    @app.get("/api/events.csv", tags=["events"])
    def events_csv(request: Request, f: EventQuery = Depends(filters)) -> Response:
        """Every matching event (streamed, page by page): a heavy request, rate-limited on its own."""
        app.state.heavy.admit(_client(request))
        return _download(app.state.heavy.stream(csv_chunks(store, f, named(store, request))), "events.csv", "text/csv")

    @app.get("/api/events.geojson", tags=["events"])
    def events_geojson(request: Request, f: EventQuery = Depends(filters)) -> Response:
        """Every matching event as GeoJSON (streamed): a heavy request. For a map, /api/map is far lighter."""
        app.state.heavy.admit(_client(request))
        return _download(app.state.heavy.stream(geojson_chunks(store, f, named(store, request))), "events.geojson",
                         "application/geo+json")

    @app.get("/api/map", tags=["events"], response_model=None)
    def map_view(request: Request, f: EventQuery = Depends(filters),
                 cell: float = Query(0.5, ge=0, le=45, description="grid cell in degrees; 0: the events themselves"),
                 south: float | None = Query(None, ge=-90, le=90), west: float | None = Query(None, ge=-180, le=180),
                 north: float | None = Query(None, ge=-90, le=90), east: float | None = Query(None, ge=-180, le=180),
                 limit: int = Query(5000, ge=1, le=20000)) -> Response:
        """Map data aggregated in the store: events per grid cell (per acting side), or with `cell=0` the
        events themselves inside the box (newest first, at most `limit`). Cached until events, more than
        figures, or deaths change (`MAP`: a correction of the injured leaves it), with an ETag."""
        box = (south, west, north, east)
        bbox: Any = None if any(v is None for v in box) else box
        app.state.heavy.admit(_client(request))
        key = ("map", _key(f), cell, bbox, limit)
        depends = MAP if f.status in (None, "all") else None
        version = responses.version(depends)
        tag = etag(key, version)
        headers = {"ETag": tag, "Cache-Control": "no-cache", "Vary": "Cookie"}
        remember = Ready(key, depends, personal=False, heavy=True)
        if matches(request.headers.get("if-none-match"), tag):
            ready.remember(request.scope, remember)
            return Response(status_code=304, headers=headers)

        def compute() -> tuple[tuple[int, ...], bytes]:
            with snapshot(store.engine) as c:  # the answer and the counters it is labelled with: one state
                now = counters_on(c)
                answer = map_data(store.engine, f, cell=cell, bbox=bbox, max_points=limit, conn=c)
            return version_of(now, depends), json_bytes(answer)  # kept as bytes only: the cache counts them

        def patch(old_version: tuple[int, ...], old: Any) -> Any:
            """Corrections of deaths alone since the kept answer: add them to it (store.events.patch_map)."""
            if depends != MAP:
                return None
            was = dict(zip(sorted(MAP), old_version, strict=True))
            with snapshot(store.engine) as c:
                now = counters_on(c)
                if any(now[k] != was[k] for k in MAP if k != "fatalities"):
                    return None
                changes = map_changes(c, was["fatalities"], now["fatalities"])
                answer = None if changes is None else patch_map(c, orjson.loads(old), changes, f, cell=cell, bbox=bbox)
            return None if answer is None else (version_of(now, MAP), json_bytes(answer))

        body = responses.get_labelled(key, lambda: app.state.heavy.run(compute), depends, version, patch)
        ready.remember(request.scope, remember)
        return Response(body, media_type="application/json", headers=headers)

    def get_event(event_id: str, names: bool = True) -> dict[str, Any]:
        rec = reviewed_event(store.engine, event_id)
        for m in rec.get("mentions") or []:
            if isinstance(m, dict) and "url" in m:
                m["url"] = http_url(m["url"])
        return rec if names else without_names(rec)

    @app.get("/api/events/{event_id}", tags=["events"], response_model=None)
    def event_detail(event_id: str, request: Request) -> Response:
        """One event with its mentions, links and audit trail (analysts' names only for logged-in readers).
        Cached until the store changes, with an ETag."""
        names = named(store, request)
        return json_answer(request, ("event", event_id, names), lambda: get_event(event_id, names),
                           shown=lambda a: [a["id"]], personal=True)

    @app.get("/api/links", tags=["events"])
    def links(since: dt.date | None = None, until: dt.date | None = None, page: int = Query(1, ge=1, le=100_000),
              per_page: int = Query(5000, ge=1, le=20000)) -> dict[str, Any]:
        """Retaliation links (whose answering event falls in since..until), paged; cached until the store changes."""
        def compute() -> dict[str, Any]:
            total, items = links_page(store.engine, since=since, until=until, limit=per_page,
                                      offset=(page - 1) * per_page)
            return {"items": [vars(lk) for lk in items], "total": total, "page": page, "per_page": per_page}

        return cache.get(("links", since, until, page, per_page), compute)

    @app.get("/api/documents", tags=["documents"])
    def documents(page: int = Query(1, ge=1, le=100_000), per_page: int = Query(50, ge=1, le=500)) -> dict[str, Any]:
        total, docs = store.documents_page(limit=per_page, offset=(page - 1) * per_page)
        items = [{"id": d["doc_id"], "title": d["title"], "url": http_url(d["url"]), "publisher": d["publisher"],
                  "published": d["published"], "version": d["version"]} for d in docs]
        return {"items": items, "total": total, "page": page, "per_page": per_page}

    @app.get("/api/documents/{doc_id}", tags=["documents"])
    def document(doc_id: str) -> dict[str, Any]:
        d = store.document(doc_id)
        return {"id": d.doc_id, "title": d.title, "url": http_url(d.url), "publisher": d.publisher, "version": d.version,
                "published": d.published.isoformat() if d.published else None, "body": d.body}

    @app.get("/api/tallies", tags=["tallies"])
    def tallies(request: Request, page: int = Query(1, ge=1, le=100_000),
                per_page: int = Query(500, ge=1, le=5000)) -> dict[str, Any]:
        """Running counts stated in the reports, each checked against the reviewed events, with its
        explanation; paged by report (a report's tallies are checked together), counted in SQL."""
        from flashpoint.fuse.tally_check import check_tallies, event_figures
        from flashpoint.store.events import tally_counter
        from flashpoint.store.extractions import tally_page

        app.state.heavy.admit(_client(request))

        def compute() -> dict[str, Any]:
            total, rows = tally_page(store.engine, limit=per_page, offset=(page - 1) * per_page)
            figures = event_figures(store.engine, sorted({r["doc_id"] for r in rows}))
            checks = check_tallies(rows, [], figures, counter=tally_counter(store.engine))
            return {"items": [{**r, "check": c.as_dict()} for r, c in zip(rows, checks, strict=True)], "total": total,
                    "page": page, "per_page": per_page}

        return cached_heavy(cache, app.state.heavy, ("tallies", page, per_page), compute)

    class AnalysisArgs:
        def __init__(self, since: dt.date | None = None, until: dt.date | None = None,
                     country: str | None = Query(None, max_length=60), assign_unattributed: bool = False) -> None:
            from flashpoint import vocab

            self.key = (since, until, vocab.country(country) if country else None, assign_unattributed)

        def load(self) -> Any:
            """The analysis input (from the events' columns), cached until the store changes."""
            from flashpoint.analysis.data import load_store

            since, until, country, assign = self.key
            return cache.get(("analysis-input", self.key), lambda: load_store(
                store.engine, since=since, until=until, country=country, assign_unattributed=assign))

    @app.get("/api/series", tags=["analysis"])
    def series(request: Request, freq: str = Query("W", pattern="^[DW]$"), args: Any = Depends(AnalysisArgs)) -> Response:
        """Events per period and directed dyad, with the data report: counted from rows grouped in SQL (per day,
        actors and review status), cached until the store changes."""
        from flashpoint.analysis.data import store_series

        def compute() -> bytes:
            since, until, country, assign = args.key
            points, report = store_series(store.engine, freq, since=since, until=until, country=country,
                                          assign_unattributed=assign)
            return dumps({"freq": freq, "items": [vars(p) for p in points], "data": report.as_dict()}).encode()

        return json_answer(request, ("series", freq, args.key), compute, SHAPE, heavy=True)

    @app.get("/api/analysis", tags=["analysis"])
    def analysis(request: Request, args: Any = Depends(AnalysisArgs)) -> Response:
        """Reciprocity and a Hawkes fit over the reviewed events, with the data they used and left out; the
        Hawkes fit is null (with the reason) when the data cannot support it. Heavy; cached until the store
        changes."""
        from flashpoint.analysis.fitting import fit_checked
        from flashpoint.analysis.reciprocity import reciprocity
        from flashpoint.errors import AnalysisError

        def compute() -> bytes:
            inp = args.load()
            rows = reciprocity(inp.events, answered_by(store.engine))
            out: dict[str, Any] = {"data": inp.report.as_dict(), "reciprocity": [r.as_dict() for r in rows]}
            try:
                point, result = fit_checked(inp, "auto")
                out["hawkes"], out["hawkes_data"] = result.details(), point.report.as_dict()
            except AnalysisError as exc:
                out["hawkes"] = None
                out["hawkes_note"] = exc.cause
            total, lks = links_page(store.engine, limit=20000)
            out["links"] = [vars(lk) for lk in lks]
            return dumps(out).encode()  # strict JSON: no NaN

        app.state.heavy.admit(_client(request))
        return Response(cached_heavy(cache, app.state.heavy, ("analysis", args.key), compute), media_type="application/json")

    @app.post("/api/login", tags=["review"])
    def do_login(body: LoginBody, request: Request, response: Response) -> dict[str, Any]:
        """Log in. Failed attempts back off per account and per client (429 with Retry-After); a wrong name
        and a wrong password are refused alike, in the same time."""
        throttle = app.state.login_throttle
        client = _client(request)
        wait = throttle.wait(body.username, client)
        if wait > 0:
            raise ApiError(429, "login_throttled", f"too many failed logins: try again in {retry_after(wait)} s",
                           "wait, then check the user name and password", headers={"Retry-After": retry_after(wait)})
        try:
            s = rv.login(store.engine, body.username, body.password)
        except rv.AuthError:
            throttle.failed(body.username, client)
            raise
        throttle.succeeded(body.username, client)
        response.set_cookie(COOKIE, s.token, httponly=True, samesite="strict", secure=login_cookie_secure(request),
                            max_age=rv.SESSION_HOURS * 3600)
        return {"username": s.username, "role": s.role, "csrf": s.csrf}

    @app.post("/api/logout", tags=["review"])
    def do_logout(request: Request, response: Response) -> dict[str, Any]:
        s = session_or_401(store, request)
        if request.headers.get("x-csrf-token") != s.csrf:
            raise ApiError(403, "csrf", "missing or wrong X-CSRF-Token header", "send the token login returned")
        rv.logout(store.engine, s.token)
        response.delete_cookie(COOKIE, httponly=True, samesite="strict", secure=login_cookie_secure(request))
        return {"ok": True}

    @app.get("/api/me", tags=["review"])
    def me(request: Request) -> dict[str, Any]:
        s = session_or_401(store, request)
        return {"username": s.username, "role": s.role, "csrf": s.csrf}

    @app.post("/api/events/{event_id}/review", tags=["review"])
    def review_event(event_id: str, body: ReviewBody, request: Request, response: Response) -> dict[str, Any]:
        """Confirm, reject, reopen, correct a field, merge with another event or split off a mention.
        Every edit needs a `reason`; corrected values are checked against the field's type and vocabulary.

        Send an `Idempotency-Key` header to retry safely: a request repeated with the same key is applied
        once (the key is stored with the edit) and answered with the event as it now stands. Merges and
        splits rebuild their events in a background job; the answer waits for it (up to JOB_WAIT_S) and
        otherwise says 202 with the job to poll at /api/jobs/{id}."""
        import sqlalchemy as sa

        from flashpoint.store import idempotency as idem
        from flashpoint.store import jobs

        s = session_or_401(store, request, write=True)
        key = request.headers.get("idempotency-key")
        fp = idem.fingerprint(event_id, body.model_dump_json())
        if key is not None and not 0 < len(key) <= idem.MAX_KEY:
            raise ApiError(400, "bad_idempotency_key", f"Idempotency-Key must be 1-{idem.MAX_KEY} characters",
                           "send a UUID")

        def replay(prev: idem.Remembered) -> dict[str, Any]:
            if prev.fingerprint != fp:
                raise ApiError(422, "idempotency_key_reused", "this Idempotency-Key was used for a different request",
                               "use a new key for a new request")
            entry = prev.response
            out = get_event(event_of_mention(store.engine, entry["anchor"]) or entry.get("event_id") or event_id)
            out["edit"] = {k: v for k, v in entry.items() if k != "anchor"}
            out["replayed"] = True
            return out

        if key is not None:
            prev = idem.lookup(store.engine, key, s.username)
            if prev is not None:
                return replay(prev)
        remember = None if key is None else (lambda conn, entry: idem.remember(conn, key, s.username, fp, entry))
        try:
            entry = apply_review(store.engine, s, event_id, body.action, body.field, body.value, body.reason,
                                 fuse_now=False, also=remember)
        except (sa.exc.IntegrityError, rv.ReviewConflict):
            # the same request arrived twice at once: when the other copy stored the edit, answer as it did
            prev = idem.lookup(store.engine, key, s.username) if key else None
            if prev is None:
                raise
            return replay(prev)
        if body.action in ("merge", "split"):
            runner = app.state.jobs
            job = jobs.wait(store.engine, runner.submit("fuse", username=s.username), JOB_WAIT_S)
            if job.status != "done":
                response.status_code = 202
                return {"edit": {k: v for k, v in entry.items() if k != "anchor"}, "job": job.as_dict(),
                        "poll": f"/api/jobs/{job.id}"}
            entry["event_id"] = event_of_mention(store.engine, entry["anchor"]) or entry["event_id"]
        out = get_event(entry["event_id"])
        out["edit"] = {k: v for k, v in entry.items() if k != "anchor"}
        return out

    @app.get("/api/jobs/{job_id}", tags=["review"])
    def job_status(request: Request, job_id: int = Path(ge=1, le=2**62)) -> dict[str, Any]:
        """A background job's status and progress (done of total blocks)."""
        from flashpoint.store import jobs

        session_or_401(store, request)
        return jobs.get(store.engine, job_id).as_dict()

    @app.post("/api/jobs/rebuild", tags=["review"], status_code=202)
    def rebuild(request: Request) -> dict[str, Any]:
        """Re-fuse every block from scratch in the background (admins; after the fusion rules changed)."""
        from flashpoint.store import jobs

        s = session_or_401(store, request, write=True)
        if s.role != "admin":
            raise ApiError(403, "forbidden", f"{s.username} is a {s.role}", "ask an admin")
        job_id = app.state.jobs.submit("rebuild", username=s.username)
        return {"job": jobs.get(store.engine, job_id).as_dict(), "poll": f"/api/jobs/{job_id}"}

    @app.get("/api/audit", tags=["review"])
    def audit_log(request: Request, event_id: str | None = Query(None, max_length=40)) -> dict[str, Any]:
        session_or_401(store, request)
        return {"items": rv.audit(store.engine, event_id)}
