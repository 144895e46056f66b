"""Who made a statement the sentence does not name a party for (GUIDE §3 verbal acts).

News reports name a speaker once and then refer back to it:
- a quotation attributed next to it ("“We call on ...,” Austin said"; "Austin said: “...”"), and a
  quotation that continues one ("“We do not seek war,” Austin said. “We call on ...”");
- a surname after a full name ("Defense Secretary Lloyd Austin said ... Austin added");
- a definite description ("the embassy", "the government", "the ministry") whose head noun ends an
  earlier mention ("the U.S. embassy", "the Iraqi government").
Each resolver answers with an `ActorMention` of the party, or None when the text does not say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from flashpoint.fastre import caseless
from flashpoint.nlp.analysis import DocContext, Sentence
from flashpoint.nlp.sides import out_of_scope
from flashpoint.ontology.actors import ActorMention

SPEECH_VERB = (r"(?:said|says|added|stated|told|wrote|warned|declared|noted|continued|explained|announced|posted|"
               r"tweeted|stressed|emphasi[sz]ed|insisted|asserted|affirmed)")
_QUOTE = re.compile(r"“[^“”]{2,2000}”|\"[^\"\n]{2,2000}\"")
# The speech verb of an attribution ends it: "..." X said. / X said on Tuesday / X said in a statement
_ATTRIBUTION_END = caseless(r"^(?:\s*[.,;:]|\s+(?:in|on|at|to|during|after|late|early|earlier|later|according|via|"
                            r"while|when|as|adding|citing|referring)\b|\s*$)")
_BEFORE = caseless(rf"^[^.!?“”\"]{{0,50}}?\b{SPEECH_VERB}\b[^.!?]{{0,25}}$")  # "X said: “", "X, the spokesman, warned that “"
_SPEAKS = caseless(rf"\s+(?:\w+\s+)?{SPEECH_VERB}\b")
CONTINUES = 260  # characters between the end of an attributed quotation and one that continues it


@dataclass(frozen=True)
class Quotation:
    start: int
    end: int
    speaker: ActorMention | None
    continued: bool = False  # the speaker is the one of the quotation before


def quotations(ctx: DocContext) -> list[Quotation]:
    """The report's quotations with their speakers (absolute positions); a quotation with no speaker
    of its own that follows an attributed one closely continues it."""
    mentions = [replace(a, start=a.start + s.start, end=a.end + s.start) for s in ctx.sentences for a in s.actors
                if not out_of_scope(a.actor) and a.actor.kind != "civilians"]
    text = ctx.text
    out: list[Quotation] = []
    for q in _QUOTE.finditer(text):
        s, e = q.span()
        who = _after(text, s, e, mentions) or _before(text, s, mentions) or _described_after(ctx, s, e, mentions)
        if who is not None:
            out.append(Quotation(s, e, who))
            continue
        prev = out[-1] if out else None
        if prev is not None and prev.speaker is not None and 0 <= s - prev.end <= CONTINUES and not any(
                prev.end + 60 < a.start < s and _SPEAKS.match(text, a.end) for a in mentions):
            out.append(Quotation(s, e, prev.speaker, continued=True))  # no other speaker introduced between
        else:
            out.append(Quotation(s, e, None))
    return out


def _after(text: str, s: int, e: int, mentions: list[ActorMention]) -> ActorMention | None:
    """The speaker named right after the closing mark ("..., Austin said"; "...,” Mr. Austin.")."""
    after = [a for a in mentions if e <= a.start <= e + 60]
    if not after:
        return None
    a = after[0]
    between = text[e : a.start]
    if re.search(r"[.!?]\s+[A-Z]", between) or "\n" in between:
        return None  # a new sentence begins between the quotation and the name
    tail = text[a.end : a.end + 60]
    verb_before = re.search(rf"\b{SPEECH_VERB}\b", between, re.I)
    verb_after = re.match(rf"[^.,;]{{0,30}}?\b{SPEECH_VERB}\b", tail, re.I)
    inner_end = text[max(s, e - 3) : e - 1]
    closed = bool(re.search(r"[.!?]\s*$", inner_end)) and not inner_end.endswith(("!", "?"))
    if verb_after:
        rest = tail[verb_after.end() :]
        if closed and not _ATTRIBUTION_END.match(rest):
            return None  # “... attacks.” CENTCOM said the strikes ...: a new statement, not an attribution
        return a
    if verb_before:
        return a  # "..., said Under Secretary Nelson"
    if re.match(r"[\s,]{0,6}(?:mr\.?|ms\.?|mrs\.?|dr\.?)?\s*$", between, re.I) and re.match(r"\s*[.,]", tail):
        return a  # "“...,” Mr. Austin."
    return None


def _described_after(ctx: DocContext, s: int, e: int, mentions: list[ActorMention]) -> ActorMention | None:
    """A speaker given as a definite description or a pronoun after the closing mark ("...,” the ministry
    said", "...,” the official added"): the party named before with that head noun, else the last party
    named before the quotation (within 600 characters) that can speak."""
    m = _DESCRIBED_AFTER.match(ctx.text, e)
    found = described(ctx, m.group("head"), s) if m else None
    if found is None and (m or _TITLE_AFTER.match(ctx.text, e)):
        earlier = [a for a in mentions if s - 600 <= a.end <= s
                   and a.actor.kind in ("state", "state_forces", "person", "militia", "umbrella")]
        found = earlier[-1] if earlier else None
    return found


def _before(text: str, s: int, mentions: list[ActorMention]) -> ActorMention | None:
    """The speaker named before the opening mark ("Austin said: “...", "X warned that “...")."""
    before = [a for a in mentions if s - 90 <= a.end <= s and _BEFORE.match(text[a.end : s])]
    return before[-1] if before else None


def quoted_speaker(ctx: DocContext, pos: int) -> ActorMention | None:
    """The speaker of the quotation that holds position `pos`, when the text names one."""
    if ctx.quotes is None:
        ctx.quotes = quotations(ctx)
    for q in ctx.quotes:
        if q.start <= pos < q.end:
            return q.speaker
    return None


def surname_speaker(ctx: DocContext, sent: Sentence, before: int) -> ActorMention | None:
    """A person referred to by surname alone ("Rasoul stressed ...") after the text named them in full
    ("Maj. Gen. Yahya Rasoul, the spokesman ..."): the last capitalised word before the verb, when it
    ends an earlier mention of a person."""
    m = re.search(r"\b([A-Z][\w'’\-]{2,})\s+(?:\w+ly\s+)?(?:also\s+|later\s+|then\s+)?$", sent.text[:before])
    if m is None:
        return None
    word = m.group(1)
    for s in reversed(ctx.sentences[: sent.index + 1]):
        for a in reversed(s.actors):
            if s is sent and a.start >= m.start(1):
                continue
            if a.actor.kind == "person" and re.search(rf"\b{re.escape(word)}$", a.text) and not out_of_scope(a.actor):
                return ActorMention(m.start(1), m.end(1), word, a.actor)
    return None


# Head nouns of definite descriptions that refer to a party named before ("the embassy", "the ministry").
_HEADS = (r"embassy|government|ministry|minister|president|premier|department|authorities|administration|cabinet|"
          r"office|envoy|ambassador|secretary|command|coalition|army|military|parliament|council|movement|"
          r"organi[sz]ation|leader|commander|spokes(?:man|woman|person)")
# The subject of a statement as a definite description: "The embassy urged ...", "the government said".
_DEFINITE_SUBJECT = caseless(
    rf"(?:^|[,;:\"“]\s*|\band\s+|\bthat\s+|\bwhile\s+)the\s+(?:[\w\-]+\s+){{0,2}}?(?P<head>{_HEADS})\b"
    r"(?P<rest>[^,;:\"“”]{0,50})$"
)


_DESCRIBED_AFTER = caseless(
    rf"[\s,]*(?:{SPEECH_VERB}\s+)?the\s+(?:[\w\-]+\s+){{0,2}}?(?P<head>{_HEADS})\b(?:\s+{SPEECH_VERB}\b|[\s,]*[.,])"
)


_TITLE_AFTER = caseless(
    rf"[\s,]*(?:the\s+(?:\w+\s+){{0,2}}(?:official|spokes(?:man|woman|person)|minister|commander|general|ministry|"
    rf"president|statement|military|embassy|group)|he|she)\s+{SPEECH_VERB}\b"
)


def definite_speaker(ctx: DocContext, sent: Sentence, before: int) -> ActorMention | None:
    """The party a definite description before the verb refers to: the last earlier mention whose
    words include its head noun ("the embassy" after "the U.S. Embassy in Baghdad")."""
    m = _DEFINITE_SUBJECT.search(sent.text[:before])
    if m is None:
        return None
    if any(m.start() <= a.start < before for a in sent.actors):
        return None  # the description names its party ("the Iraqi government"): a mention of its own
    found = described(ctx, m.group("head"), sent.start + m.start())
    return ActorMention(m.start("head"), m.end("head"), m.group("head"), found.actor) if found else None


def described(ctx: DocContext, head: str, pos: int) -> ActorMention | None:
    """The last mention before absolute position `pos` (within a dozen sentences) whose words include the
    head noun `head` of a definite description (absolute positions)."""
    head = head.lower()
    heads = {head, "prime minister"} if head == "premier" else {head}
    pat = re.compile(r"\b(?:" + "|".join(re.escape(h) for h in heads) + r")\b", re.I)
    here = next((s.index for s in reversed(ctx.sentences) if s.start <= pos), 0)
    for s in reversed(ctx.sentences[max(0, here - 12) : here + 1]):
        for a in reversed(s.actors):
            if s.start + a.start >= pos or out_of_scope(a.actor) or a.actor.kind == "civilians":
                continue
            if pat.search(s.text[a.start : a.end + 25]):  # "Iraqi" + " Prime Minister ..."
                return ActorMention(s.start + a.start, s.start + a.end, a.text, a.actor)
    return None


# An attribution that ends the sentence after the content: "..., he said.", "..., the ministry said on Monday.",
# "..., said Nasrallah."
_TRAILING = caseless(
    rf"[,”\"]\s*[”\"]?\s*(?:{SPEECH_VERB}\s+(?P<who1>[^,;“”\"]{{1,80}}?)|(?P<who2>[^,;“”\"]{{1,80}}?)\s+{SPEECH_VERB})"
    r"(?:\s+(?:on|in|at|late|early|earlier|later|to|during|after|according)\b[^,;“”\"]{0,60})?"
    # "..., a spokesman said on Sunday, after officials confirmed the strike.": a clause of time closing the sentence
    r"(?:,\s*(?:after|as|while|following|when|before|hours\s+after|days\s+after)\b[^;“”\"]{0,300})?\s*[.]?\s*$"
)
_PRONOUN = caseless(r"(?:he|she|they|it)$")


def trailing_speaker(ctx: DocContext, sent: Sentence, after: int, previous: ActorMention | None) -> ActorMention | None:
    """The speaker of an attribution that closes the sentence after position `after` ("..., he said."):
    a party named there, the one a definite description refers to, or for a pronoun `previous` (the
    speaker of the statement reported before) or else the last person named before."""
    m = _TRAILING.search(sent.text, after)
    if m is None:
        return None
    key = "who1" if m.group("who1") else "who2"
    w0, w1 = m.span(key)
    named = [a for a in sent.actors if w0 <= a.start < w1 and not out_of_scope(a.actor)]
    if named:
        return named[0]
    who = m.group(key).strip()
    if _PRONOUN.match(who):
        if previous is not None:
            return ActorMention(w0, w1, who, previous.actor)
        for s in reversed(ctx.sentences[max(0, sent.index - 3) : sent.index]):
            people = [a for a in s.actors if a.actor.kind == "person" and not out_of_scope(a.actor)]
            if people:
                return ActorMention(w0, w1, who, people[-1].actor)
        return None
    d = re.match(rf"the\s+(?:[\w\-]+\s+){{0,2}}?({_HEADS})$", who, re.I)
    if d:
        found = described(ctx, d.group(1), sent.start + w0)
        return ActorMention(w0, w1, who, found.actor) if found else None
    return None


# "the head of its executive council", "a spokesman for their political bureau": a title within the
# organisation named before.
_TITLE_OF_ITS = caseless(
    r"\b(?:head|chief|leader|spokes(?:man|woman|person)|secretary[\s\-]general|deputy(?:\s+\w+)?|commander|member|"
    r"official|president|chairman)\s+(?:of|for)\s+(?:its|their)\b[^,;:\"“”]{0,40}$"
)


def possessive_speaker(ctx: DocContext, sent: Sentence, before: int) -> ActorMention | None:
    """The organisation a title with "its"/"their" refers to: the last one named before (this sentence or
    the three before), not a person."""
    m = _TITLE_OF_ITS.search(sent.text[:before])
    if m is None:
        return None
    pools = [[a for a in sent.actors if a.end <= m.start()]]
    pools += [s.actors for s in reversed(ctx.sentences[max(0, sent.index - 3) : sent.index])]
    for pool in pools:
        orgs = [a for a in pool if a.actor.kind not in ("person", "civilians") and not a.adjective
                and not out_of_scope(a.actor)]
        if orgs:
            return ActorMention(m.start(), m.end(), m.group(0), orgs[-1].actor)
    return None
