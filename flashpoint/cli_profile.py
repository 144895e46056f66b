"""`flashpoint profile list|show|check`: the conflict profiles."""

from __future__ import annotations

import json

import click
from rich.table import Table

from flashpoint.cli_common import EXIT_CODES_HELP, handle_errors, out


@click.group()
def profile() -> None:
    """Conflict profiles: sides, names, scope and sites of one conflict, as data (see docs/profiles.md)."""


@profile.command("list", epilog=EXIT_CODES_HELP)
@handle_errors
def list_profiles() -> None:
    """The profiles shipped with flashpoint."""
    from flashpoint.ontology.profile import default_profile_name, load_profile, shipped_profiles

    table = Table("name", "title", "sides", "scope")
    for name in shipped_profiles():
        p = load_profile(name)
        label = f"{name} (default)" if name == default_profile_name() else name
        table.add_row(label, p.title, " / ".join(s.label for s in p.sides.values()), " ".join(p.scope_countries))
    out.print(table)


@profile.command(epilog=EXIT_CODES_HELP)
@click.argument("name_or_path")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@handle_errors
def show(name_or_path: str, as_json: bool) -> None:
    """What a profile holds: sides and their members, third parties, scope, counts."""
    from flashpoint.ontology.profile import load_profile

    summary = load_profile(name_or_path).summary()
    if as_json:
        click.echo(json.dumps(summary, indent=1, ensure_ascii=False))
        return
    out.print(f"[bold]{summary['name']}[/bold]: {summary['title']}  ({summary['source']})", markup=True)
    out.print(f"period: {summary['period'][0] or '-'} to {summary['period'][1] or '-'}; "
              f"scope: {' '.join(summary['scope_countries'])}")
    for sid, s in summary["sides"].items():
        out.print(f"side {sid} ({s['colour']}) {s['label']} (stands for it: {s['representative']}; "
                  f"fights {s['opponent']}): {', '.join(s['members'])}")
    out.print(f"third parties: {', '.join(summary['third_parties']) or '-'}")
    out.print(f"out of scope: {', '.join(summary['out_of_scope']) or '-'}")
    out.print(f"{summary['actors']} actors, {summary['sites']} sites, {summary['anchor_events']} anchor events")


@profile.command(epilog=EXIT_CODES_HELP)
@click.argument("path", type=click.Path(dir_okay=False))
@handle_errors
def check(path: str) -> None:
    """Validate a profile file; errors name the line at fault."""
    from flashpoint.ontology.profile import load_profile

    p = load_profile(path)
    out.print(f"ok: {p.name}: {len(p.sides)} sides, {len(p.actors)} actors, {len(p.sites)} sites")


COMMANDS = [profile]
