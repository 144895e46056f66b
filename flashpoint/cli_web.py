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
@click.option("--allowed-host", "allowed", multiple=True, metavar="NAME",
              help="A host name clients use to reach the server (repeatable). Default: localhost names and the "
                   "bind address; required when binding to all interfaces. '*' allows any (not advised).")
@click.option("--behind-proxy", is_flag=True,
              help="Served through a TLS-terminating reverse proxy: session cookies Secure, HSTS sent, and the "
                   "client address and scheme read from the proxy's X-Forwarded-For/-Proto headers.")
@click.option("--forwarded-allow-ips", default="127.0.0.1", show_default=True, metavar="IPS",
              help="With --behind-proxy: the proxy addresses whose X-Forwarded-* headers are trusted.")
@profile_option
@handle_errors
def serve(db: str | None, host: str, port: int, private: bool, workers: int, allowed: tuple[str, ...],
          behind_proxy: bool, forwarded_allow_ips: str) -> None:
    """Serve the REST API (/api, schema at /api/docs) and the dashboard.

    Behind a TLS reverse proxy (nginx, Caddy): bind to 127.0.0.1, pass --behind-proxy and
    --allowed-host with the public name, e.g.
    `flashpoint serve --behind-proxy --allowed-host events.example.org`.
    """
    import os

    import uvicorn

    from flashpoint.ontology.profile import active_profile
    from flashpoint.store import open_store, resolve_db_url
    from flashpoint.web.app import create_app
    from flashpoint.web.server import protocol

    hosts = serve_hosts(host, allowed)
    proxy = {"proxy_headers": behind_proxy, "forwarded_allow_ips": forwarded_allow_ips if behind_proxy else None}
    shown = f"[{host}]" if ":" in host else host
    out.print(f"dashboard: http://{shown}:{port}/  (API docs: http://{shown}:{port}/api/docs)")
    if workers == 1:
        uvicorn.run(create_app(db, private=private, behind_proxy=behind_proxy, allowed_hosts=hosts), host=host,
                    port=port, log_level="warning", http=protocol(),
                    **proxy)  # type: ignore[arg-type]
        return
    open_store(db)  # create and migrate once, before the worker processes open it
    os.environ["FLASHPOINT_SERVE_DB"] = resolve_db_url(db)
    os.environ["FLASHPOINT_SERVE_PRIVATE"] = "1" if private else "0"
    os.environ["FLASHPOINT_SERVE_BEHIND_PROXY"] = "1" if behind_proxy else "0"
    os.environ["FLASHPOINT_SERVE_HOSTS"] = ",".join(hosts)
    prof = active_profile()
    os.environ["FLASHPOINT_PROFILE"] = prof.source if os.sep in prof.source else prof.name  # a file, or shipped
    uvicorn.run("flashpoint.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning", http=protocol(), **proxy)  # type: ignore[arg-type]


def serve_hosts(bind: str, allowed: tuple[str, ...]) -> list[str]:
    """The host names the server answers to: the loopback names, the bind address, and --allowed-host."""
    from flashpoint.errors import ConfigError
    from flashpoint.web.security import LOCAL_HOSTS

    wildcard = bind in ("0.0.0.0", "::", "")
    if wildcard and not allowed:
        raise ConfigError(f"serving on all interfaces ({bind or '*'}) needs the host names clients will use",
                          "add --allowed-host NAME (repeatable), e.g. --allowed-host events.example.org")
    return list(dict.fromkeys([*LOCAL_HOSTS, *([] if wildcard else [bind]), *allowed]))


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
