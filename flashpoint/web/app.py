"""The REST API and dashboard over the store. Thin: every route calls a library function.

Safety (flashpoint.web.security): one JSON error shape ({"error": {"code", "message", "fix"}}); request
bodies capped at MAX_BODY bytes however they are sent; allowed host names only; a per-client rate limit
(static files not counted, Retry-After on 429); logins back off per account and per client; writes need a
session cookie (HttpOnly, SameSite=Strict, Secure behind a TLS proxy) plus the X-CSRF-Token header that login
returned; reads are public unless `private=True`, and anonymous reads never show analysts' names; no framing,
no referrer to other sites; bidirectional-text controls neutralised in every answer. Report text reaches the
browser only as JSON and is inserted with textContent, never as HTML; only http(s) URLs become links.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, model_validator

from flashpoint.errors import ConfigError, FlashpointError, NotFoundError
from flashpoint.export import dumps, rows_to_csv
from flashpoint.store import Store, open_store
from flashpoint.store import review as rv
from flashpoint.vocab import VocabularyError
from flashpoint.web.security import (
    HSTS,
    MAX_BODY,
    SECURITY_HEADERS,
    BodyLimit,
    HostGuard,
    LoginThrottle,
    RateLimiter,
    TextGuard,
    retry_after,
)

STATIC = Path(__file__).parent / "static"
RATE_PER_MINUTE = int(os.environ.get("FLASHPOINT_RATE_PER_MINUTE", "600"))
# Serving (README "Serving"): each server process runs sync routes on THREADS threads, each with its own
# pooled connection (store.db.pool_settings); `flashpoint serve --workers N` runs N processes.
THREADS = int(os.environ.get("FLASHPOINT_THREADS", "8"))
# Whole JSON answers kept per server process (web.load.ResultCache: until the store changes, LRU within this).
RESPONSE_CACHE_MB = int(os.environ.get("FLASHPOINT_RESPONSE_CACHE_MB", "64"))
RESPONSE_CACHE_ENTRIES = 16_384  # (one event's answer is a few kB: the byte budget is the bound that counts)
COOKIE = "fp_session"


class Guard:
    """Every request: the per-client rate (static files and pages not counted), the login a private server
    asks for, and the security headers on every answer. A plain ASGI middleware (Starlette's
    `@app.middleware("http")` runs each request through a task and a memory stream: a third of a cached
    answer's cost)."""

    def __init__(self, app: Any, *, limiter: RateLimiter, store: Store, private: bool, behind_proxy: bool) -> None:
        self.app, self.limiter, self.store = app, limiter, store
        self.private, self.behind_proxy = private, behind_proxy

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from starlette.datastructures import MutableHeaders

        async def with_security_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for k, v in SECURITY_HEADERS.items():
                    headers.setdefault(k, v)
                if self.behind_proxy:
                    headers.setdefault("Strict-Transport-Security", HSTS)
            await send(message)

        path = scope["path"]
        if not _unthrottled(path):
            wait = self.limiter.check(client_of(scope))
            if wait > 0:
                answer = _error(429, "rate_limited", "too many requests", f"retry after {retry_after(wait)} s",
                                headers={"Retry-After": retry_after(wait)})
                await answer(scope, receive, with_security_headers)
                return
        if self.private and path.startswith("/api/") and path not in ("/api/login", "/api/openapi.json", "/api/docs"):
            import anyio.to_thread

            token = Request(scope).cookies.get(COOKIE)
            if await anyio.to_thread.run_sync(rv.session_for, self.store.engine, token) is None:
                await _error(401, "login_required", "this server is private", "log in first")(scope, receive,
                                                                                              with_security_headers)
                return
        await self.app(scope, receive, with_security_headers)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, fix: str = "", headers: dict[str, str] | None = None) -> None:
        self.status, self.code, self.message, self.fix, self.headers = status, code, message, fix, headers or {}


def _error(status: int, code: str, message: str, fix: str = "", headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "fix": fix}}, status_code=status, headers=headers)


def client_of(scope: Any) -> str:
    """The client's address as the routes see it (request.client; behind a proxy, the forwarded one)."""
    client = scope.get("client")
    return str(client[0]) if client else "?"


def _unthrottled(path: str) -> bool:
    """Static files and the pages that load them are not counted against a client's rate."""
    return path.startswith("/static/") or path in ("/", "/login", "/favicon.ico") or path.startswith("/event/")


def _no_lone_surrogates(value: Any) -> Any:
    """Refuse JSON text holding unpaired UTF-16 surrogates ("\\ud800"): no store or answer can encode them."""
    if isinstance(value, str):
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            raise ValueError("text with an unpaired UTF-16 surrogate")
    elif isinstance(value, dict):
        for k, v in value.items():
            _no_lone_surrogates(k)
            _no_lone_surrogates(v)
    elif isinstance(value, list):
        for v in value:
            _no_lone_surrogates(v)
    return value


class _Body(BaseModel):
    @model_validator(mode="before")
    @classmethod
    def _encodable(cls, data: Any) -> Any:
        return _no_lone_surrogates(data)


class LoginBody(_Body):
    username: str = Field(max_length=80)
    password: str = Field(max_length=200)


class ReviewBody(_Body):
    action: str = Field(max_length=12)
    field: str | None = Field(default=None, max_length=40)
    value: Any = None
    reason: str | None = Field(default=None, max_length=1000)


def create_app(db: str | None = None, *, private: bool = False, behind_proxy: bool = False,
               allowed_hosts: Sequence[str] | None = None) -> FastAPI:
    """The app. `behind_proxy`: served through a TLS-terminating reverse proxy (cookies Secure, HSTS; the
    client address is the one the proxy forwards, which `flashpoint serve --behind-proxy` has uvicorn read).
    `allowed_hosts`: the host names clients use (None: any; `flashpoint serve` always names them)."""
    from flashpoint.store.jobs import Runner
    from flashpoint.web.load import HeavyGate, Overloaded, ResultCache
    from flashpoint.web.ready import ReadyAnswers, ReadyIndex

    store = open_store(db)
    runner = Runner(store.engine)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
        runner.ensure_started()
        app.state.first_screen.start()  # the dashboard's first screen kept current (web.dashboard.FirstScreen)
        yield
        app.state.first_screen.stop()
        runner.close()

    # /api/docs: web.dashboard serves Swagger UI from the app's own files (no CDN, within the CSP)
    app = FastAPI(title="flashpoint", version="0.1.0", docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json", lifespan=lifespan)
    app.state.store = store
    app.state.cache = ResultCache(store.engine)  # answers as values (counts, page keys, analysis inputs)
    app.state.responses = ResultCache(store.engine, size=RESPONSE_CACHE_ENTRIES, max_bytes=RESPONSE_CACHE_MB * 2**20)  # whole JSON answers
    app.state.heavy = HeavyGate()
    app.state.ready = ReadyIndex(app.state.responses, lambda: app.state.heavy, COOKIE)  # kept answers served before routing
    app.state.jobs = runner
    app.state.behind_proxy = behind_proxy
    app.state.login_throttle = LoginThrottle()
    limiter = RateLimiter(RATE_PER_MINUTE)

    def with_headers(response: Response) -> Response:
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        if behind_proxy:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response

    # inside Guard: a ready answer is counted against the client's rate and needs a private server's login
    app.add_middleware(ReadyAnswers, index=app.state.ready, client_of=client_of)
    app.add_middleware(Guard, limiter=limiter, store=store, private=private, behind_proxy=behind_proxy)

    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message, exc.fix, exc.headers)

    @app.exception_handler(Exception)
    async def internal(_: Request, exc: Exception) -> Response:
        return with_headers(_error(500, "internal", f"internal error ({type(exc).__name__})",
                                   "a bug in flashpoint: please report the request"))

    @app.exception_handler(Overloaded)
    async def overloaded(_: Request, exc: Overloaded) -> JSONResponse:
        busy = "busy" in exc.message
        r = _error(503 if busy else 429, "busy" if busy else "rate_limited", exc.message,
                   f"retry after {exc.retry_after} s")
        r.headers["Retry-After"] = str(exc.retry_after)
        return r

    @app.exception_handler(NotFoundError)
    async def not_found(_: Request, exc: NotFoundError) -> JSONResponse:
        return _error(404, "not_found", exc.cause, exc.fix)

    @app.exception_handler(rv.AuthError)
    async def auth_error(_: Request, exc: rv.AuthError) -> JSONResponse:
        return _error(403 if "role" in exc.fix else 401, "forbidden" if "role" in exc.fix else "unauthorized", exc.cause, exc.fix)

    @app.exception_handler(rv.ReviewError)
    async def bad_review(_: Request, exc: rv.ReviewError) -> JSONResponse:
        return _error(422, "invalid_review", exc.cause, exc.fix)

    @app.exception_handler(rv.ReviewConflict)
    async def review_conflict(_: Request, exc: rv.ReviewConflict) -> JSONResponse:
        return _error(409, "review_conflict", exc.cause, exc.fix)

    @app.exception_handler(VocabularyError)
    async def bad_filter(_: Request, exc: VocabularyError) -> JSONResponse:
        return _error(400, "invalid_filter", exc.cause, exc.fix)

    @app.exception_handler(FlashpointError)
    async def bad_input(_: Request, exc: FlashpointError) -> JSONResponse:
        return _error(400, "bad_request", exc.cause, exc.fix)

    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", []))
        return _error(422, "invalid", f"{where}: {first.get('msg', 'invalid input')}", "check the parameters")

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        return _error(exc.status_code, "not_found" if exc.status_code == 404 else "http_error", str(exc.detail))

    from flashpoint.web import routes

    routes.register(app, store)
    from flashpoint.web import dashboard

    dashboard.register(app, store)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/event/{event_id}", include_in_schema=False)
    def event_page(event_id: str) -> FileResponse:
        return FileResponse(STATIC / "event.html")

    @app.get("/login", include_in_schema=False)
    def login_page() -> FileResponse:
        return FileResponse(STATIC / "login.html")

    # Outermost first: wrong host names, then over-long bodies, are answered before anything else runs.
    app.add_middleware(TextGuard)
    app.add_middleware(BodyLimit, limit=MAX_BODY)
    app.add_middleware(HostGuard, allowed=allowed_hosts)
    return app


def session_or_401(store: Store, request: Request, *, write: bool = False) -> rv.Session:
    s = rv.session_for(store.engine, request.cookies.get(COOKIE))
    if s is None:
        raise ApiError(401, "unauthorized", "not logged in", "POST /api/login first")
    if write:
        if request.headers.get("x-csrf-token") != s.csrf:
            raise ApiError(403, "csrf", "missing or wrong X-CSRF-Token header", "send the token login returned")
        if not s.can_write():
            raise ApiError(403, "forbidden", f"{s.username} is a {s.role}", "ask an admin for the analyst role")
    return s


def app_from_env() -> FastAPI:
    """The app for `flashpoint serve --workers N` (each worker process builds its own)."""
    if os.environ.get("FLASHPOINT_PROFILE"):
        from flashpoint.ontology.profile import set_profile

        set_profile(os.environ["FLASHPOINT_PROFILE"])
    hosts = os.environ.get("FLASHPOINT_SERVE_HOSTS")
    return create_app(os.environ.get("FLASHPOINT_SERVE_DB"), private=os.environ.get("FLASHPOINT_SERVE_PRIVATE") == "1",
                      behind_proxy=os.environ.get("FLASHPOINT_SERVE_BEHIND_PROXY") == "1",
                      allowed_hosts=None if hosts is None else hosts.split(","))


def csv_response(rows: list[dict[str, Any]], name: str) -> Response:
    return Response(rows_to_csv(rows), media_type="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def json_download(data: Any, name: str, media: str = "application/geo+json") -> Response:
    return Response(dumps(data), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def login_cookie_secure(request: Request) -> bool:
    """Session cookies are Secure behind a TLS proxy and whenever the request itself came over https."""
    return bool(getattr(request.app.state, "behind_proxy", False)) or request.url.scheme == "https"


__all__ = ["create_app", "ApiError", "ConfigError", "MAX_BODY"]
