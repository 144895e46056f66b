"""The extraction pipeline: named spaCy components, each with one job, declaring what it reads and writes.

    fp_context   reads doc.text + doc._.fp_ref_date   writes doc._.fp_ctx (sentences with actors, places,
                                                      dates, casualties)
    fp_events    reads doc._.fp_ctx                   writes doc._.fp_events
    fp_tallies   reads doc._.fp_ctx                   writes doc._.fp_tallies

The default pipeline is a blank English spaCy pipeline plus these components: rules,
lexicons and gazetteers propose candidate events; small trained linear models (shipped in
flashpoint/nlp/models/extractor.json, built by `make train`) decide roles and which candidates
are reportable acts. `models=None` runs the rules alone.  With `spacy_model`, a trained pipeline's
components run first (its parse and entities become available to the rules).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from flashpoint.errors import ConfigError, ExtractError
from flashpoint.models import MAX_DOCUMENT_CHARS, Document
from flashpoint.nlp.analysis import analyse
from flashpoint.nlp.decider import Models, shipped_models
from flashpoint.nlp.events import extract_events
from flashpoint.nlp.records import Event, Tally
from flashpoint.nlp.tallies import extract_tallies
from flashpoint.ontology.profile import Profile, active_profile, load_profile, use_profile

for _name, _default in (("fp_doc_id", ""), ("fp_ref_date", None), ("fp_ref_source", "none"), ("fp_ctx", None),
                        ("fp_events", None), ("fp_tallies", None), ("fp_open_scope", False), ("fp_text", None),
                        ("fp_models", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@Language.component("fp_context", assigns=["doc._.fp_ctx"], requires=["doc._.fp_ref_date"])
def fp_context(doc: Doc) -> Doc:
    text = doc._.fp_text if doc._.fp_text is not None else doc.text  # doc.text is rebuilt from tokens: slow
    doc._.fp_ctx = analyse(doc._.fp_doc_id, text, doc._.fp_ref_date, doc._.fp_ref_source, doc._.fp_open_scope)
    if doc.has_annotation("DEP"):
        doc._.fp_ctx.parse = doc
    return doc


@Language.component("fp_events", assigns=["doc._.fp_events"], requires=["doc._.fp_ctx", "doc._.fp_models"])
def fp_events(doc: Doc) -> Doc:
    models = doc._.fp_models
    doc._.fp_events = extract_events(doc._.fp_ctx, models.decide if models is not None else None)
    return doc


@Language.component("fp_tallies", assigns=["doc._.fp_tallies"], requires=["doc._.fp_ctx"])
def fp_tallies(doc: Doc) -> Doc:
    doc._.fp_tallies = extract_tallies(doc._.fp_ctx)
    return doc


COMPONENTS = ("fp_context", "fp_events", "fp_tallies")
# Reference dates the date arithmetic can use (0001-01-01 or 9999-12-31 would overflow it).
_EARLIEST, _LATEST = dt.date(1800, 1, 1), dt.date(2200, 12, 31)


@dataclass
class Extraction:
    doc_id: str
    events: list[Event] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)
    profile: str = ""  # the conflict profile the extraction used

    def records(self) -> list[dict[str, Any]]:
        return [e.to_record() for e in self.events] + [t.to_record() for t in self.tallies]


_LONG_RUN = re.compile(r"\S{101,}")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _tokenizable(text: str) -> str:
    """The text for spaCy's tokenizer: runs of over 100 characters without a space (no word is that long) get a
    space every 50 characters, since the tokenizer is quadratic in runs of brackets or symbols (32 KB of "("
    took 91 s). Same length, so token offsets still index `text`; the rules read `text` itself."""
    if not _LONG_RUN.search(text):
        return text
    chars = list(text)
    for m in _LONG_RUN.finditer(text):
        for k in range(m.start() + 50, m.end(), 50):
            chars[k] = " "
    return "".join(chars)


class Extractor:
    """Runs the pipeline over documents for one conflict profile (the active one unless `profile`
    names another). Reuse one instance: building it loads the lexicons."""

    def __init__(self, spacy_model: str | None = None, open_scope: bool = False,
                 profile: Profile | str | None = None, models: Models | str | None = "shipped") -> None:
        """`models`: "shipped" (the trained models that come with flashpoint, when built), None (the
        rules alone), a Models object or the path of a model file."""
        self.open_scope = open_scope
        self.models = shipped_models() if models == "shipped" else Models.load(models) if isinstance(models, str) \
            else models
        self.profile = active_profile() if profile is None else profile if isinstance(profile, Profile) \
            else load_profile(profile)
        if spacy_model:
            try:
                self.nlp = spacy.load(spacy_model)
            except OSError as exc:
                raise ConfigError(f"cannot load spaCy model {spacy_model!r} ({exc})",
                                  "install it, e.g. pip install 'flashpoint[parser]'")
        else:
            self.nlp = spacy.blank("en")
        for name in COMPONENTS:
            self.nlp.add_pipe(name)

    @property
    def pipe_names(self) -> list[str]:
        return list(self.nlp.pipe_names)

    def __call__(self, doc: Document) -> Extraction:
        return self.extract_text(doc.id, doc.body, doc.reference_date, doc.published_source)

    def extract_text(self, doc_id: str, text: str, ref_date: dt.date | None, ref_source: str = "metadata") -> Extraction:
        if len(text) > MAX_DOCUMENT_CHARS:
            raise ExtractError(f"text of {len(text):,} characters is over the {MAX_DOCUMENT_CHARS:,}-character limit "
                               "for one document", "split it into separate reports", source=doc_id)
        if ref_date is not None and not _EARLIEST <= ref_date <= _LATEST:
            raise ExtractError(f"reference date {ref_date} is out of range", "give a publication date between "
                               f"{_EARLIEST} and {_LATEST}", source=doc_id)
        if _SURROGATE.search(text):  # unpaired UTF-16 surrogates (from a JSON escape) cannot be tokenized
            text = _SURROGATE.sub("\ufffd", text)  # one character for one: offsets still hold
        with use_profile(self.profile):
            return self._extract(doc_id, text, ref_date, ref_source)

    def _extract(self, doc_id: str, text: str, ref_date: dt.date | None, ref_source: str) -> Extraction:
        sdoc = self.nlp.make_doc(_tokenizable(text))
        sdoc._.fp_doc_id = doc_id
        sdoc._.fp_ref_date = ref_date
        sdoc._.fp_ref_source = ref_source
        sdoc._.fp_open_scope = self.open_scope
        sdoc._.fp_text = text
        sdoc._.fp_models = self.models
        for _, proc in self.nlp.pipeline:
            sdoc = proc(sdoc)
        return Extraction(doc_id, sdoc._.fp_events or [], sdoc._.fp_tallies or [], self.profile.name)
