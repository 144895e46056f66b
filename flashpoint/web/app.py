"""The REST API and dashboard over the store. Thin: every route calls a library function.

Safety: one JSON error shape ({"error": {"code", "message", "fix"}}); request bodies capped at
MAX_BODY bytes; a per-client rate limit; writes need a session cookie (HttpOnly, SameSite=Strict)
plus the X-CSRF-Token header that login returned; reads are public unless `private=True`.
Report text reaches the browser only as JSON and is inserted with textContent, never as HTML.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from flashpoint.errors import ConfigError, FlashpointError, NotFoundError
from flashpoint.export import dumps, rows_to_csv
from flashpoint.store import Store, open_store
from flashpoint.store import review as rv
from flashpoint.vocab import VocabularyError

STATIC = Path(__file__).parent / "static"
MAX_BODY = 64 * 1024
RATE_PER_MINUTE = 600
COOKIE = "fp_session"


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, fix: str = "") -> None:
        self.status, self.code, self.message, self.fix = status, code, message, fix


def _error(status: int, code: str, message: str, fix: str = "") -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "fix": fix}}, status_code=status)


class LoginBody(BaseModel):
    username: str = Field(max_length=80)
    password: str = Field(max_length=200)


class ReviewBody(BaseModel):
    action: str = Field(max_length=12)
    field: str | None = Field(default=None, max_length=40)
    value: Any = None
    reason: str | None = Field(default=None, max_length=1000)


def create_app(db: str | None = None, *, private: bool = False) -> FastAPI:
    store = open_store(db)
    app = FastAPI(title="flashpoint", version="0.1.0", docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json")  # /api/docs: web.dashboard serves Swagger UI locally
    app.state.store = store
    hits: dict[str, deque[float]] = defaultdict(deque)

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        length = request.headers.get("content-length")
        if length and int(length) > MAX_BODY:
            return _error(413, "too_large", f"request body over {MAX_BODY} bytes", "send less")
        client = request.client.host if request.client else "?"
        q = hits[client]
        now = time.monotonic()
        while q and now - q[0] > 60:
            q.popleft()
        if len(q) >= RATE_PER_MINUTE:
            return _error(429, "rate_limited", "too many requests", "wait a minute")
        q.append(now)
        if private and request.url.path.startswith("/api/") and request.url.path not in ("/api/login", "/api/openapi.json", "/api/docs"):
            if rv.session_for(store.engine, request.cookies.get(COOKIE)) is None:
                return _error(401, "login_required", "this server is private", "log in first")
        response: Response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self'"
        return response

    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message, exc.fix)

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


def csv_response(rows: list[dict[str, Any]], name: str) -> Response:
    return Response(rows_to_csv(rows), media_type="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def json_download(data: Any, name: str, media: str = "application/geo+json") -> Response:
    return Response(dumps(data), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


__all__ = ["create_app", "ApiError", "ConfigError"]
