"""A crash never ends a batch: one document's unexpected error is one line naming its input, the rest go on,
and the exit status tells "some inputs failed" (1) from "the program failed" (5)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from flashpoint.cli import main
from flashpoint.nlp.pipeline import Extractor

TEXT = ("Iran-backed militia fighters fired four rockets at Ain al-Asad air base in Iraq on Monday, killing two U.S. "
        "soldiers and wounding five others, officials said.")


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args))
    return r.exit_code, r.stdout, r.stderr


def corpus(tmp_path: Path) -> str:
    lines = [{"id": f"d{i}", "published": "2024-01-08", "text": TEXT + (" BOOM" if i == 1 else f" Report {i}.")}
             for i in range(3)]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    return str(path)


@pytest.fixture
def exploding_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    real = Extractor.__call__

    def call(self: Extractor, doc: Any) -> Any:
        if "BOOM" in doc.body:
            raise RuntimeError("boom\nwith a second line [/x]")
        return real(self, doc)

    monkeypatch.setattr(Extractor, "__call__", call)


def test_an_unexpected_error_fails_one_document_only(tmp_path: Path, exploding_extractor: None) -> None:
    db = str(tmp_path / "x.db")
    code, out, err = run("ingest", "--db", db, "-q", corpus(tmp_path))
    assert code == 1
    failed = [ln for ln in err.splitlines() if ln.startswith("failed:")]
    assert len(failed) == 1 and "c.jsonl:2" in failed[0] and "unexpected RuntimeError: boom with a second line [/x]" in failed[0]
    assert "Traceback" not in err
    assert "ingested 2" in out and "failed 1" in out and "fused" in out
    code, out, _ = run("docs", "--db", db, "--json")
    assert sorted(json.loads(x)["id"] for x in out.splitlines()) == ["d0", "d2"]


def test_extract_goes_on_past_an_unexpected_error(tmp_path: Path, exploding_extractor: None) -> None:
    code, out, err = run("extract", corpus(tmp_path))
    assert code == 1
    assert {json.loads(x)["doc_id"] for x in out.splitlines()} == {"d0", "d2"}
    assert len([ln for ln in err.splitlines() if ln.startswith("failed:")]) == 1


def test_a_program_failure_is_exit_5_after_the_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import flashpoint.store.events as events

    def broken(*a: Any, **k: Any) -> Any:
        raise KeyError("no such block")

    monkeypatch.setattr(events, "update_events", broken)
    code, out, err = run("ingest", "--db", str(tmp_path / "x.db"), "-q", corpus(tmp_path))
    assert code == 5
    assert "ingested 3" in out
    assert "internal error: KeyError" in err and "FLASHPOINT_DEBUG" in err and "Traceback" not in err


def test_markup_in_paths_and_messages_is_printed_as_is(tmp_path: Path) -> None:
    (tmp_path / "[red]x[").mkdir()
    bad = tmp_path / "[red]x[" / "red].txt"  # the path reads "[red]x[/red].txt"
    bad.write_text("")
    code, out, err = run("ingest", "--db", str(tmp_path / "x.db"), "-q", str(bad), str(tmp_path / "no[/x]"))
    assert code == 1
    assert f"failed: {bad}: file is empty" in err and f"failed: {tmp_path / 'no[/x]'}: file not found" in err


def test_help_lists_the_exit_codes() -> None:
    for cmd in ("ingest", "extract", "events"):
        code, out, _ = run(cmd, "--help")
        assert code == 0 and "1  some inputs failed" in out and "5  the program failed" in out
