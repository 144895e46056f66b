"""Regression tests for the crash classes fuzzing found in ingest and store (issue 15).

Each test writes the input that crashed flashpoint and checks the outcome is now a stored document
or one clear error, never an unexpected exception, and that the rest of the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from flashpoint.errors import ExtractError, IngestError
from flashpoint.ingest import ReadOptions, ingest, read_source
from flashpoint.ingest.validate import MAX_BODY_CHARS, MAX_ID_CHARS, MAX_URL_CHARS
from flashpoint.models import Document
from flashpoint.nlp.pipeline import Extractor
from flashpoint.store import Store, schema
from flashpoint.store.events import update_events
from flashpoint.store.extractions import save_extraction

TEXT = ("Iran-backed militia fighters fired four rockets at Ain al-Asad air base in Iraq on Monday, killing two U.S. "
        "soldiers and wounding five others, officials said. Kataib Hezbollah later claimed the attack in a statement.")


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def record(**kw: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {"id": "r1", "url": "https://news.example.org/a", "title": "A test report",
                           "published": "2024-01-05", "text": TEXT}
    rec.update(kw)
    return rec


def jsonl(path: Path, *lines: Any) -> str:
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return str(path)


def rss(path: Path, items: str, after: str = "") -> str:
    """An RSS 2.0 feed of `items` (their XML), with `after` past its closing tag."""
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Site</title>{items}</channel></rss>{after}')
    return str(path)


def run(store: Store, extractor: Extractor, *sources: str) -> Any:
    """The CLI's ingest path: read, store, extract in the document's transaction, then fuse."""
    summary = ingest(list(sources), store, after_save=lambda d, c: save_extraction(c, d.uid, extractor(d)))
    surprises = [e.one_line() for e in summary.errors if e.cause.startswith("unexpected")]
    assert not surprises, surprises
    update_events(store.engine)
    return summary


def stored(store: Store) -> dict[str, Any]:
    with store.engine.connect() as c:
        return {r.uid: r for r in c.execute(sa.select(schema.documents))}


def test_json_nested_thousands_deep_is_one_error(tmp_path: Path, store: Store, extractor: Extractor) -> None:
    src = jsonl(tmp_path / "deep.jsonl", "[" * 5000 + "]" * 5000, "{" + '"a":{' * 3000 + "}" * 3001, record())
    s = run(store, extractor, src)
    assert (s.ingested, s.failed) == (1, 2)
    assert "nested too deeply" in s.errors[0].one_line() and "line 1" in s.errors[0].one_line()


def test_integers_of_thousands_of_digits(tmp_path: Path, store: Store, extractor: Extractor) -> None:
    big = "9" * 5000
    line = json.dumps(record(id="n1"))[:-1] + f', "extra": {big}}}'
    src = jsonl(tmp_path / "big.jsonl", line,
                record(id="n2", text=TEXT + f" Officials said {big} attacks and {big} soldiers were killed."),
                record(id="n3", text=TEXT + " There have been 99999999999999999999 attacks on the bases since then."))
    s = run(store, extractor, src)
    assert (s.ingested, s.failed) == (3, 0)


@pytest.mark.parametrize(("field", "value", "expect"), [
    ("title", 5, "5"), ("title", 2.5, "2.5"), ("author", ["Ana Diaz", "Bo Li"], "Ana Diaz; Bo Li"),
    ("title", True, None), ("title", [1, [2]], None), ("author", {"name": "x"}, None),
    ("publisher", {"a": 1}, None), ("url", ["https://a.example"], None), ("url", 7, None), ("id", [1], None),
    ("id", False, None),
])
def test_metadata_of_the_wrong_type(tmp_path: Path, store: Store, extractor: Extractor, field: str, value: Any,
                                    expect: str | None) -> None:
    src = jsonl(tmp_path / "t.jsonl", record(**{field: value}), record(id="ok", url="https://news.example.org/b"))
    s = run(store, extractor, src)
    docs = stored(store)
    assert "ok" in docs
    if expect is None:
        assert s.failed == 1 and field in s.errors[0].one_line() and "t.jsonl:1" in s.errors[0].one_line()
    else:
        assert s.failed == 0 and getattr(docs["r1"], field) == expect


def test_lone_surrogates_become_replacement_characters(tmp_path: Path, store: Store, extractor: Extractor) -> None:
    line = json.dumps(record(title="A \ud800 title", text=TEXT + " Half a pair: \udc00 here."))
    assert "\\ud800" in line
    s = run(store, extractor, jsonl(tmp_path / "s.jsonl", line))
    assert s.ingested == 1
    doc = stored(store)["r1"]
    assert "\ufffd" in doc.body and doc.title == "A \ufffd title"
    doc.body.encode("utf-8")


def test_ids_and_numbers_beyond_64_bits(tmp_path: Path, store: Store, extractor: Extractor) -> None:
    src = jsonl(tmp_path / "o.jsonl", record(id=2**64), record(id="p", published=2**70, url="https://n.example/p"))
    s = run(store, extractor, src)
    assert s.ingested == 2 and str(2**64) in stored(store)


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31", "1000-01-01"])
def test_publication_dates_at_the_ends_of_the_calendar(tmp_path: Path, store: Store, extractor: Extractor,
                                                       published: str) -> None:
    s = run(store, extractor, jsonl(tmp_path / "d.jsonl", record(published=published)))
    assert s.ingested == 1 and stored(store)["r1"].published is None


def test_the_extractor_refuses_impossible_reference_dates(extractor: Extractor) -> None:
    for day in (dt.date(1, 1, 1), dt.date(9999, 12, 31)):
        with pytest.raises(ExtractError, match="out of range"):
            extractor.extract_text("x", TEXT, day)


def test_offsets_beyond_the_calendar(tmp_path: Path, store: Store, extractor: Extractor) -> None:
    text = TEXT + " A second attack came 999999999999 days later, and another 4000000 hours earlier."
    s = run(store, extractor, jsonl(tmp_path / "o.jsonl", record(text=text)))
    assert s.ingested == 1


def test_feed_date_of_zeros(tmp_path: Path, store: Store, extractor: Extractor) -> None:
    items = "".join(f"<item><title>Entry {i}</title><link>https://n.example/{i}</link><pubDate>{d}</pubDate>"
                    f"<description>{TEXT} Entry {i}.</description></item>"
                    for i, d in enumerate(["0000-00-00", "Mon, 32 Foo 0000 99:99:99 GMT", "Mon, 05 Feb 2024 10:00:00 GMT"]))
    s = run(store, extractor, rss(tmp_path / "f.rss", items))
    assert (s.ingested, s.failed) == (3, 0)
    assert sorted(str(d.published) for d in stored(store).values()) == ["2024-02-05", "None", "None"]


def test_feed_character_references_to_no_character(tmp_path: Path, store: Store, extractor: Extractor) -> None:
    # "&#099999999999999999999;" past the closing tag made feedparser raise OverflowError (fuzzing, session 11)
    items = "".join(f"<item><title>Entry {i}</title><link>https://n.example/{i}</link>"
                    f"<description>{TEXT} Entry {i} &amp; {ref}.</description></item>"
                    for i, ref in enumerate(["&#1114112;", "&#x110000;", "&#65;"]))
    s = run(store, extractor, rss(tmp_path / "c.rss", items, after="&#099999999999999999999;"))
    assert (s.ingested, s.failed) == (3, 0)
    bodies = sorted(d.body for d in stored(store).values())
    assert any(b.endswith("Entry 2 & A.") for b in bodies) and sum("\ufffd" in b for b in bodies) == 2


def test_page_dump_stamp_with_an_impossible_date(tmp_path: Path, store: Store, extractor: Extractor) -> None:
    (tmp_path / "p.txt").write_text(f"date 2023-13-14\nA headline about the attack\n\n{TEXT}\n")
    s = run(store, extractor, str(tmp_path / "p.txt"))
    assert s.ingested == 1


def test_a_body_longer_than_one_document_may_be(tmp_path: Path, store: Store, extractor: Extractor) -> None:
    (tmp_path / "long.txt").write_text((TEXT + "\n\n") * (MAX_BODY_CHARS // len(TEXT) + 10))
    s = run(store, extractor, str(tmp_path / "long.txt"), jsonl(tmp_path / "ok.jsonl", record()))
    assert (s.ingested, s.failed) == (1, 1)
    assert "limit for one document" in s.errors[0].one_line() and "split" in s.errors[0].one_line()
    with pytest.raises(ExtractError, match="limit"):
        extractor.extract_text("x", "word " * (MAX_BODY_CHARS // 4), None)


def test_the_same_text_under_two_urls_is_stored_once(tmp_path: Path, store: Store, extractor: Extractor) -> None:
    src = jsonl(tmp_path / "two.jsonl", {"url": "https://a.example/1", "text": TEXT},
                {"url": "https://b.example/2", "text": TEXT})
    s = run(store, extractor, src)
    assert (s.ingested, s.unchanged, s.failed) == (1, 1, 0) and len(stored(store)) == 1


def test_an_id_that_looks_like_a_version(tmp_path: Path, store: Store, extractor: Extractor) -> None:
    src = jsonl(tmp_path / "v.jsonl", record(id="a"), record(id="a", text=TEXT + " Updated."),
                record(id="a@v2", text=TEXT + " Other."), record(id="a@v3", text=TEXT + " Third."))
    s = run(store, extractor, src)
    assert (s.ingested, s.new_versions, s.failed) == (1, 1, 2)
    assert "version suffix" in s.errors[0].one_line()
    assert set(stored(store)) == {"a", "a@v2"} and stored(store)["a@v2"].doc_id == "a"


def test_nul_long_ids_and_long_urls_are_refused_as_on_postgresql(tmp_path: Path, store: Store,
                                                                 extractor: Extractor) -> None:
    src = jsonl(tmp_path / "n.jsonl", record(id="nul", text=TEXT + " A \u0000 byte."), record(id="t", title="x\u0000"),
                record(id="x" * (MAX_ID_CHARS + 1)), record(id="u", url="https://a.example/" + "x" * MAX_URL_CHARS),
                record(id="fine", url="https://a.example/" + "x" * (MAX_URL_CHARS - 30)))
    s = run(store, extractor, src)
    assert (s.ingested, s.failed) == (1, 4)
    lines = [e.one_line() for e in s.errors]
    assert "NUL" in lines[0] and "NUL" in lines[1] and "190-character limit" in lines[2] and "URL is" in lines[3]
    # the store refuses the same documents when the library is called directly
    doc = Document(id="y" * 300, source="api", body=TEXT, raw=TEXT, format="text")
    with pytest.raises(IngestError, match="limit"):
        store.save_document(doc)
    with pytest.raises(IngestError, match="NUL"):
        store.save_document(Document(id="z", source="api", body=TEXT + "\x00", raw=TEXT, format="text"))
    assert set(stored(store)) == {"fine"}


def test_nul_bytes_past_the_binary_sniffing_window(tmp_path: Path, store: Store, extractor: Extractor) -> None:
    (tmp_path / "late.txt").write_bytes((TEXT + "\n\n").encode() * 50 + b"\x00tail")
    s = run(store, extractor, str(tmp_path / "late.txt"))
    assert s.failed == 1 and "NUL" in s.errors[0].one_line()


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    text = "Ataque con cohetes contra la base aérea\n\n" + TEXT + " Según los funcionarios, nadie resultó herido.\n"
    (tmp_path / "u.txt").write_bytes(text.encode(encoding))
    ((_, doc),) = list(read_source(str(tmp_path / "u.txt")))
    assert isinstance(doc, Document), doc
    assert "nadie resultó herido" in doc.body
    (tmp_path / "u.jsonl").write_bytes((json.dumps(record(), ensure_ascii=False) + "\n").encode(encoding))
    ((_, doc),) = list(read_source(str(tmp_path / "u.jsonl")))
    assert isinstance(doc, Document) and doc.id == "r1"


def test_binary_that_looks_a_little_like_utf16_is_still_binary(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_bytes(bytes([65, 0, 1, 2, 3, 4, 5, 6] * 400))
    ((_, item),) = list(read_source(str(tmp_path / "b.txt")))
    assert isinstance(item, IngestError) and "binary" in item.one_line()


def test_a_page_that_reverts_becomes_the_latest_again(tmp_path: Path, store: Store, extractor: Extractor) -> None:
    a = record(id="page", text=TEXT)
    b = record(id="page", text=TEXT.replace("two U.S. soldiers", "three U.S. soldiers"))
    outcomes = []
    for n, rec in enumerate((a, b, a, a)):
        s = run(store, extractor, jsonl(tmp_path / f"v{n}.jsonl", rec))
        outcomes.append((s.ingested, s.new_versions, s.reverted, s.unchanged))
    assert outcomes == [(1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1)]
    latest = [uid for uid, r in stored(store).items() if r.is_latest]
    assert latest == ["page"] and store.document("page").body == TEXT
    with store.engine.connect() as c:
        figures = {r.fatalities_best for r in c.execute(sa.select(schema.events.c.fatalities_best))}
    assert figures == {2}


def test_read_options_survive_every_source_kind(tmp_path: Path) -> None:
    (tmp_path / "x[").mkdir()
    path = tmp_path / "x[" / "y].txt"
    path.write_text(f"A headline [/x] [bold]\n\n{TEXT}\n")
    ((_, doc),) = list(read_source(str(path), ReadOptions()))
    assert isinstance(doc, Document) and "[/x]" in (doc.title or "")


def test_the_extractor_takes_text_with_lone_surrogates(extractor: Extractor) -> None:
    """Found by fuzzing: a library caller's text with "\\udfff" crashed spaCy's tokenizer."""
    ex = extractor.extract_text("s", TEXT.replace("officials", "\udfff officials"), dt.date(2024, 1, 8))
    assert ex.events and all("\udfff" not in e.evidence.text for e in ex.events)


def test_a_small_feed_whose_entity_expands_into_a_long_capitalised_run(tmp_path: Path, store: Store,
                                                                         extractor: Extractor) -> None:
    """Under 1 KB of RSS: its internal entity, used 60 times, expands into a run of 1,900 capitalised words
    (14 s at 40 uses before place search was bounded; cubic in the run). Now one document in well under 10 s."""
    from tests.nlp.test_no_hangs import no_hang

    entity = "Camp Alpha Delta Base North Front Erbil Syria " * 4
    item = f"<item><title>T</title><link>https://n.example/1</link><description>{'&e;' * 60} killed two.</description></item>"
    path = tmp_path / "f.rss"
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e "{entity}">]><rss version="2.0"><channel>'
                    f"<title>S</title>{item}</channel></rss>")
    assert path.stat().st_size < 1024
    with no_hang():
        s = run(store, extractor, str(path))
    assert (s.ingested, s.failed) == (1, 0)
    assert "Camp Alpha" in next(iter(stored(store).values())).body
