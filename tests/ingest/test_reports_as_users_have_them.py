"""Inputs as users have them: written publication dates, reports in other languages, publishers of files."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from flashpoint.cli import main
from flashpoint.ingest import read_source
from flashpoint.ingest.jsonl import parse_published
from flashpoint.store import open_store

REPORT = ("Two drones struck a border post in the eastern desert overnight, wounding two guards, the interior "
          "ministry said on Monday. The ministry said an investigation was under way.")
FRENCH = ("Deux drones ont frappé un poste frontière dans le désert oriental pendant la nuit, blessant deux gardes, "
          "a indiqué lundi le ministère de l'Intérieur. Une enquête est en cours, selon le ministère.")
ARABIC = "أصابت طائرتان مسيرتان موقعا حدوديا في الصحراء الشرقية خلال الليل، ما أدى إلى إصابة حارسين، وفق وزارة الداخلية."


@pytest.mark.parametrize("text,day", [
    ("2024-08-05", dt.date(2024, 8, 5)), ("2024-08-05T22:10:00Z", dt.date(2024, 8, 5)),
    ("5 Aug 2024", dt.date(2024, 8, 5)), ("August 5, 2024", dt.date(2024, 8, 5)), ("5-Aug-2024", dt.date(2024, 8, 5)),
    ("Mon, 05 Aug 2024 10:00:00 +0000", dt.date(2024, 8, 5)), ("Monday 5th August 2024", dt.date(2024, 8, 5)),
    ("2024/08/05", dt.date(2024, 8, 5)), ("05.08.2024", None), ("yesterday", None), ("", None),
])
def test_published_dates_in_common_written_forms(text, day):
    assert parse_published(text) == day


def test_jsonl_published_in_words_becomes_the_date(tmp_path):
    src = tmp_path / "r.jsonl"
    src.write_text(json.dumps({"id": "fx-w", "url": "https://www.example-news.org/a", "published": "5 Aug 2024",
                               "title": "Border post hit", "text": REPORT}) + "\n")
    ((_, doc),) = list(read_source(str(src)))
    assert doc.published == dt.date(2024, 8, 5) and doc.published_source == "metadata"  # type: ignore[union-attr]
    assert doc.publisher == "example-news.org"  # type: ignore[union-attr]  # from the URL: no page name given


def test_text_dump_publisher_from_its_copyright_line_or_url(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text(f"Home | World | Business | Sport\nBorder post hit by drones overnight\n\n{REPORT}\n\n"
                    "© 2024 Harbor Post. All rights reserved.\n")
    ((_, doc),) = list(read_source(str(page)))
    assert doc.publisher == "Harbor Post"  # type: ignore[union-attr]
    page.write_text(f"Source: https://www.harbor-post.example/world/123\nBorder post hit by drones overnight\n\n{REPORT}\n")
    ((_, doc),) = list(read_source(str(page)))
    assert doc.publisher == "harbor-post.example"  # type: ignore[union-attr]


def test_non_english_reports_are_flagged_and_get_no_events(tmp_path):
    src = tmp_path / "mixed.jsonl"
    rows = [{"id": "fx-en", "published": "2024-08-05", "title": "Border post hit", "text": REPORT},
            {"id": "fx-fr", "published": "2024-08-05", "title": "Poste frontière touché", "text": FRENCH},
            {"id": "fx-ar", "published": "2024-08-05", "title": "هجوم", "text": ARABIC}]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    db = str(tmp_path / "m.db")
    res = CliRunner().invoke(main, ["ingest", "--db", db, "-q", str(src)])
    assert res.exit_code == 0, res.output
    assert "not English: 2 report(s)" in res.output and "ar 1" in res.output and "fr 1" in res.output
    docs = {d.doc_id: d for d in open_store(db).documents()}
    assert (docs["fx-fr"].language, docs["fx-ar"].language, docs["fx-en"].language) == ("fr", "ar", "en")
    from flashpoint.store.extractions import mention_records

    assert {r["doc_id"] for r in mention_records(open_store(db).engine)} <= {"fx-en"}
