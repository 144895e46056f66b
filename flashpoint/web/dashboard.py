"""The dashboard's read endpoints (/api/dash/...) and pages (/audit, /api/docs).

Thin over `flashpoint.store.views`: every answer is aggregated in the store (map clusters, timeline bins,
sorted pages), so its size follows the screen, not the store. The filters are the API's own (`/api/events`,
`/api/events.csv` take the same), so a download holds exactly what the dashboard shows. Answers are cached
until the store changes when the app has a result cache (`app.state.cache`).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import Any, TypeVar

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse, Response

from flashpoint.store import Store, views
from flashpoint.store.answers import AnswerStore, digest
from flashpoint.store.events import EventQuery

T = TypeVar("T")
STATUS_HELP = "one of all, reviewed, unreviewed, confirmed, corrected, rejected; default: every event not rejected"


@lru_cache(maxsize=1)
def _country_points() -> dict[str, tuple[float, float]]:
    from flashpoint.export.geo import country_points

    return country_points()


class _VersionCache:
    """Answers kept until the store changes (its `store_state` counters), least recently used out first.
    Used when the app has no result cache of its own (`app.state.cache`)."""

    def __init__(self, engine: Any, size: int = 128) -> None:
        import threading
        from collections import OrderedDict

        self.engine, self.size = engine, size
        self.entries: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        from flashpoint.store.events import store_version

        full = (store_version(self.engine), key)
        with self.lock:
            if full in self.entries:
                self.entries.move_to_end(full)
                return self.entries[full]  # type: ignore[no-any-return]
        value = compute()
        with self.lock:
            self.entries[full] = value
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return value


def _context() -> str:
    """What the dashboard's answers depend on besides the store: flashpoint's version, the active profile
    (sides, names, colours) and the country points (`flashpoint.store.answers`)."""
    import flashpoint
    from flashpoint.ontology.profile import active_profile

    return digest(flashpoint.__version__, repr(active_profile()), sorted(_country_points().items()))


def warm_up(engine: Any) -> None:
    """Load once, before the server answers, what the first screen's requests would otherwise load on the
    first request: the profile, the vocabularies, the country points and the filters' modules; and what the
    first series or analysis would (the analysis' modules with SciPy, ~1 s, and the actor lexicon, ~0.4 s,
    paid in every server process by its first reader, under whatever load there was)."""
    import flashpoint.analysis.reciprocity  # noqa: F401 - imported for its load time
    from flashpoint import vocab
    from flashpoint.analysis.event_table import side_of
    from flashpoint.filters import event_query
    from flashpoint.ontology.actors import actor_lexicon

    vocab.event_type_names()
    vocab.mode_names()
    event_query(engine=engine)
    _country_points()
    actor_lexicon()
    side_of("United States")


class FirstScreen:
    """Keeps the answers of the dashboard's first screen (no filters: the period, the map's extent and the
    maps last asked for, the timeline, the newest page) current: computed when the server starts and again
    whenever the store changes (its counters, read every `every` seconds, unchanged for one more reading),
    on one background thread. So the first visitor after an ingest or a review does not wait for the
    aggregate scans, and the cost follows the changes: nothing is computed while the store stays as it is.
    Started and stopped with the app (`create_app`'s lifespan); FLASHPOINT_FIRST_SCREEN_EVERY sets the
    seconds between readings (default 2; 0: off, each answer is then computed when first asked)."""

    def __init__(self, engine: Any, refresh: Callable[[], None], every: float | None = None) -> None:
        import os

        if every is None:
            every = float(os.environ.get("FLASHPOINT_FIRST_SCREEN_EVERY", "2"))
        self.engine, self.refresh, self.every = engine, refresh, every
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="dashboard-first-screen", daemon=True)
        self.refreshed: tuple[int, ...] | None = None
        self.runs = 0

    def start(self) -> None:
        if self.every > 0 and not self.thread.is_alive():
            self.thread.start()

    def stop(self) -> None:
        self.stop_event.set()

    def refresh_once(self) -> bool:
        """Compute the first screen if the store changed since the last time; True when it did."""
        from flashpoint.store.events import store_version

        version = store_version(self.engine)
        if version == self.refreshed:
            return False
        self.refresh()
        self.refreshed, self.runs = version, self.runs + 1
        return True

    def _loop(self) -> None:
        import logging

        from flashpoint.store.events import store_version

        seen: tuple[int, ...] | None = None
        while not self.stop_event.is_set():
            try:
                now = store_version(self.engine)
                if now == seen or self.refreshed is None:  # settled (or never computed): refresh
                    self.refresh_once()
                seen = now
            except Exception as exc:  # noqa: BLE001 - a store gone or busy: the requests compute instead
                logging.getLogger(__name__).info("first screen not refreshed: %s", exc)
            self.stop_event.wait(self.every)


def _key(f: EventQuery) -> tuple[Any, ...]:
    return tuple(sorted((k, tuple(sorted(v)) if isinstance(v, frozenset) else v) for k, v in vars(f).items()))


def register(app: FastAPI, store: Store) -> None:  # noqa: C901 - one place for the dashboard's routes
    from flashpoint.filters import event_query
    from flashpoint.web.app import STATIC, session_or_401

    engine = store.engine
    own = _VersionCache(engine)
    kept = AnswerStore(engine, context=_context())
    app.state.view_answers = kept
    warm_up(engine)

    unfiltered = event_query(engine=engine)
    recent_maps: OrderedDict[tuple[float, views.BBox | None], None] = OrderedDict()
    maps_lock = threading.Lock()

    def cached(key: Hashable, compute: Callable[[], T]) -> T:
        """In this process' cache, else kept in the store (across restarts), else computed; each until the
        store changes."""
        cache = getattr(app.state, "cache", None) or own
        return cache.get(key, lambda: kept.remember(key, compute))  # type: ignore[no-any-return]

    def filters(since: dt.date | None = None, until: dt.date | None = None,
                country: str | None = Query(None, max_length=60), side: str | None = Query(None, max_length=200),
                type: str | None = Query(None, max_length=20), mode: str | None = Query(None, max_length=12),
                min_sources: int | None = Query(None, ge=1, le=1000), q: str | None = Query(None, max_length=200),
                status: str | None = Query(None, description=STATUS_HELP, max_length=12)) -> EventQuery:
        return event_query(since=since, until=until, country=country, side=side, event_type=type, mode=mode,
                           min_sources=min_sources, text=q, status=status, engine=engine)

    def bbox(south: float | None = Query(None, ge=-90, le=90), west: float | None = Query(None, ge=-540, le=540),
             north: float | None = Query(None, ge=-90, le=90),
             east: float | None = Query(None, ge=-540, le=540)) -> views.BBox | None:
        if south is None or west is None or north is None or east is None:
            return None
        if east - west >= 360:
            west, east = -180.0, 180.0
        return (south, max(west, -180.0), north, min(east, 180.0))

    @app.get("/api/dash/meta", tags=["dashboard"])
    def meta() -> dict[str, Any]:
        """What the dashboard needs first: the profile's sides and colours, the vocabularies, the store's period."""
        from flashpoint import vocab
        from flashpoint.ontology.event_types import VERBAL
        from flashpoint.ontology.profile import active_profile

        def compute() -> dict[str, Any]:
            prof = active_profile()
            first, last, total = views.date_extent(engine)
            return {"profile": {"name": prof.name, "title": prof.title,
                                "sides": [{"id": s.id, "label": s.label, "colour": s.colour}
                                          for s in prof.sides.values()]},
                    "event_types": list(vocab.event_type_names()), "statement_types": sorted(VERBAL),
                    "modes": list(vocab.mode_names()), "first": first, "last": last, "total": total,
                    "sorts": list(views.SORTS)}

        return cached(("dash-meta",), compute)

    @app.get("/api/dash/vocab", tags=["dashboard"])
    def review_vocab() -> dict[str, Any]:
        """The values the review editors offer: actors of the profile (with their side), countries, types, modes."""
        from flashpoint import vocab
        from flashpoint.analysis.event_table import side_of
        from flashpoint.ontology.actors import actor_lexicon

        lex = actor_lexicon()
        actors = [{"name": name, "side": side_of(name), "kind": a.kind} for name, a in sorted(lex.actors.items())]
        return {"actors": actors, "countries": [{"iso3": k, "name": v} for k, v in sorted(vocab.countries().items())],
                "event_types": list(vocab.event_type_names()), "modes": list(vocab.mode_names()),
                "date_precisions": ["day", "approximate", "month"]}

    @app.get("/api/dash/map", tags=["dashboard"])
    def map_view(f: EventQuery = Depends(filters), box: views.BBox | None = Depends(bbox),
                 zoom: float = Query(5, ge=0, le=22)) -> dict[str, Any]:
        """Events as clusters for a map at `zoom` (grid cells of about 48 px), inside the box; country-level
        events at their country; the number of unmapped events."""
        return map_answer(f, box, zoom)

    def map_answer(f: EventQuery, box: views.BBox | None, zoom: float) -> dict[str, Any]:
        cell = views.cell_for_zoom(round(zoom))
        if _key(f) == _key(unfiltered):  # the first screen's maps: kept current by FirstScreen
            with maps_lock:
                recent_maps[(zoom, box)] = None
                recent_maps.move_to_end((zoom, box))
                while len(recent_maps) > 4:
                    recent_maps.popitem(last=False)
        if box is not None:  # whole cells: a cluster does not change as the map pans
            box = (max(-90.0, box[0] - cell), max(-180.0, box[1] - cell), min(90.0, box[2] + cell),
                   min(180.0, box[3] + cell))
        return cached(("dash-map", _key(f), round(zoom), box),
                      lambda: views.map_clusters(engine, f, cell=cell, bbox=box, country_points=_country_points()))

    @app.get("/api/dash/extent", tags=["dashboard"])
    def map_extent(f: EventQuery = Depends(filters)) -> dict[str, Any]:
        """[south, west, north, east] of the matching events on the map (country-level ones at their country),
        for fitting a map before asking for its clusters; null when no event has a place."""
        return cached(("dash-extent", _key(f)), lambda: {"extent": views.map_extent(engine, f, _country_points())})

    @app.get("/api/dash/timeline", tags=["dashboard"])
    def timeline_view(f: EventQuery = Depends(filters)) -> dict[str, Any]:
        """The timeline per directed dyad: the events themselves (up to 1,500) with the stated retaliation
        links between them, else counts per day/week/month bin with the links counted per pair of bins."""
        from flashpoint.ontology.event_types import VERBAL

        return cached(("dash-timeline", _key(f)), lambda: views.timeline(engine, f, verbal=tuple(VERBAL)))

    @app.get("/api/dash/events", tags=["dashboard"])
    def events_page(f: EventQuery = Depends(filters), box: views.BBox | None = Depends(bbox),
                    sort: str = Query("date", pattern="^(" + "|".join(views.SORTS) + ")$"),
                    order: str = Query("desc", pattern="^(asc|desc)$"), page: int = Query(1, ge=1, le=100_000),
                    per_page: int = Query(50, ge=1, le=500),
                    located: str | None = Query(None, pattern="^(site|country|none)$")) -> dict[str, Any]:
        """One page of the matching events (reviewed values), sorted on the server; newest first by default."""
        def compute() -> dict[str, Any]:
            total, items = views.event_page(engine, f, sort=sort, descending=order == "desc", limit=per_page,
                                            offset=(page - 1) * per_page, bbox=box, located=located)
            return {"items": items, "total": total, "page": page, "per_page": per_page, "sort": sort, "order": order}

        return cached(("dash-events", _key(f), box, sort, order, page, per_page, located), compute)

    @app.get("/api/dash/reciprocity", tags=["dashboard"])
    def reciprocity_view(since: dt.date | None = None, until: dt.date | None = None,
                         country: str | None = Query(None, max_length=60)) -> dict[str, Any]:
        """Who answers whom and how fast over the period: per directed dyad, the share of actions answered
        within 1/3/7/14 days, the median delay and the stated retaliations, with the data used."""
        from flashpoint import vocab

        iso = vocab.country(country) if country else None

        def compute() -> dict[str, Any]:  # the analysis' modules load here: not for a kept answer
            from flashpoint.analysis.data import load_store
            from flashpoint.analysis.reciprocity import reciprocity
            from flashpoint.store.events import answered_by

            inp = load_store(engine, since=since, until=until, country=iso)
            rows = reciprocity(inp.events, answered_by(engine))
            return {"items": [r.as_dict() for r in rows], "data": inp.report.as_dict()}

        return cached(("dash-reciprocity", since, until, iso), compute)

    def first_screen_answers() -> None:
        """What a visitor without filters asks first (the maps: as the last visitors' screens asked)."""
        meta()
        map_extent(unfiltered)
        timeline_view(unfiltered)
        events_page(unfiltered, None, "date", "desc", 1, 50, None)
        with maps_lock:
            maps = list(recent_maps)
        for zoom, box in maps:
            map_answer(unfiltered, box, zoom)

    app.state.first_screen = FirstScreen(engine, first_screen_answers)

    @app.get("/api/dash/audit", tags=["dashboard"])
    def audit_view(request: Request, page: int = Query(1, ge=1, le=100_000), per_page: int = Query(50, ge=1, le=500),
                   username: str | None = Query(None, max_length=80), action: str | None = Query(None, max_length=12),
                   field: str | None = Query(None, max_length=40), event_id: str | None = Query(None, max_length=40),
                   since: dt.date | None = None, until: dt.date | None = None) -> dict[str, Any]:
        """The audit log, newest first, paged and filtered (who, action, field, event, days). Needs a login."""
        session_or_401(store, request)
        total, items = views.audit_page(engine, username=username, action=action, field=field, event_id=event_id,
                                        since=since.isoformat() if since else None,
                                        until=until.isoformat() if until else None, limit=per_page,
                                        offset=(page - 1) * per_page)
        return {"items": items, "total": total, "page": page, "per_page": per_page}

    @app.get("/audit", include_in_schema=False)
    def audit_page() -> FileResponse:
        return FileResponse(STATIC / "audit.html")

    @app.get("/api/docs", include_in_schema=False)
    def docs_page() -> Response:
        """Swagger UI from files the app serves itself (vendored by the front-end build): no CDN."""
        return FileResponse(STATIC / "docs.html")
