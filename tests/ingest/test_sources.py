import datetime as dt
import json
from pathlib import Path

from flashpoint.errors import IngestError
from flashpoint.ingest import read_source
from flashpoint.ingest.sources import detect_format
from flashpoint.models import Document

HTML = """<!DOCTYPE html><html><head><title>Strike hits depot | Desert Courier</title>
<meta name="author" content="Sam Reyes"><meta property="og:site_name" content="Desert Courier">
<meta property="article:published_time" content="2024-02-10T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/login">Sign in</a></nav>
<article><h1>Strike hits depot near the river crossing</h1>
<p>An air strike destroyed a weapons depot near the river crossing on Friday night, local officials said, adding that two guards were wounded in the blast.</p>
<p>The officials said the depot had been used by an armed faction for months and that nearby homes were damaged by the explosion.</p>
<p>No group has commented on the strike, which came a day after a rocket attack on a nearby base housing foreign troops.</p>
</article><footer>© 2024 Desert Courier. All rights reserved.</footer></body></html>"""


def docs(path: Path) -> list[Document]:
    out = []
    for _, item in read_source(str(path)):
        assert not isinstance(item, IngestError), item
        out.append(item)
    return out


def test_html_page_metadata_and_main_text(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text(HTML)
    (d,) = docs(p)
    assert "weapons depot near the river crossing" in d.body
    assert "Sign in" not in d.body and "All rights reserved" not in d.body
    assert d.title and "Strike hits depot" in d.title
    assert d.author == "Sam Reyes" and d.publisher == "Desert Courier"
    assert d.published == dt.date(2024, 2, 10) and d.published_source == "metadata"
    assert d.language == "en" and d.format == "html" and d.raw == HTML


def test_jsonl_records_keep_corpus_ids_and_published(tmp_path: Path) -> None:
    p = tmp_path / "c.jsonl"
    recs = [
        {"id": "a-1", "url": "https://x.example/a", "title": "A", "published": "2024-01-02",
         "text": "Rockets were fired at a base housing foreign troops on Monday, officials said in a statement."},
        {"id": "a-2", "url": None, "title": None, "published": None,
         "text": "A drone struck a vehicle near the border on Jan. 5, 2024, killing two people, police said."},
    ]
    p.write_text("\n".join(json.dumps(r) for r in recs) + "\n")
    a, b = docs(p)
    assert a.id == "a-1" and a.published == dt.date(2024, 1, 2) and a.published_source == "metadata"
    assert b.id == "a-2" and b.published == dt.date(2024, 1, 5) and b.published_source == "inferred"


def test_feed_entries_become_documents(tmp_path: Path) -> None:
    p = tmp_path / "feed.xml"
    p.write_text("""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>One</title><link>https://w.example/1</link><guid>w-1</guid><pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate>
<description><![CDATA[<p>Two rockets hit a base in the desert on Tuesday, the military said in a short statement.</p>]]></description></item>
<item><title>Two</title><link>https://w.example/2</link><pubDate>Wed, 03 Jan 2024 10:00:00 GMT</pubDate>
<description>Talks between the two governments on the future of the mission resumed on Wednesday in the capital.</description></item>
</channel></rss>""")
    one, two = docs(p)
    assert one.id == "w-1" and one.url == "https://w.example/1" and one.publisher == "Wire"
    assert one.published == dt.date(2024, 1, 2) and one.body.startswith("Two rockets hit a base")
    assert two.id.startswith("doc-") and two.title == "Two"


def test_text_ids_are_content_hashes(tmp_path: Path) -> None:
    text = "Headline of a short report here\n\nA mortar round landed inside the compound on Sunday, the army said.\n"
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.txt").write_text(text)
    (a,) = docs(tmp_path / "a.txt")
    (b,) = docs(tmp_path / "b.txt")
    assert a.id == b.id and a.id.startswith("doc-")


def test_format_detection() -> None:
    assert detect_format("x.bin", "<!DOCTYPE html><html>") == "html"
    assert detect_format("x", '{"id": 1}\n{"id": 2}') == "jsonl"
    assert detect_format("x.xml", '<?xml version="1.0"?><rss version="2.0">') == "feed"
    assert detect_format("notes", "Plain words.") == "text"
    assert detect_format("u", "<html>", "text/html") == "html"
