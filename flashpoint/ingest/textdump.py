"""Cleaning plain-text page dumps: keep the report, drop the page around it.

A page saved as text holds menus, teaser headlines of other articles (often
with their own dates), share/follow/sign-in lines and footers around the
report.  The body is found as the contiguous run of lines with the highest
score, where prose lines score by their length and furniture lines cost
(a maximum-sum segment, as in Finn et al.'s body text extraction).  Title,
byline and publication date are then read from the lines just above the body
(and from a dated byline anywhere), never from teaser lists.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flashpoint.ingest.validate import safe_date
from flashpoint.nlp.dates import find_dates, full_dates, resolve
from flashpoint.ontology.anchors import anchor_year

BOILERPLATE = re.compile(
    r"^(?:share(?: this(?: article| story)?)?|tweet|email|print|copy link|follow(?: us)?|subscribe|"
    r"sign in|sign up|log ?in|register|accept|undo|menu|search|home|close|more news|read more|"
    r"related(?: posts| articles| news| stories)?|recommended|trending|latest(?: news| articles| tweets| posts)?|"
    r"latest from .*|you may also like|most (?:read|popular)|leave a (?:reply|comment)|comments?|"
    r"stay connected|advertisement|advertise|tags?:?.*|tagged:.*|explore|contents|welcome back!?|"
    r"lost your password\??|removed from reading list|bookmarks|notification.*|show more|top news|"
    r"\d+\s+min(?:ute)?s?\s+read|source:.*|photo:.*|image:.*)$",
    re.I,
)
BOILERPLATE_ANYWHERE = re.compile(
    r"all rights reserved|©|\bcopyright\b|privacy policy|terms of (?:use|service)|cookie|"
    r"your email address will not be published|sign in to your account|newsletter|"
    r"(?:facebook|twitter|whatsapp|linkedin|telegram|instagram|youtube)\b.*\b(?:facebook|twitter|whatsapp|"
    r"linkedin|telegram|instagram|youtube|like|follow|subscribe|email)\b",
    re.I,
)
# A footer begins at one of these once the body has started.
END_MARKERS = re.compile(
    r"^(?:related(?: posts| articles| news| stories)?|leave a (?:reply|comment)|comments?|you may also like|"
    r"latest from .*|more news|more from .*|read more|recommended(?: for you)?|tags?:.*|tagged:.*|"
    r"share this (?:article|story)|about the author)$",
    re.I,
)
_SENT_END = re.compile(r"[.!?][\"'”’)\]]*$|[\"”’]$")
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")  # a word in any script
_LABELLED_DATE = re.compile(
    r"^(?:(?P<label>published|posted|updated|last updated|last modified|date|first published)"
    r"(?:\s+on)?\s*[:|\-–]?\s*)",
    re.I,
)
_BY = re.compile(r"^by\s+(?P<name>[A-Z][\w.'’\-]+(?:\s+(?:[A-Z][\w.'’\-]+|al|el|de|van|von|bin|and))*)", re.I)
_NAME = re.compile(r"^(?:[A-Z][a-z'’\-]+|al|el|de|van|von|bin|[A-Z]\.)(?:\s+(?:[A-Z][a-z'’\-]+|al-\w+|el|de|van|von|bin|[A-Z]\.)){1,3}$")


_DATE_STAMP = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})\b[ \t]*", re.I)

# Lines a page puts *inside* the report (ad slots, newsletter and "read also" promos): skipped, and the
# report goes on after them (they are not the end of the body).
INTERSTITIAL = re.compile(
    r"^(?:advertisement|advert|ad|sponsored(?: content)?|story continues below(?: advertisement)?|"
    r"(?:article )?continues below|continue reading(?: below)?|scroll to continue(?: with content)?|"
    r"(?:sign up|subscribe)(?: now)?(?: to| for)? (?:our|the) .*newsletters?.*|"
    r"(?:read|see) (?:also|more):? .{0,120}|related:? .{0,120}|recommended:? .{0,120})$",
    re.I,
)
# "... newsletter ... sign up ...": the first mention of a newsletter, then a call to sign up after it (two
# linear searches; as one pattern, ".*newsletters?.*(?:sign up...)" was quadratic in a long line).
_NEWSLETTER = re.compile(r"\bnewsletters?\b", re.I)
_SIGN_UP = re.compile(r"sign up|subscribe|inbox", re.I)


def is_interstitial(line: str) -> bool:
    """An ad slot, a newsletter or "read also" promo inside the report (see INTERSTITIAL)."""
    if INTERSTITIAL.match(line):
        return True
    first = _NEWSLETTER.search(line)
    return bool(first and _SIGN_UP.search(line, first.end()))


# A navigation bar: three or more short items between separators ("Home | News | Opinion | Sport"). A match
# starts where whitespace starts (the lookbehind): tried from inside a long run of spaces it was quadratic.
_NAV_SEP = re.compile(r"(?:(?<!\s)\s+)?(?:\||•|·|»|›|/|>)\s*")
# A photo or video credit or caption tag: never a title, never report text.
CREDIT = re.compile(
    r"^(?:\(?\s*(?:photo|photograph|image|picture|video|file photo|credit|illustration)s?\b\s*(?:credit)?\s*[:(/-].*|"
    r".*\b(?:getty images|via getty|ap photo|afp photo|reuters/|/reuters|/afp|afp via|/ap\b|epa-efe|shutterstock|"
    r"photo credit|image credit|file photo)\b.*)$",
    re.I,
)
# Words of section labels and desks ("World News", "Middle East", "Breaking"): a byline is a person's name.
_SECTION_WORDS = frozenset(
    ["news", "world", "middle", "east", "west", "north", "south", "africa", "asia", "europe", "americas", "politics", "opinion", "business", "sport", "sports", "analysis", "breaking", "live", "latest", "home", "video", "videos", "region", "regional", "international", "national", "local", "features", "feature", "editorial", "editorials", "commentary", "exclusive", "report", "reports", "updates", "update", "security", "defense", "defence", "conflict", "war", "science", "health", "culture", "tech", "technology", "economy", "markets", "desk", "staff", "correspondent", "reporter", "agency", "wire", "agencies", "newsroom", "team", "editor", "editors", "admin", "press", "office", "media", "global"]
)


@dataclass
class Line:
    text: str
    kind: str  # prose | short | boiler | skip (an ad or promo line inside the report) | blank
    words: int


@dataclass
class CleanedText:
    body: str
    title: str | None
    author: str | None
    published: dt.date | None
    published_source: str  # text | inferred | none
    published_text: str | None
    publisher: str | None = None  # the site's name from its copyright line, else the host of a URL on the page


_COPYRIGHT = re.compile(
    r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?\s*)?,?\s*"
    r"(?P<name>[A-Z][\w&'’\- ]{1,60}?)\s*(?:,?\s*(?:ltd|inc|llc|plc|gmbh|limited|corp)\b\.?)?"
    r"\s*(?:[.,|]\s*(?:all rights reserved)?.*)?$",
    re.I,
)
_PAGE_URL = re.compile(r"https?://(?:www\.)?(?P<host>[a-z0-9.-]+\.[a-z]{2,})(?:[/:?#]\S*)?", re.I)


def host_of(url: str | None) -> str | None:
    """The site of a URL, as a publisher name: its host without "www."."""
    m = _PAGE_URL.match(url.strip()) if url else None
    return m.group("host").lower() if m else None


def page_publisher(lines: list[str]) -> str | None:
    """The publisher a page names: its copyright line ("© 2024 Harbor Post. All rights reserved."), else the
    host of the first URL written on the page (a capture tool's "Source: https://...")."""
    for t in lines:
        m = _COPYRIGHT.match(t.strip())
        if m and not re.fullmatch(r"(?:all rights reserved|\d+)", m.group("name").strip(), re.I):
            return m.group("name").strip()
    for t in lines:
        m = _PAGE_URL.search(t)
        if m:
            return m.group("host").lower()
    return None


def is_nav_bar(s: str) -> bool:
    items = [x for x in _NAV_SEP.split(s.strip()) if x]
    return len(items) >= 3 and all(len(_WORD.findall(x)) <= 3 for x in items) and not _SENT_END.search(s)


def classify(text: str) -> Line:
    s = text.strip()
    if not s:
        return Line(s, "blank", 0)
    words = len(_WORD.findall(s))
    bare = s.strip(" •·|-–*_[]")
    if is_interstitial(bare) and not (words >= 10 and _SENT_END.search(s) and not re.search(r"newsletter", s, re.I)):
        return Line(s, "skip", words)
    if CREDIT.match(bare):  # a credit line is furniture; a caption with its credit is left out of the report
        return Line(s, "boiler" if words <= 15 else "skip", words)
    if is_nav_bar(s):
        return Line(s, "boiler", words)
    if BOILERPLATE.match(s.strip(" •·|-–")) or BOILERPLATE_ANYWHERE.search(s):
        return Line(s, "boiler", words)
    if words >= 8 and _SENT_END.search(s) and s[0].isupper():
        return Line(s, "prose", words)
    if words >= 16:  # a standfirst, or a paragraph cut off mid-sentence
        return Line(s, "prose", words)
    return Line(s, "short", words)


def _score(line: Line) -> float:
    if line.kind == "prose":
        return float(line.words)
    if line.kind == "short":
        return -3.0 - 0.5 * min(line.words, 10)
    if line.kind == "boiler":
        return -40.0
    return 0.0  # blank and skip lines neither make nor break a run of prose


_LINE_END = re.compile(r"""[.!?:;"”’)\]]\s*$""")
_OPEN_END = re.compile(r"(?:[,\-–—]|\b(?:the|a|an|of|to|and|or|in|on|at|for|by|with|from|that|which|who|as|is|are|was|were|its|their|his|her))\s*$",
                       re.I)


def unwrap(raw_lines: list[str]) -> list[str]:
    """Hard-wrapped paragraphs (a PDF or a mail copy: one sentence over several lines) joined into
    one line each: a line that stops mid-sentence ("... on October 18-22 targeted") and runs on into
    the next ("or came near U.S. forces ...") is one line with it."""
    out: list[str] = []
    for line in raw_lines:
        prev = out[-1] if out else ""
        nxt = line.lstrip()
        if (len(prev) >= 40 and nxt and not _LINE_END.search(prev)
                and (nxt[0].islower() or _OPEN_END.search(prev)) and len(_WORD.findall(nxt)) >= 2):
            out[-1] = prev.rstrip() + " " + nxt
        else:
            out.append(line)
    return out


def _run_score(lines: list[Line], i: int) -> float:
    """A line's score in a run; a lone one- or two-word label between paragraphs ("RECOMMENDED",
    "Advertisement", after a subheading or not) costs little, so the story on both sides of it stays
    one run."""
    line = lines[i]
    if line.kind == "boiler" and line.words <= 2:
        before = [x.kind for x in reversed(lines[max(0, i - 8) : i]) if x.kind != "blank"][:2]
        after = [x.kind for x in lines[i + 1 : i + 9] if x.kind != "blank"][:2]
        if "prose" in before and after[:1] == ["prose"]:
            return -8.0
    return _score(line)


def body_span(lines: list[Line]) -> tuple[int, int]:
    """Indices [start, end) of the highest-scoring contiguous run of lines."""
    best, best_span = 0.0, (0, 0)
    cur, start = 0.0, 0
    for i in range(len(lines)):
        if cur <= 0:
            cur, start = 0.0, i
        cur += _run_score(lines, i)
        if cur > best:
            best, best_span = cur, (start, i + 1)
    s, e = best_span
    while s < e and lines[s].kind != "prose":
        s += 1
    while e > s and lines[e - 1].kind != "prose":
        e -= 1
    return s, e


def _cut_footer(lines: list[Line], s: int, e: int) -> int:
    """End the body before an end marker or an author/publisher box at its tail."""
    for i in range(s + 1, e):
        if END_MARKERS.match(lines[i].text.strip(" •·|-–")):
            following = [x.kind for x in lines[i + 1 : e] if x.kind != "blank"][:2]
            if following == ["prose", "prose"]:
                continue  # a label inside the story ("RECOMMENDED" then two more paragraphs): not its end
            e = i
            break
    # An author/publisher box: a short name line, then a paragraph about that name, at the end.
    nonblank = [i for i in range(s, e) if lines[i].kind != "blank"]
    for k in range(len(nonblank) - 2, max(len(nonblank) - 5, 0), -1):
        head, para = lines[nonblank[k]], nonblank[k + 1 :]
        if head.kind == "short" and 1 <= head.words <= 6 and not _SENT_END.search(head.text):
            first = " ".join(lines[i].text for i in para)[:200]
            if head.text.lower() in first.lower():
                return nonblank[k]
    return e


def _find_title(lines: list[Line], body_start: int, all_text: str) -> tuple[str | None, int]:
    """The headline: a line of 4+ words close above the body.

    Teaser headlines (a headline directly followed by its own date line) are passed over; a line
    repeated elsewhere on the page (e.g. "Reading: <title>") gets a small bonus.
    """
    best: tuple[float, str | None, int] = (-1e9, None, -1)
    lo = max(0, body_start - 25)
    distance = 0
    for i in range(body_start - 1, lo - 1, -1):
        ln = lines[i]
        if ln.kind == "blank":
            continue
        distance += 1
        if ln.kind not in ("short", "prose") or ln.words < 4 or ln.words > 30:
            continue
        if _is_date_line(ln.text) or (_SENT_END.search(ln.text) and ln.kind == "prose"):
            continue
        if _BY.match(ln.text) or (_NAME.match(ln.text) and looks_like_person(ln.text)):
            continue  # a byline, not a headline
        nxt = next((lines[j] for j in range(i + 1, body_start) if lines[j].kind != "blank"), None)
        teaser = nxt is not None and _is_date_line(nxt.text) and not _LABELLED_DATE.match(nxt.text)
        score = 0.5 * ln.words + 20.0 * (1 - distance / 25) - (15.0 if teaser else 0.0)
        if sum(1 for other in lines if other.text != ln.text and other.text.endswith(ln.text)) or (
            all_text.count(ln.text) > 1
        ):
            score += 3
        if score > best[0]:
            best = (score, ln.text, i)
    return best[1], best[2]


def _is_date_line(s: str) -> bool:
    dates = [m for m in find_dates(s) if m.kind in ("full", "month_day")]
    if not dates:
        return False
    rest = s
    for m in dates:
        rest = rest.replace(m.text, " ")
    return len(_WORD.findall(rest)) <= 6


def looks_like_person(name: str) -> bool:
    """A byline's name: two to six words (names joined by "and" allowed), none a section or desk word."""
    words = [w for w in re.split(r"[\s,]+", name) if w and w.lower() != "and"]
    return 2 <= len(words) <= 8 and not any(w.lower().strip(".") in _SECTION_WORDS for w in words)


def _find_author(lines: list[Line], lo: int, hi: int) -> str | None:
    for i in range(lo, hi):
        t = lines[i].text
        m = _BY.match(t)
        if m and len(t.split()) <= 8 and looks_like_person(m.group("name").strip()):
            return m.group("name").strip()
    for i in range(lo, hi):
        t = lines[i].text
        if lines[i].kind == "short" and _NAME.match(t) and not find_dates(t) and looks_like_person(t):
            return t
    return None


def _dated_byline(lines: list[Line], author: str | None) -> tuple[dt.date, str] | None:
    """A line 'Author Name  Month D, YYYY' anywhere on the page."""
    if not author:
        return None
    for ln in lines:
        if ln.text.startswith(author) and ln.text != author:
            for _, d in full_dates(ln.text):
                return d, ln.text
    return None


def _publication_date(
    lines: list[Line], title_idx: int, body_start: int, author: str | None
) -> tuple[dt.date, str] | None:
    header = range(max(0, title_idx - 3) if title_idx >= 0 else max(0, body_start - 8), body_start)
    labelled: list[tuple[int, dt.date, str]] = []
    plain: list[tuple[dt.date, str]] = []
    for i in header:
        t = lines[i].text
        got = list(full_dates(t))
        if not got:
            continue
        lab = _LABELLED_DATE.match(t)
        if lab:
            rank = 0 if lab.group("label").lower() in ("published", "posted", "first published", "date") else 1
            labelled.append((rank, got[0][1], t))
        elif _is_date_line(t) or (lines[i].kind == "short"):
            plain.append((got[0][1], t))
    if labelled:
        labelled.sort(key=lambda x: x[0])
        return labelled[0][1], labelled[0][2]
    byline = _dated_byline(lines, author)
    if byline:
        return byline
    if plain:
        return plain[0]
    return None


def infer_reference_date(body: str) -> dt.date | None:
    """The latest date the body mentions, for texts that state no publication date.

    Year-less dates count when the text names a well-known dated event without its year (the
    anchor): they are read as falling on or after it, in the order the calendar allows.  Without
    an anchor, year-less dates take the year of the latest full date stated before them.
    """
    latest: dt.date | None = None
    year_ctx: int | None = None
    anchor = anchor_year(body)
    floor = dt.date(*anchor) if anchor else None
    for m in find_dates(body):
        if m.is_full:
            r = resolve(m, None)
            if r:
                year_ctx = r.date.year
                latest = max(latest, r.date) if latest else r.date
        elif m.kind == "month_day" and m.month and m.day:
            year = floor.year if floor else year_ctx
            if year is None:
                continue
            try:
                d = dt.date(year, m.month, m.day)
            except ValueError:
                continue
            if floor and d < floor:
                d = d.replace(year=year + 1)
            latest = max(latest, d) if latest else d
    return latest


def clean_text_dump(raw: str) -> CleanedText:
    """Split a page dump into body, title, author and publication date."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    stamp = _DATE_STAMP.search(text)
    if stamp:  # a capture tool's "date 2024-01-02" stamp in front of the page text
        text = text[: stamp.start()] + text[stamp.end() :]
    lines = [classify(t) for t in unwrap(text.split("\n"))]
    s, e = body_span(lines)
    e = _cut_footer(lines, s, e)
    while e > s and lines[e - 1].kind in ("blank", "short", "boiler", "skip"):
        e -= 1
    title, title_idx = _find_title(lines, s, text)
    author = _find_author(lines, max(title_idx, 0) if title_idx >= 0 else max(0, s - 8), s)
    body_lines: list[str] = []
    for ln in lines[s:e]:
        if ln.kind in ("boiler", "skip"):
            continue
        if ln.kind == "blank":
            if body_lines and body_lines[-1] != "":
                body_lines.append("")
            continue
        body_lines.append(ln.text)
    body = "\n".join(body_lines).strip()
    body = re.sub(r"\n{2,}", "\n\n", body)
    pub = _publication_date(lines, title_idx, s, author)
    if pub is None and stamp:
        y, mo, d = (int(x) for x in stamp.group("date").split("-"))
        stamped = safe_date(y, mo, d)  # "date 2023-13-14" is no date
        pub = (stamped, stamp.group(0).strip()) if stamped else None
    publisher = page_publisher([ln.text for ln in lines if ln.kind != "prose"])
    if pub:
        return CleanedText(body, title, author, pub[0], "text", pub[1], publisher)
    inferred = infer_reference_date(body)
    if inferred:
        return CleanedText(body, title, author, inferred, "inferred", None, publisher)
    return CleanedText(body, title, author, None, "none", None, publisher)
