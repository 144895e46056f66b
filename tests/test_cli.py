import json
from pathlib import Path

from click.testing import CliRunner

from flashpoint.cli import main

from .conftest import EXAMPLES


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_ingest_examples_then_list_and_show(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    code, out, _ = run("ingest", "--db", db, "-q", *map(str, sorted(EXAMPLES.iterdir())))
    assert code == 0, out
    assert "failed 0" in out
    code, out, _ = run("ingest", "--db", db, "-q", *map(str, sorted(EXAMPLES.iterdir())))
    assert code == 0 and "ingested 0" in out and "failed 0" in out
    code, out, _ = run("docs", "--db", db, "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) >= 8 and all(r["published"] for r in rows)
    code, out, _ = run("show", "--db", db, rows[0]["id"])
    assert code == 0 and f"id:        {rows[0]['id']}" in out


def test_failures_give_exit_1_and_one_line_each(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    (tmp_path / "empty.txt").write_text("")
    good = tmp_path / "good.txt"
    good.write_text("A headline for this test\n\nA drone struck a depot on Monday, officials said in a statement.\n")
    code, out, err = run("ingest", "--db", db, "-q", str(tmp_path / "empty.txt"), str(good))
    assert code == 1
    assert "ingested 1" in out and "failed 1" in out
    assert [ln for ln in err.splitlines() if ln.startswith("failed:")] == [
        f"failed: {tmp_path / 'empty.txt'}: file is empty (nothing to ingest)"
    ]


def test_show_missing_is_exit_4(tmp_path: Path) -> None:
    from flashpoint.store import open_store

    open_store(str(tmp_path / "x.db"))  # an empty store: the document is what is missing
    code, _, err = run("show", "--db", str(tmp_path / "x.db"), "nope")
    assert code == 4 and "no document 'nope'" in err


def test_help_documents_exit_status() -> None:
    code, out, _ = run("ingest", "--help")
    assert code == 0 and "Exit status" in out and "some inputs failed" in out and "the program failed" in out
