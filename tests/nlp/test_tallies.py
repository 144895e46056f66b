"""Running counts (GUIDE §6) on sentences written for these tests, none taken from a real report.

Each construction the tally rules read has sentences here, most in phrasings the rules were not
written from; the negatives are figures of one event and counts of other things.
"""

import datetime as dt

import pytest

from flashpoint.nlp.pipeline import Extractor

EX = Extractor()
LEBANON = Extractor(profile="israel-hezbollah")
REF = dt.date(2024, 2, 1)


def tallies(text: str, ref: dt.date | None = REF, ex: Extractor = EX) -> list[dict]:  # type: ignore[type-arg]
    return [r for r in ex.extract_text("t", text, ref).records() if r["kind"] == "tally"]


def counts(text: str, ex: Extractor = EX) -> set[tuple[int, str]]:
    return {(t["count"], t["qualifier"]) for t in tallies(text, ex=ex)}


# --- counts of attacks and strikes ------------------------------------------------------------------
ACTS = [
    # noun counts with a period
    ("Since mid-October, militants have launched at least 150 attacks on American troops in Iraq and Syria.",
     {(150, "at_least")}),
    ("The Pentagon has counted 97 attacks against its forces since Oct. 17.", {(97, "exact")}),
    ("There have been 45 attacks on the coalition so far this year.", {(45, "exact")}),
    ("The group claimed responsibility for nearly 200 drone attacks in the past four months.", {(200, "nearly")}),
    ("Iran-backed groups have carried out a total of 170 attacks on U.S. forces in the region.", {(170, "exact")}),
    ("The armed factions say they have conducted upwards of 60 operations against American bases this year.",
     {(60, "more_than")}),
    ("Roughly 30 rocket and drone attacks hit bases in Syria over the past month.", {(30, "about")}),
    ("Militias mounted 160-plus attacks on the bases between October and January.", {(160, "more_than")}),
    # "N times", "on N occasions", "twice"
    ("U.S. troops have come under fire more than 120 times since the war began.", {(120, "more_than")}),
    ("The militias have struck U.S. bases roughly 170 times since October.", {(170, "about")}),
    ("Over the past three weeks, coalition forces were targeted on 40 separate occasions.", {(40, "exact")}),
    ("In the first week of November alone, U.S. forces were attacked 23 times.", {(23, "exact")}),
    ("The United States has hit back only four times, officials said.", {(4, "exact")}),
    ("Washington has twice retaliated with air strikes on militia depots.", {(2, "exact")}),
    ("It was the nearly 90 times its bases had come under attack that worried planners.", {(90, "nearly")}),
    # ordinals and totals reached
    ("This was the 60th attack on coalition forces since Oct. 17.", {(60, "exact")}),
    ("Monday's rocket strike was at least the 71st against the garrison since the conflict began.",
     {(71, "at_least")}),
    ("The raid marks the fourth U.S. strike in Iraq since the truce collapsed.", {(4, "exact")}),
    ("The number of attacks on U.S. personnel has risen to 73 since October 17, a spokesperson said.",
     {(73, "exact")}),
    ("A drone hit the outpost, bringing the number of attacks on the base to 19 since the autumn.", {(19, "exact")}),
    ("Attacks on American facilities have now exceeded 130 since the Gaza war started.", {(130, "more_than")}),
    # small counts of acts over an unspecified stretch
    ("The U.S. has conducted three rounds of retaliatory strikes against the militias in Syria.", {(3, "exact")}),
    ("In December, the US carried out two sets of strikes in Iraq.", {(2, "exact")}),
]


@pytest.mark.parametrize(("text", "expected"), ACTS)
def test_counts_of_acts(text: str, expected: set[tuple[int, str]]) -> None:
    assert counts(text) == expected


# --- people killed and injured ------------------------------------------------------------------
CASUALTIES = [
    ("At least 60 U.S. personnel have been wounded since the attacks began in October.", {(60, "at_least")}),
    ("In total, 37 U.S. service members have been hurt in the attacks.", {(37, "exact")}),
    ("Seventy-two U.S. troops have suffered traumatic brain injuries since the campaign began.", {(72, "exact")}),
    ("Across all of these attacks, about 80 American personnel sustained mostly minor injuries.", {(80, "about")}),
    ("The attacks have left more than 180 American personnel injured.", {(180, "more_than")}),
    ("Some 45 service members have reported concussions since the strikes on the bases started.", {(45, "about")}),
    ("Nineteen soldiers were injured in the earlier attacks on the two garrisons.", {(19, "exact")}),
    ("About three dozen troops have been wounded in the attacks so far.", {(36, "about")}),
    ("Two U.S. soldiers were wounded in rocket attacks on bases in Iraq and Syria.", {(2, "exact")}),
    ("The militias' campaign has killed three U.S. soldiers and injured more than 100 others.",
     {(3, "exact"), (100, "more_than")}),
    ("In late December, U.S. jets struck militia sites in Iraq twice, resulting in the deaths of 11 fighters.",
     {(2, "exact"), (11, "exact")}),
]


@pytest.mark.parametrize(("text", "expected"), CASUALTIES)
def test_counts_of_casualties(text: str, expected: set[tuple[int, str]]) -> None:
    assert counts(text) == expected


LEBANON_COUNTS = [
    ("Lebanon's health ministry says more than 2,100 people have been killed in the country since October 2023.",
     {(2100, "more_than")}),
    ("The death toll from Israeli strikes since Monday has reached 558, the health ministry said.", {(558, "exact")}),
    ("Hezbollah has announced the deaths of more than 400 of its fighters.", {(400, "more_than")}),
    ("Hezbollah has lost about 500 fighters over the course of the war.", {(500, "about")}),
    ("Israel says it has struck some 3,000 Hezbollah targets since the start of the war.", {(3000, "about")}),
    ("Hezbollah has fired around 8,000 rockets at northern Israel since October.", {(8000, "about")}),
    ("As of mid-August, Israeli strikes had killed roughly 590 people in Lebanon, among them 130 civilians.",
     {(590, "about"), (130, "exact")}),
    ("The army claims to have killed more than 1,500 fighters and wounded about 3,000 others.",
     {(1500, "more_than"), (3000, "about")}),
    ("Among the dead since October are 320 fighters, 70 civilians and 12 paramedics.",
     {(320, "exact"), (70, "exact"), (12, "exact")}),
    ("The war has taken a grim toll: nearly 3,500 killed and 15,000 wounded in Lebanon.",
     {(3500, "nearly"), (15000, "exact")}),
    ("Between 8 October and 30 June, Hezbollah fired at Israel 2,214 times.", {(2214, "exact")}),
]


@pytest.mark.parametrize(("text", "expected"), LEBANON_COUNTS)
def test_counts_in_another_conflict(text: str, expected: set[tuple[int, str]]) -> None:
    assert counts(text, LEBANON) == expected


# --- not tallies ------------------------------------------------------------------------------
NOT_TALLIES = [
    "Three U.S. soldiers were killed and 34 injured in a drone attack on an outpost in Jordan on Sunday.",
    "The bombers hit 85 targets with 125 munitions on Friday.",
    "About 2,500 U.S. troops are stationed in Iraq and 900 in Syria.",
    "The militia fired 14 rockets at the embassy on Friday.",
    "The group launched two drones at the base, one of which was shot down.",
    "It was the first attack on the base since February.",
    "The attack was the largest since the campaign began, with 40 rockets fired.",
    "The raid killed two militants and wounded three others, security sources said.",
    "Twice as many attacks were recorded in Syria as in Iraq.",
    "The U.S. has deployed 1,200 additional troops to the region since October.",
    "U.S. forces were attacked three times in Iraq and Syria on Tuesday, without casualties.",
    "U.S. jets carried out two strikes on militia depots on Wednesday.",
    "Two attack helicopters and three strike groups were moved to the region.",
    "U.S. aircraft struck two operations centres of the militia near Baghdad.",
    "Five fighters were killed in an air strike on their vehicle, a spokesman said.",
    "Israel's offensive has killed more than 25,000 people in Gaza since October.",
    "Militias in Iraq have claimed more than 100 attacks on Israel since the war began.",
    "The U.S. has carried out two series of strikes in Iraq since yesterday.",
    "The Pentagon said 34 service members were diagnosed with brain injuries after the strike on the outpost.",
    "President Biden visited Iraq three times as a senator.",
]


@pytest.mark.parametrize("text", NOT_TALLIES)
def test_not_tallies(text: str) -> None:
    assert tallies(text) == []


def test_one_days_toll_is_not_a_running_count() -> None:
    text = ("Israeli strikes killed at least 274 people in Lebanon on Monday. More than 1,000 others were wounded in "
            "the strikes, a one-day toll not seen since the 2006 war.")
    assert tallies(text, ex=LEBANON) == []


# --- breakdowns by country -------------------------------------------------------------------------
def test_breakdown_is_one_tally_with_by_country() -> None:
    got = tallies("A total of 140 attacks have targeted U.S. forces, with 58 occurring in Iraq and 82 in Syria.")
    assert len(got) == 1
    assert got[0]["count"] == 140 and got[0]["by_country"] == {"IRQ": 58, "SYR": 82}
    assert got[0]["where"] == ["IRQ", "SYR"]


def test_breakdown_in_parentheses_and_in_times() -> None:
    (t,) = tallies("U.S. forces have been attacked about 90 times since Oct. 17 (41 times in Iraq and 49 times in Syria).")
    assert (t["count"], t["qualifier"], t["by_country"]) == (90, "about", {"IRQ": 41, "SYR": 49})


def test_breakdown_in_the_next_sentence() -> None:
    text = ("Militants have launched 75 attacks on bases housing U.S. personnel since Oct. 17. Of those, 31 were in "
            "Iraq, 42 in Syria and two in Jordan.")
    (t,) = tallies(text)
    assert t["count"] == 75 and t["by_country"] == {"IRQ": 31, "SYR": 42, "JOR": 2}


def test_parts_without_a_total_are_counts_of_their_own() -> None:
    got = tallies("So far there have been at least 22 attacks in Iraq and 19 in Syria.")
    assert {(t["count"], t["qualifier"], tuple(t["where"])) for t in got} == {
        (22, "at_least", ("IRQ",)), (19, "at_least", ("SYR",))}
    assert all(t["by_country"] is None for t in got)


def test_kinds_of_acts_are_not_counts_of_their_own() -> None:
    got = tallies("Since January, Israel has conducted 41 strikes on Hezbollah in Syria, comprising 30 air raids and "
                  "11 drone strikes.", ex=LEBANON)
    assert [t["count"] for t in got] == [41]


# --- period, place and description -------------------------------------------------------------------
def test_since_and_published_until() -> None:
    (t,) = tallies("U.S. forces in Iraq and Syria have been attacked at least 66 times since Oct. 17.", dt.date(2023, 11, 22))
    assert t["since"] == "2023-10-17" and t["until"] == "2023-11-22" and t["until_basis"] == "published"
    assert t["where"] == ["IRQ", "SYR"] and t["what"] == "attacks on U.S. forces in Iraq and Syria"


def test_as_of_is_the_until_stated() -> None:
    (t,) = tallies("As of Jan. 20, there had been more than 140 attacks on U.S. troops in Iraq and Syria.")
    assert (t["count"], t["qualifier"], t["until"], t["until_basis"]) == (140, "more_than", "2024-01-20", "text")


def test_between_two_dates() -> None:
    (t,) = tallies("Between Oct. 18 and Dec. 31, militias fired on coalition bases on 112 occasions.")
    assert (t["since"], t["until"], t["until_basis"]) == ("2023-10-18", "2023-12-31", "text")


def test_month_since() -> None:
    (t,) = tallies("The groups have claimed more than 150 attacks on U.S. forces since mid-October.")
    assert t["since"] == "2023-10"


def test_a_count_repeated_in_title_and_body_is_one_tally() -> None:
    text = "Pentagon tracks 52 attacks on U.S. troops\n\nThe Pentagon is tracking 52 attacks on U.S. troops since Oct. 17."
    assert [t["count"] for t in tallies(text)] == [52]


def test_what_names_the_counted_acts() -> None:
    (t,) = tallies("Iranian-backed militants have launched 61 attacks on bases housing U.S. personnel since Oct. 17.")
    assert t["what"] == "attacks on bases housing U.S. personnel"
    (k,) = tallies("At least 60 U.S. personnel have been injured in these attacks.")
    assert k["what"].endswith("injured") and "personnel" in k["what"]


def test_the_previous_sentence_gives_the_series() -> None:
    text = ("The attacks on U.S. personnel by the militias began on Oct. 17. As a result of these attacks, one U.S. "
            "contractor died of a heart attack while sheltering; 21 U.S. personnel suffered minor injuries.")
    assert {(t["count"], t["what"].split()[-1]) for t in tallies(text)} == {(1, "killed"), (21, "injured")}
