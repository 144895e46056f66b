"""Hypothesis strategies for everything flashpoint reads: report text, HTML pages, page dumps, feeds, JSONL
corpora (as bytes in several encodings, some mutated), review bodies and API query parameters.

The vocabulary is what the rules react to (attack words, figures, dates, actors, places, claims) mixed
with what breaks parsers (long runs, deep nesting, huge numbers, control and bidi characters, lone
surrogates, broken markup), so that generated inputs reach deep into extraction, not just the first check.
All text here is written for this harness.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

EVENT_WORDS = ["killed", "wounded", "injured", "dead", "died", "fired", "launched", "struck", "rockets", "rocket",
               "drone", "drones", "missile", "mortar", "attack", "attacks", "airstrike", "strikes", "retaliation",
               "in response to", "claimed responsibility for", "said", "according to", "officials", "at least",
               "more than", "about", "nearly", "up to", "some", "people", "soldiers", "troops", "militants",
               "civilians", "personnel", "service members", "no casualties", "no one was hurt", "since", "times",
               "there have been", "separate attacks", "the previous day", "two days later", "hours earlier",
               "near", "outside", "north of", "from", "the border with", "and", "the", "a", "an", "of", "in", "on",
               "was", "were", "has been", "by", "with", "which", "who", "that", "its", "their"]
ACTORS = ["Kataib Hezbollah", "Kata'ib Hezbollah", "Islamic Resistance in Iraq", "Hezbollah", "the IDF", "Israel",
          "the United States", "U.S.", "US forces", "American", "Iran", "Iran-backed militias", "the Houthis",
          "Popular Mobilization Forces", "CENTCOM", "the Pentagon", "Nujaba", "Hamas", "the Free Front Brigades",
          "Syrian Democratic Forces", "Jordan", "the coalition"]
PLACES = ["Baghdad", "Erbil", "Ain al-Asad", "al-Asad Air Base", "Tower 22", "Al-Tanf", "Deir ez-Zor", "Abu Kamal",
          "Syria", "Iraq", "Jordan", "Lebanon", "southern Lebanon", "Kiryat Shmona", "Tyre", "the Golan Heights",
          "Camp Victory", "Harir", "Mosul", "Kirkuk", "Al Udeid", "Red Sea", "Gaza", "Beirut", "Anbar province"]
DATES = ["Monday", "on Tuesday", "late Sunday", "January 5, 2024", "5 January 2024", "Jan. 28", "Oct 17",
         "2024-01-05", "01/28/2024", "yesterday", "last night", "earlier this week", "mid-February", "October 2023",
         "2023-13-14", "February 30, 2024", "0000-00-00", "9999-12-31", "the day before", "tonight"]
NUMBERS = ["two", "three", "34", "1,200", "twenty-five", "a dozen", "one", "0", "100000", "99999999999999999999",
           "9" * 40, "-5", "3.5", "1e20", "hundred", "several", "dozens"]
ODD = ["\u202e", "\u202c", "\u2066", "\u200f", "\u061c", "\u200b", "\ufeff", "\x00", "\x1b[31m", "\t", "\r", "\u2028",
       "\ud800", "\udfff", "\U0001f4a5", "ﷺ", "\u0301", "İ", "ß", "[/x]", "[bold]", "<script>alert(1)</script>",
       "=HYPERLINK(\"http://evil.example\")", "+1", "-1+1", "@SUM(A1)", "javascript:alert(1)", "&amp;", "&#0;",
       "%s%n", "{{7*7}}", "'; DROP TABLE documents; --", "..", "U.S.", "Mr.", "e.g.", "!", "?", "—", "…", "“", "”"]
PUNCT = [".", ",", ";", ":", "!", "?", "'s", "(", ")", "[", "]", "-", "\"", "'", "/", "\n", "\n\n"]

word = st.one_of(
    st.sampled_from(EVENT_WORDS), st.sampled_from(ACTORS), st.sampled_from(PLACES), st.sampled_from(DATES),
    st.sampled_from(NUMBERS), st.sampled_from(PUNCT),
    st.sampled_from(ODD),
    st.text(min_size=1, max_size=12),
    st.from_regex(r"[A-Z][a-z]{1,9}", fullmatch=True),
)
POOLS = [EVENT_WORDS, ACTORS, PLACES, DATES, NUMBERS, PUNCT]
RUN_TOKENS = ["(", "$", "'s", "a", "Al ", "Baghdad ", "killed 5 people and ", "Monday ", "U.S. ", "on January 5, 2024 and ",
              "the ", "\n", ". ", "9", "…", "Front\nthe ", "al-", "at least ", "Kataib Hezbollah Brigades ",
              "wounding 4 U.S. soldiers, ", "[[", "<p>", "&amp;", "\u202e"]


def _random_word(rnd: random.Random, odd_rate: float) -> str:
    """A word of the vocabulary, an odd token, a capitalised word or a word of random characters."""
    r = rnd.random()
    if r < odd_rate:
        return rnd.choice(ODD)
    if r < 0.75:
        return rnd.choice(rnd.choice(POOLS))
    if r < 0.9:
        return rnd.choice("ABCDEFGHIJKLMNOPRSTUVWZ") + "".join(rnd.choice("aeiounrstlhkbdm") for _ in range(rnd.randint(1, 9)))
    blocks = [(32, 126), (160, 0x2FF), (0x590, 0x6FF), (0x2000, 0x206F), (0x4E00, 0x4E50), (0x1F300, 0x1F330)]
    return "".join(chr(rnd.randint(*rnd.choice(blocks))) for _ in range(rnd.randint(1, 8)))


def expand_report(seed: int, sentences: int, odd_rate: float, run: str, extra: str) -> str:
    """Report-like text grown from a seed: cheap to generate, so that many inputs fit in the budget."""
    rnd = random.Random(seed)
    parts: list[str] = []
    for i in range(sentences):
        sentence = " ".join(_random_word(rnd, odd_rate) for _ in range(rnd.randint(1, 30)))
        if rnd.random() < 0.7:
            sentence = sentence[:1].upper() + sentence[1:]
        parts.append(sentence + rnd.choice([". ", ". ", ". ", "! ", "? ", "\n\n", "\n", " ", ""]))
        if run and i == sentences // 2:
            parts.append(run)
        if extra and rnd.random() < 0.2:
            parts.append(extra)
    return "".join(parts)


@st.composite
def runs(draw: Any) -> str:
    """A long run of one token: what made rules quadratic (capitalised words, letters, brackets, dates)."""
    token = draw(st.one_of(st.sampled_from(RUN_TOKENS), word.map(lambda w: w + " ")))
    return token * draw(st.integers(1, 4000))


@st.composite
def report_text(draw: Any, max_sentences: int = 40) -> str:
    """Report-like text (seeded, so cheap to draw), now and then with a long adversarial run and a piece of
    arbitrary text that hypothesis draws itself."""
    seed = draw(st.integers(0, 2**32 - 1))
    sentences = min(max_sentences, draw(st.sampled_from([1, 1, 2, 2, 3, 3, 4, 5, 6, 8, 12, 20, 40])))  # mostly short
    odd_rate = draw(st.sampled_from([0.0, 0.0, 0.02, 0.1, 0.5]))
    run = draw(runs()) if draw(st.integers(0, 12)) == 0 else ""
    extra = draw(st.text(max_size=24)) if draw(st.booleans()) else ""
    return expand_report(seed, sentences, odd_rate, run, extra)


def _safe_xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def html_page(draw: Any) -> str:
    body = draw(report_text())
    paras = body.split("\n\n")
    esc = draw(st.booleans())
    inner = "".join(f"<p>{_safe_xml(p) if esc else p}</p>" for p in paras)
    depth = draw(st.integers(0, 300))
    if draw(st.integers(0, 10)) == 0:
        inner = "<div>" * depth + inner + "</div>" * draw(st.integers(0, depth))
    meta = draw(st.sampled_from(["", '<meta property="article:published_time" content="2024-01-05T10:00:00Z">',
                                 '<meta name="date" content="0001-01-01">', '<meta name="date" content="9999-99-99">',
                                 '<link rel="canonical" href="javascript:alert(1)">', '<html lang="' + "x" * 300 + '">']))
    title = draw(st.text(max_size=80))
    page = (f"<!DOCTYPE html><html><head><title>{title}</title>{meta}</head><body><article><h1>{title}</h1>"
            f"{inner}</article><footer>Copyright</footer></body></html>")
    if draw(st.integers(0, 8)) == 0:  # cut anywhere: broken markup
        page = page[: draw(st.integers(0, len(page)))]
    return page


@st.composite
def page_dump(draw: Any) -> str:
    head = draw(st.lists(st.sampled_from(["Home", "Menu", "Share", "Sign in", "Latest news", "date 2023-13-14",
                                          "date 2024-02-03", "By Ana Diaz", "Last updated: 2024/02/22",
                                          "Photo: a crater", "Related articles", "Tags: Iraq"]), max_size=6))
    title = draw(st.text(max_size=60))
    return "\n".join([*head, title, "", draw(report_text()), "", "Related articles", "© 2024 Example"])


FEED_DATES = ["Mon, 05 Feb 2024 10:00:00 GMT", "0000-00-00", "2024-13-45", "", "yesterday",
              "Tue, 31 Feb 0000 99:99:99 +9999", "2024-02-05T10:00:00Z", "Sat, 09 Mar 2024 08:30:00 +0300"]
FEED_LINKS = ["https://news.example.org/a", "javascript:alert(1)", "/relative", "https://n.example/" + "y" * 2100, "",
              "data:text/html,x", "https://news.example.org/a?b=1&c=2"]


@st.composite
def feed(draw: Any) -> str:
    """An RSS or Atom feed grown from a seed: up to 30 entries, odd dates, guids and links, HTML or CDATA
    content, now and then an internal entity that expands."""
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
    odd_title, odd_guid = draw(st.text(max_size=40)), draw(st.one_of(st.text(max_size=30), st.just("x" * 400)))
    entries = []
    for i in range(rnd.randint(0, 30)):
        date, link = rnd.choice(FEED_DATES), rnd.choice(FEED_LINKS)
        guid = rnd.choice([odd_guid, f"urn:fuzz:{rnd.randint(0, 10**9)}", "a@v2", "", link])
        body = expand_report(rnd.randint(0, 2**32), rnd.randint(1, 8), rnd.choice([0.0, 0.05, 0.3]), "", odd_title)
        content = f"<![CDATA[<p>{body}</p>]]>" if rnd.random() < 0.5 else _safe_xml(body)
        title = _safe_xml(odd_title if rnd.random() < 0.3 else body[:60])
        entries.append(f"<item><title>{title}</title><link>{_safe_xml(link)}</link><guid>{_safe_xml(guid)}</guid>"
                       f"<pubDate>{date}</pubDate><description>{content}</description></item>"
                       if rnd.random() < 0.6 else
                       f"<entry><title>t{i}</title><id>{_safe_xml(guid)}</id><updated>{date}</updated>"
                       f"<content type=\"html\">{_safe_xml(body)}</content></entry>")
    dtd = ""
    if rnd.random() < 0.15:
        dtd = '<!DOCTYPE rss [<!ENTITY e "' + rnd.choice(["Baghdad", "((((", "killed two "]) * 50 + '">]>'
        entries.append("<item><title>e</title><description>" + "&e; " * rnd.randint(1, 100) + "</description></item>")
    if rnd.random() < 0.5:
        return f'<?xml version="1.0"?>{dtd}<rss version="2.0"><channel><title>Site</title>{"".join(entries)}</channel></rss>'
    return f'<?xml version="1.0"?>{dtd}<feed xmlns="http://www.w3.org/2005/Atom"><title>S</title>{"".join(entries)}</feed>'


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=2**63, max_value=2**200),
              st.floats(allow_nan=False), st.text(max_size=40), st.sampled_from(ODD)),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)),
    max_leaves=12,
)
BROKEN_LINES = ["{", "[1,2]", "null", "{\"text\": ", "[" * 5000 + "]" * 5000, '{"a":' * 3000 + "1" + "}" * 3000,
                '{"id": 1, "n": ' + "9" * 5000 + "}", '{"text": "x\\ud800"}', "\x00{}", "{\"text\": 5}", ""]
ODD_IDS = ["x" * 300, "a@v2", "=HYPERLINK(\"x\")", "\u0000id", "", "doc-0000000000000000", "a b", "\u202eid"]


def expand_jsonl(seed: int, lines: int, odd: list[Any]) -> str:
    """JSONL lines grown from a seed: records with every field now right, now of another type or missing,
    repeated ids (new versions, reverts), broken and hostile lines."""
    rnd = random.Random(seed)
    out = []
    ids = [f"r{rnd.randint(0, 5)}" for _ in range(3)]
    for _ in range(lines):
        if rnd.random() < 0.08:
            out.append(rnd.choice(BROKEN_LINES))
            continue
        rec: dict[str, Any] = {"text": expand_report(rnd.randint(0, 2**32), rnd.randint(1, 12),
                                                     rnd.choice([0.0, 0.0, 0.05, 0.3]), "", "")}
        for name, good in (("id", rnd.choice(ids)), ("url", f"https://news.example.org/{rnd.randint(0, 9)}"),
                           ("title", _random_word(rnd, 0.2)), ("published", rnd.choice(DATES)),
                           ("author", _random_word(rnd, 0.1)), ("publisher", _random_word(rnd, 0.1))):
            r = rnd.random()
            if r < 0.15:
                continue
            rec[name] = rnd.choice(odd) if r < 0.3 else good
        if rnd.random() < 0.04:
            rec["id"] = rnd.choice(ODD_IDS)
        out.append(json.dumps(rec, ensure_ascii=rnd.random() < 0.5))
    return "\n".join(out)


@st.composite
def jsonl(draw: Any) -> str:
    odd = draw(st.lists(json_values, min_size=1, max_size=4))
    return expand_jsonl(draw(st.integers(0, 2**32 - 1)), draw(st.integers(1, 50)), odd)


@st.composite
def jsonl_line(draw: Any) -> str:
    return expand_jsonl(draw(st.integers(0, 2**32 - 1)), 1, draw(st.lists(json_values, min_size=1, max_size=2)))


ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"]


@st.composite
def encoded(draw: Any, text_strategy: Any) -> bytes:
    text = draw(text_strategy)
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace") if text else b""
    if draw(st.integers(0, 10)) == 0 and data:  # flip, cut or splice bytes
        data = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            op, pos = draw(st.integers(0, 2)), draw(st.integers(0, max(0, len(data) - 1)))
            if op == 0 and data:
                data[pos] = draw(st.integers(0, 255))
            elif op == 1:
                del data[pos: pos + draw(st.integers(1, 64))]
            else:
                data[pos:pos] = draw(st.binary(max_size=32))
        data = bytes(data)
    return data


SEEDS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


@st.composite
def mutated_seed(draw: Any) -> tuple[str, bytes]:
    """One of the example corpus files with random edits: real structure, broken in places."""
    files = sorted(p for p in SEEDS.iterdir() if p.is_file())
    path = draw(st.sampled_from(files))
    data = bytearray(path.read_bytes())
    for _ in range(draw(st.integers(0, 12))):
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        op = draw(st.integers(0, 3))
        if op == 0:
            data[pos:pos + draw(st.integers(0, 200))] = b""
        elif op == 1:
            data[pos:pos] = draw(st.sampled_from(ODD + PLACES + ACTORS + NUMBERS)).encode("utf-8", "surrogatepass")
        elif op == 2 and data:
            data[pos] = draw(st.integers(0, 255))
        else:
            chunk = bytes(data[pos:pos + draw(st.integers(1, 400))])
            data[pos:pos] = chunk * draw(st.integers(1, 20))
    return path.suffix, bytes(data)


@st.composite
def source_file(draw: Any) -> tuple[str, bytes]:
    """(file extension, bytes) of any input format flashpoint ingests."""
    kind = draw(st.sampled_from(["txt", "html", "jsonl", "rss", "dump", "seed", "seed"]))
    if kind == "seed":
        return draw(mutated_seed())
    strategy = {"txt": report_text(), "html": html_page(), "jsonl": jsonl(), "rss": feed(), "dump": page_dump()}[kind]
    ext = {"txt": ".txt", "html": ".html", "jsonl": ".jsonl", "rss": ".xml", "dump": ".txt"}[kind]
    if draw(st.integers(0, 12)) == 0:
        ext = draw(st.sampled_from([".txt", ".html", ".jsonl", ".rss", ".atom", ".bin", ""]))  # a misleading name
    return ext, draw(encoded(strategy))


FIELDS = ["event_type", "date", "date_precision", "mode", "actor", "target", "location", "country", "latitude",
          "longitude", "fatalities", "injured", "claimed_by", "retaliation_for", "geo_precision", "evidence", "x" * 50]
ACTIONS = ["confirm", "reject", "correct", "merge", "split", "reopen", "delete", "", "CONFIRM"]


@st.composite
def review_body(draw: Any) -> Any:
    if draw(st.integers(0, 10)) == 0:
        return draw(json_values)  # not even an object
    body: dict[str, Any] = {}
    for key, strategy in (("action", st.one_of(st.sampled_from(ACTIONS), json_values)),
                          ("field", st.one_of(st.sampled_from(FIELDS), json_values)),
                          ("value", st.one_of(json_values, st.sampled_from(NUMBERS + DATES + ACTORS + PLACES + ODD))),
                          ("reason", st.one_of(st.text(max_size=60), json_values, st.just("r" * 1200)))):
        if draw(st.integers(0, 6)):
            body[key] = draw(strategy)
    return body


PARAM_VALUES = st.one_of(
    st.sampled_from(["1", "0", "-1", "2", "500", "501", "99999999999999999999", "1e20", "abc", "", "NaN", "inf",
                     "2024-01-05", "2024-13-45", "0001-01-01", "IRQ", "Iraq", "Narnia", "ASSAULT", "drone", "D", "W",
                     "rejected", "all", "true", "0.5", "45", "-90", "180.0001", "\u202e", "%00", "' OR 1=1 --",
                     "x" * 300]),
    st.text(max_size=20),
    st.integers().map(str),
)
PARAMS = ["page", "per_page", "since", "until", "country", "side", "type", "mode", "min_sources", "q", "status", "cell",
          "south", "west", "north", "east", "limit", "freq", "assign_unattributed", "event_id"]


@st.composite
def query_params(draw: Any) -> dict[str, str]:
    return draw(st.dictionaries(st.sampled_from(PARAMS), PARAM_VALUES, max_size=6))


GET_PATHS = ["/api/events", "/api/events.csv", "/api/events.geojson", "/api/map", "/api/links", "/api/documents",
             "/api/tallies", "/api/series", "/api/analysis", "/api/audit", "/api/me", "/api/jobs/1", "/",
             "/static/common.js", "/event/x", "/api/openapi.json"]


@st.composite
def api_request(draw: Any) -> tuple[str, str, dict[str, str], Any]:
    """(method, path, query parameters, JSON body or None)."""
    kind = draw(st.integers(0, 9))
    if kind <= 5:
        return "GET", draw(st.sampled_from(GET_PATHS)), draw(query_params()), None
    if kind == 6:
        tail = draw(st.one_of(st.text(max_size=30), st.sampled_from(["..%2f..%2fetc%2fpasswd", "%00", "x" * 3000])))
        return "GET", draw(st.sampled_from(["/api/events/", "/api/documents/", "/api/jobs/", "/event/"])) + tail, {}, None
    if kind == 7 and draw(st.booleans()):
        return "POST", draw(st.sampled_from(["/api/login", "/api/events/{event}/review"])), {}, draw(raw_body())
    if kind == 7:
        return "POST", "/api/login", {}, draw(st.one_of(json_values, st.fixed_dictionaries(
            {"username": st.one_of(st.text(max_size=90), json_values), "password": st.one_of(st.text(max_size=210), json_values)})))
    return "POST", "/api/events/{event}/review", {}, draw(review_body())


@st.composite
def raw_body(draw: Any) -> bytes:
    """A request body as bytes: broken JSON, deep nesting, other encodings, escapes of lone surrogates."""
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return draw(st.binary(max_size=300))
    if kind == 1:
        depth = draw(st.integers(1, 30000))
        return b"[" * depth + b"]" * draw(st.integers(0, depth))
    if kind == 2:
        return json.dumps(draw(review_body())).encode(draw(st.sampled_from(["utf-8", "utf-16", "latin-1"])), "replace")
    if kind == 3:
        return draw(st.sampled_from([b'{"action": "confirm", "reason": "\\ud800"}', b'{"action": 1e999}', b"{}",
                                     b'{"username": "\\udfff", "password": "x"}', b"null", b'"x"', b"\xef\xbb\xbf{}"]))
    text = json.dumps(draw(review_body()))
    cut = draw(st.integers(0, len(text)))
    return text[:cut].encode()


@st.composite
def cells(draw: Any) -> list[Any]:
    """CSV cells: report text, analysts' values, numbers, formulas in every disguise."""
    seed = draw(st.integers(0, 2**32 - 1))
    rnd = random.Random(seed)
    prefixes = ["=", "+", "-", "@", "\t", "\r", " =", "'=", "\n=", "", "", "", "＝", "-1", "+44"]
    out: list[Any] = []
    for _ in range(50):
        r = rnd.random()
        if r < 0.15:
            out.append(rnd.choice([rnd.randint(-10**6, 10**6), rnd.uniform(-180, 180), None, True]))
        else:
            out.append(rnd.choice(prefixes) + _random_word(rnd, 0.2) + rnd.choice(["", "(A1)", "!A0", ",\"x\"", "\n"]))
    out.append(draw(st.text(max_size=20)))
    return out


@st.composite
def addresses(draw: Any) -> list[str]:
    """IP addresses for the URL guard: random ones, and private ones hidden inside IPv6 forms."""
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
    out = []
    for _ in range(50):
        v4 = rnd.choice([f"{rnd.randint(0, 255)}.{rnd.randint(0, 255)}.{rnd.randint(0, 255)}.{rnd.randint(0, 255)}",
                         f"10.{rnd.randint(0, 255)}.{rnd.randint(0, 255)}.{rnd.randint(0, 255)}",
                         f"100.{rnd.randint(64, 127)}.{rnd.randint(0, 255)}.1", f"127.0.{rnd.randint(0, 255)}.1",
                         f"192.168.{rnd.randint(0, 255)}.{rnd.randint(0, 255)}", "169.254.169.254"])
        packed = "".join(f"{int(x):02x}" for x in v4.split("."))
        out.append(rnd.choice([v4, f"::ffff:{v4}", f"2002:{packed[:4]}:{packed[4:]}::1", f"64:ff9b::{v4}",
                               f"{rnd.randint(0, 0xffff):x}::{rnd.randint(0, 0xffff):x}", "fec0::1", "fe80::1", "::1"]))
    out.append(draw(st.ip_addresses().map(str)))
    return out


PARAM_WORDS = ["1", "0", "-1", "2", "500", "501", "99999999999999999999", "1e20", "abc", "", "NaN", "inf", "2024-01-05",
               "2024-13-45", "0001-01-01", "IRQ", "Iraq", "Narnia", "ASSAULT", "drone", "D", "W", "rejected", "all", "true",
               "0.5", "45", "-90", "180.0001", "\u202e", "%00", "' OR 1=1 --", "x" * 300, "\ud800", "\x00", "[/x]"]


@st.composite
def api_batch(draw: Any) -> list[tuple[str, str, dict[str, str], Any]]:
    """Eight API requests grown from a seed and a few values hypothesis draws (texts, JSON of any shape, raw
    bodies, review bodies), so that many requests fit in the budget."""
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
    texts = draw(st.lists(st.text(max_size=20), min_size=1, max_size=3))
    values = draw(st.lists(json_values, min_size=1, max_size=3))
    bodies = [draw(review_body()), draw(raw_body())]
    out: list[tuple[str, str, dict[str, str], Any]] = []
    for _ in range(8):
        kind = rnd.randint(0, 9)
        if kind <= 5:
            params = {rnd.choice(PARAMS): rnd.choice(PARAM_WORDS + texts) for _ in range(rnd.randint(0, 6))}
            out.append(("GET", rnd.choice(GET_PATHS), params, None))
        elif kind == 6:
            tail = rnd.choice([*texts, "..%2f..%2fetc%2fpasswd", "%00", "x" * 3000, str(rnd.randint(-5, 10**20))])
            out.append(("GET", rnd.choice(["/api/events/", "/api/documents/", "/api/jobs/", "/event/"]) + tail, {}, None))
        elif kind == 7:
            body = rnd.choice([bodies[1], {"username": rnd.choice(texts + ["fuzzer"]), "password": rnd.choice(texts)},
                               rnd.choice(values)])
            out.append(("POST", "/api/login", {}, body))
        else:
            body = rnd.choice([bodies[0], bodies[1], {"action": rnd.choice(ACTIONS), "field": rnd.choice(FIELDS),
                                                      "value": rnd.choice(values + NUMBERS + DATES + ACTORS),
                                                      "reason": rnd.choice(texts + ["checked"])}])
            out.append(("POST", "/api/events/{event}/review", {}, body))
    return out
