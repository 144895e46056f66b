"""`flashpoint serve` and `flashpoint user`: the dashboard and its accounts."""

from __future__ import annotations

import click

from flashpoint.cli_common import EXIT_CODES_HELP, db_option, handle_errors, out, profile_option


@click.command(epilog=EXIT_CODES_HELP)
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Bind address (localhost only by default).")
@click.option("--port", type=int, default=8765, show_default=True)
@click.option("--private", is_flag=True, help="Reading needs a login too.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes (one per core is a good start; see README 'Serving').")
@profile_option
@handle_errors
def serve(db: str | None, host: str, port: int, private: bool, workers: int) -> None:
    """Serve the REST API (/api, schema at /api/docs) and the dashboard."""
    import os

    import uvicorn

    from flashpoint.ontology.profile import active_profile
    from flashpoint.store import open_store, resolve_db_url
    from flashpoint.web.app import create_app

    out.print(f"dashboard: http://{host}:{port}/  (API docs: http://{host}:{port}/api/docs)")
    if workers == 1:
        uvicorn.run(create_app(db, private=private), host=host, port=port, log_level="warning")
        return
    open_store(db)  # create and migrate once, before the worker processes open it
    os.environ["FLASHPOINT_SERVE_DB"] = resolve_db_url(db)
    os.environ["FLASHPOINT_SERVE_PRIVATE"] = "1" if private else "0"
    prof = active_profile()
    os.environ["FLASHPOINT_PROFILE"] = prof.source if os.sep in prof.source else prof.name  # a file, or shipped
    uvicorn.run("flashpoint.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning")


@click.group()
def user() -> None:
    """Accounts for the review workflow (roles: viewer, analyst, admin)."""


@user.command("add", epilog=EXIT_CODES_HELP)
@click.argument("username")
@db_option
@click.option("--role", type=click.Choice(["viewer", "analyst", "admin"]), default="analyst", show_default=True)
@click.password_option(envvar="FLASHPOINT_PASSWORD", help="Password (prompted; or $FLASHPOINT_PASSWORD).")
@handle_errors
def add(username: str, db: str | None, role: str, password: str) -> None:
    """Create (or reset) USERNAME with a hashed password."""
    from flashpoint.store import open_store
    from flashpoint.store.review import add_user

    add_user(open_store(db).engine, username, password, role)
    out.print(f"user {username} ({role}) saved")


COMMANDS = [serve, user]
