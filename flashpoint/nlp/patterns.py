"""Patterns and constants the event rules read: triggers of roles, hedges, generic series, clauses."""

from __future__ import annotations

import re

from flashpoint.fastre import caseless

HEDGED = caseless(
    r"\b(?:might|may|could)\s+have\s+been\b|\bwhether\s+(?:it\s+was|the)\b|\bdenied\b|\bdenies\b|\bdeny\b|"
    r"\bno\s+(?:evidence|indication)\b|\bif\s+(?:the|any|a)\b|\bfailed\s+to\s+launch\b|\bunconfirmed\b|"
    r"\b(?:without\s+(?:saying|specifying|giving|stating)|did\s+not\s+(?:say|specify|state)|didn['’]t\s+say)\s+"
    r"(?:where|when|how)\b[^.;]{0,40}?\b(?:killed|died|martyred)\b"
)
FUTURE = caseless(
    r"\b(?:will|would|could|may|might|plan(?:s|ned)?\s+to|threaten(?:ed|s)?\s+to|vow(?:ed|s)?\s+to|"
    r"warn(?:ed|s)?\s+(?:of|that)|intend(?:s|ed)?\s+to|seek(?:s)?\s+to|order\s+to|threat\s+to|ready\s+to|"
    r"prepared\s+to|preparing\s+to|prepares\s+to|continue\s+to|be\s+met\s+with|be\s+answered\s+with|(?:vow|threaten|pledg|promis)\w*\s+(?:[\w,]+\s+){1,3}?to|"
    r"to\s+(?:continue|resume|keep\s+up|step\s+up|intensify|escalate|expand)|ahead\s+of|in\s+anticipation\s+of|"
    r"in\s+preparation\s+for|bracing\s+for|braced\s+for)\s+(?:\w+\s+){0,2}$|"
    r"\b(?:will|would|shall)\s+[\"'“‘]?(?:increase|intensify|step\s+up|expand|escalate|widen)\s+(?:[\w\-]+\s+){0,4}$"
)
# "met ... to discuss attacks on U.S. troops", "condemned the U.S. strikes": acts a statement is about
STATEMENT_ABOUT = caseless(
    r"\b(?:discuss(?:ed|es|ing)?|condemn(?:ed|s|ing)?|denounc(?:ed|es|ing)|criticiz(?:ed|es|ing)|criticis(?:ed|es|ing)|"
    r"deplor(?:ed|es|ing)|protest(?:ed|s|ing)?|talk(?:ed|s)?\s+about|spoke\s+about|regarding|concerning|"
    r"(?:complaint|protest|objection)s?\s+(?:[^.;]{0,60}?\s)?(?:over|about|against))\s+"
    r"(?:(?:the|recent|these|those|such|continued|repeated|any|further)\s+)*(?:[\w\-.'’]+\s+){0,2}$"
)
GENERIC = caseless(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|dozens|scores|hundreds|numerous|multiple|several|many|"
    r"series\s+of|wave\s+of|string\s+of|spate\s+of|ongoing|continued|continuing|frequent)\s+"
    r"(?:\w+\s+){0,4}(?:attacks|assaults|strikes|incidents)\b|\b(?:times|occasions)\b|\brecurrent\b|"
    r"\ball\s+(?:\w+\s+){0,2}attacks\b|\brecent\s+attacks\b|\bbehind\s+the\s+majority\b|\brepeated(?:ly)?\b|"
    r"\bhave\s+(?:carried\s+out|launched|been\s+(?:attacked|targeted))\b|\bhas\s+carried\s+out\b|\bkeep\s+attacking\b|"
    r"\bsince\s+(?:the\s+)?(?:\w+\s+){0,4}(?:began|start|october|oct\.?|mid-|\d)"
)
PASSIVE = caseless(
    r"\b(?:was|were|been|being|is|are|had\s+been|have\s+been|came\s+under|come\s+under)\s+(?:\w+\s+)?$"
)
_UNDER = re.compile(r"(?:came|come|comes|coming)\s+under\b", re.I)


def passive_trigger(text: str, start: int, end: int) -> bool:
    """Whether the attack named at text[start:end] is told in the passive: "were targeted", "came under attack" (the
    trigger may hold its own "came under")."""
    return bool(PASSIVE.search(text[max(0, start - 25) : start]) or _UNDER.match(text, start, end)
                or (_PARTICIPLE.search(text, start, end) is not None and _BY_AFTER.match(text, end) is not None))


# a participle right before "by" is passive without its auxiliary ("US base targeted by drones", "a convoy hit by a
# roadside bomb"): headlines and reduced relative clauses
_PARTICIPLE = re.compile(r"(?:\w+ed|\bhit|\bstruck|\bshot)$", re.I)
_BY_AFTER = re.compile(r"\s+by\b", re.I)


AGENT = caseless(
    r"(?<!used )(?<!operated )(?<!run )(?<!occupied )(?<!housed )(?<!controlled )(?<!backed )(?<!supported )"
    r"(?<!sponsored )(?<!funded )(?<!financed )(?<!armed )(?<!trained )(?<!equipped )(?<!designated )(?<!released )"
    r"(?<!issued )(?<!published )(?<!posted )(?<!broadcast )(?<!filmed )"
    r"(?<!shared )(?<!condemned )(?<!denounced )(?<!criticised )(?<!criticized )(?<!praised )(?<!welcomed )"
    r"(?<!reported )(?<!confirmed )(?<!announced )\b(?:by|blamed\s+(?:on)?|blaming|attributed\s+to|launched\s+by|carried\s+out\s+by|"
    r"(?:bore|bears?|bearing|had|has|have|carried|carries)\s+(?:all\s+)?the\s+[\"“]?(?:hallmarks?|footprints?|fingerprints?|signature|marks?)[\"”]?\s+of|"
    r"fired\s+by|conducted\s+by|involving|"
    r"(?:fire|rockets|missiles|drones|shelling|mortars)\s+from)\s+"
    r"(?:the\s+)?(?!\w+ing\b)(?:\w+[\s\-]+){0,2}$"
)
OBJECT = caseless(
    r"\b(?:on|at|against|targeting|targeted|target|hit|hitting|struck|striking|into|toward|towards|near|"
    r"used\s+by|belonging\s+to|linked\s+to|affiliated\s+with|of)\s+(?:the\s+|an?\s+|its\s+|their\s+)?(?:[\w\-']+\s+){0,3}$"
)
# A period that ends an abbreviation ("U.S. soldiers", "on Jan. 20"), not the sentence: after one letter or a
# month's short name
ABBREVIATION_PERIOD = r"(?<=\b[a-z])\.|" + "|".join(
    rf"(?<=\b{m})\." for m in ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"))
RETALIATION = caseless(
    r"\b(?:in\s+(?:(?:its|their|his|a|an|the)\s+)?(?:\w+\s+)?(?:retaliation|response|reprisal|revenge|answer)\s+(?:for|to)|"
    r"to\s+avenge|retaliat\w+\s+(?:(?:yet|so\s+far|to\s+date|since)\s+)?for|as\s+(?:a\s+|an\s+)?[\"“]?(?:\w+\s+)?(?:response|retaliation)[\"”]?\s+(?:to|for)|"
    r"in\s+answer\s+to|a\s+response\s+to|(?:its|their|his|her)\s+(?:\w+\s+)?response\s+to|respond(?:ing|ed)\s+to|retaliatory\s+(?:move|action|step|measure|response)\s+(?:against|to|for)|"
    r"over)\s+(?P<what>(?:(?:the|a|an|its|their|multiple|recent|"
    r"repeated|what|attacks|strikes)\b|[A-Z][\w\-’']*\s+(?=(?:[\w\-]+\s+)?(?:air\s*strikes?|strikes?|attacks?|raids?|"
    r"shelling|bombardments?|assassinations?|killings?|rockets?|missiles?|drones?|fire)\b))(?:[^.;:,\"“]|" + ABBREVIATION_PERIOD + r")*)"
)
RET_WORD = caseless(r"\b(?:retaliat\w*|in\s+response|responded|avenge|revenge|reprisal)\b")
SELF_DEFENCE = caseless(r"\bself-defen[cs]e\b")  # a justification, not an act answered (GUIDE §4 retaliation_for)
REPORTING = caseless(
    r"\b(?:said|says|announced|announcing|stated|confirmed|reported|told|claimed|added|according|press\s+release|"
    r"statement|briefing)\b"
)
CLAIM = caseless(r"\bclaim(?:ed|s|ing)?\s+(?:responsibility|credit)?|\btook\s+responsibility\b")
BLAME = caseless(
    r"\b(?:blamed|blames|attributed|accused|held\s+responsible|believed\s+to\s+be\s+behind|was\s+behind|were\s+behind|"
    r"behind\s+the\s+(?:attack|strike)|(?:cast|casts|casting|put|puts|placed|places|pinned|pins|laid|lays)\s+(?:the\s+)?"
    r"blame\s+on|(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:carried\s+out|launched|conducted|perpetrated|"
    r"orchestrated|committed)\s+by|(?:carried\s+out|conducted|perpetrated|orchestrated|launched)\s+(?:the|this|that|"
    r"these|those|both)\s+(?:[\w\-]+\s+){0,2}?(?:attacks?|strikes?|assaults?|bombings?|raids?)|"
    # "put the attack down to X", "pinned it on X"
    r"(?:put|puts|putting)\s+(?:the|this|that|it)\s+(?:[\w\-]+\s+){0,2}?down\s+to|"
    r"(?:pinned|pins|pinning)\s+(?:the|this|that|it)\s+(?:[\w\-]+\s+){0,2}?on)\b"
)
WEAPON_ACT = caseless(
    r"\b(?:drones?|rockets?|missiles?|air\s*strikes?|strikes?|attacks?|bombs?|shells?|mortars?|raids?|gunship)\b"
)
ASSAULT_NOUN_ONLY = caseless(r"^(?:[\w\-]+\s+)?(?:attacks|assaults|strikes|raids|bombings)$")
SPEECH = caseless(
    r"\b(?:call(?:ed|ing|s)|describ\w+|said|says|saying|declar\w+|term\w+|label\w+|brand\w+|stress\w+|"
    r"consider\w*|statement|condemn\w*|denounc\w+|told|tells|telling|informed)\b")
PREP_BEFORE = caseless(r"\b(?:following|after|on|of|by|against|with|to|for|from|over|about|at|in|that)\s+(?:the\s+)?$")
# What a party does habitually, not one act: "have long battled", "for years", "a history of", "typically"
HABITUAL = caseless(
    r"\b(?:for\s+(?:years|months|decades)|(?:has|have|had)\s+long|long\s+(?:been|battled|fought|used)|a\s+history\s+of|"
    r"typically|usually|routinely|regularly|frequently|often|sporadic(?:ally)?|in\s+the\s+past|at\s+times|time\s+and\s+again)\b"
)
HISTORY = caseless(r"\b(?:years?\s+ago|decades?\s+ago|in\s+(?:19|20)\d\d\b|founded\s+in|was\s+established|since\s+(?:19|20)\d\d)")
AFTER_CLAUSE = caseless(
    r"\b(?:after|following)\s+(?:(?:a|an|the)\s+(?:[\w\-]+\s+){0,3}(?:attack|strike|assault|bombing|killing|assassination)s?\b|"
    # a headline's bare noun: "after rocket fire on Galilee"
    r"(?:[\w\-]+\s+)?(?:fire|barrages?|shelling)\s+(?:on|at|against|into)\b|"
    # projectiles fired first, in the passive: "..., after two mortar bombs were fired into Israel"
    r"(?:[\w\-,]+\s+){0,3}(?:rockets?|missiles?|mortars?|mortar\s+(?:bombs|rounds|shells)|shells|drones?|projectiles)\s+"
    r"(?:were|was|had\s+been)\s+(?:\w+\s+)?(?:fired|launched)\b)"
)
SPEAKER_AFTER = caseless(
    r"^(?:\s+(?:defen[cs]e|security|military|senior|government|press|media)?\s*(?:officials?|spokes(?:man|woman|person)|"
    r"sources?|statement)|['’]s\s+(?:foreign\s+|defen[cs]e\s+|interior\s+|prime\s+)?(?:government|ministry|minister|"
    r"office|presidency|cabinet|spokes(?:man|woman|person)|officials?))?"
    r"[\s,]*(?:(?:also|later|further)\s+)?(?:(?:has|have|had)\s+(?:also\s+|since\s+|previously\s+|repeatedly\s+)?)?(?:(?:did\s+not|didn['’]t|does\s+not|doesn['’]t|would\s+not|declined\s+to)\s+"
    r"(?:say|specify|disclose|comment|identify|confirm)\b|"
    r"said|says|told|reported|confirmed|identified|announced|stated|added|noted|"
    r"claimed|acknowledged|explained|called|described|condemned|blamed|emphasi[sz]ed|stressed|affirmed|insisted|"
    r"underlined|declared)\b|^\s+(?:officials?|spokes\w+)\b"
)
# "X said it launched ...": the speaker reports its own act
SELF_REPORT = caseless(
    r"^[\s,]*(?:also\s+|later\s+|earlier\s+)?(?:said|says|announced|claimed|stated|added)\s+"
    r"(?:(?:in\s+a\s+statement|on\s+\w+|late\s+\w+|early\s+\w+|\w+day|yesterday|today|overnight)[\s,]+){0,2}"
    r"(?:that\s+)?(?:it|they|(?:its|their)\s+(?:fighters|forces|members|militants|units|troops|jets|warplanes|drones|helicopters|aircraft|artillery|tanks))\s+"
    r"(?:had\s+|has\s+|have\s+)?(?:launched|fired|targeted|attacked|struck|hit|carried\s+out|conducted|shot|killed|bombed|"
    r"shelled|raided|destroyed|pounded|ambushed|eliminated|neutrali[sz]ed)"
)
ATTACK_NOUN_AFTER = caseless(
    r"^(?:[\s\-]+(?:led\s+|military\s+|forces?\s+|coalition\s+)?|['’]s\s+(?:latest\s+|new\s+|recent\s+|deadly\s+)?)"
    r"(?:air\s*strikes?|strikes?|attacks?|drone\s+strikes?|raids?|aggression|shells?|artillery|rockets?|missiles?|mortars?|"
    r"bombings?|warplanes?|fighter\s+jets?|jets|aircraft|gunships?|bombers?|drones?\s+(?:strike|attack)s?)\b"
)
DEFINITE_REF = caseless(
    r"^(?:the|this|that|these|those|such|friday's|saturday's|sunday's|monday's|tuesday's|wednesday's|thursday's)\s+"
    r"(?:[\w\-.]+\s+){0,2}(?:attack|strike|strikes|assault|incident|explosion|blast|attackers|assailants|drones?|"
    r"rockets|missiles|projectiles|barrage|raid|air\s*strikes?)\b"
)
DEFINITE_NOUN = caseless(
    r"\b(?:the|this|that|these|those|[\w\-]+['’]s)\s+(?:[\w\-.]+\s+){0,3}(?:attacks?|strikes?|assaults?|air\s*strikes?|incident|"
    r"aggression)\b"
)
RELATIVE_ACT = caseless(
    r"\b(?:that|which|who)\s+(?:had\s+|have\s+|has\s+)?(?:reportedly\s+|allegedly\s+|earlier\s+)?"
    r"(?:fired|launched|attacked|targeted)\b"
)
# "an attack that targeted", "two drones which struck": a relative clause whose antecedent is the act or its weapon
ACT_NOUN_BEFORE = caseless(r"\b(?:attacks?|strikes?|raids?|bombings?|assaults?|drones?|rockets?|missiles?|shells?|"
                           r"projectiles?|mortars?|barrages?)\s*,?\s*$")
SERIES = caseless(r"(?:series|wave|string|spate)\s+of\b")
# "In a separate strike", "another drone attack", "An Israeli drone also struck": an act besides the one just told
ANOTHER_ACT = caseless(
    r"\b(?:another|a\s+(?:second|third|separate|further)|separately|in\s+a\s+separate\s+\w+)\s+(?:[\w\-]+\s+){0,2}$|"
    r"^\W*(?:an?|one)\s+(?:[\w\-]+\s+){0,3}also\s+$"
)
# "most of those attacks", "none of the strikes": a share of many acts, none of them one act
PARTITIVE_ACTS = caseless(r"\b(?:most|many|some|none|few|each|half|majority)\s+of\s+(?:the|these|those|its|their)\s+"
                          r"(?:\w+\s+){0,2}(?:attacks|assaults|strikes|incidents)\b")
APPOSITION = re.compile(r",\s*(?:an?|the|which|who|whose|another)\b[^,]{0,160},|"
                        r"\s[—–]\s*(?:an?|the|which|who|whose|another)\b[^—–]{0,160}[—–]")
SAME_DAY = caseless(r"\b(?:(?:earlier|later)\s+(?:in\s+)?(?:the|that)\s+day|the\s+same\s+day|that\s+day|(?:hours|minutes)\s+(?:later|earlier)|"
                    r"within\s+(?:the|an|the\s+same|the\s+next|a\s+few)\s+hours?|within\s+(?:minutes|hours))\b")
# a part of the day told before: "That evening, rockets rained on ...", "In a statement the same night, ..."
SAME_PART_OF_DAY = caseless(r"\b(?:(?:earlier|later)\s+(?:in\s+)?(?:the|that)\s+|the\s+same\s+|that\s+)"
                            r"(?:night|evening|morning|afternoon)\b")
RELATIVE_BOUNDARY = caseless(
    r",?\s+(?:who|which|that|including|responsible\s+for)\b|\s+to\s+(?:attack|strike|target|hit|launch|carry\s+out)\b"
)
HYPOTHETICAL = caseless(r"\b(?:could|would|might|may|if|whether|unless|any|risks?)\b[^,;]*$")
NOMINAL_STATEMENT = caseless(r"(?:condemnation|criticism|protest|statement|warning|threat|demand|call)s?$")
GENERIC_OFFICIAL = caseless(
    r"\b(?:the\s+)?(?:ministry\s+of\s+foreign\s+affairs|foreign\s+ministry|prime\s+minister'?s?|government\s+spokes\w+|"
    r"parliament(?:ary)?|lawmakers|representatives|members\s+of\s+parliament|MPs)\b"
)
ANAPHOR = caseless(r"^(?:the\s+(?:group|militia|faction|movement|organi[sz]ation|force)|it|they)\b")
AGGREGATE = caseless(
    r"\b\d[\d,]*\s+times\b|\b(?:as\s+of|so\s+far|to\s+date|in\s+total|a\s+total\s+of|death\s+toll\s+(?:of|from)\s+the\s+war|"
    r"since\s+the\s+(?:start|beginning|outbreak)\s+of|from\s+\d{1,2}\s+\w+\s+(?:\d{4}\s+)?to\s+\d{1,2}\s+\w+)\b"
)
# A party that occupies the place hit ("a base hosting U.S. forces", "depots used by the IRGC", "where U.S.
# troops are stationed"): it was hit (GUIDE §4 target), it did not strike.
HOSTED_BEFORE = caseless(
    r"\b(?:hosting|hosts|housing|houses|home\s+to|used\s+by|operated\s+by|occupied\s+by|manned\s+by|"
    r"run\s+by|controlled\s+by|belonging\s+to|affiliated\s+with|linked\s+to|tied\s+to|associated\s+with)\s+"
    r"(?:the\s+|an?\s+)?(?:[\w\-.]+\s+(?:and\s+)?){0,2}$"
)
HOSTED_AFTER = caseless(
    r"^\s+(?:troops|forces|personnel|soldiers|service\s+members|advisers|advisors)?\s*(?:are|were|is|was|had\s+been|"
    r"have\s+been|has\s+been)\s+(?:\w+\s+)?(?:stationed|deployed|based|housed|present)\b"
)


def hosted(text: str, start: int, end: int) -> bool:
    """Whether the party named at text[start:end] is said to occupy a place (so, in an attack, it was hit)."""
    return bool(HOSTED_BEFORE.search(text[max(0, start - 45) : start]) or HOSTED_AFTER.match(text[end : end + 60]))
