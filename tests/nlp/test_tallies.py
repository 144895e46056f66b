import datetime as dt

from flashpoint.nlp.pipeline import Extractor

EX = Extractor()


def tallies(text: str, ref: dt.date = dt.date(2024, 2, 1)) -> list[dict]:  # type: ignore[type-arg]
    return [r for r in EX.extract_text("t", text, ref).records() if r["kind"] == "tally"]


def test_running_count_with_breakdown() -> None:
    got = tallies("Since Oct. 17, U.S. forces have been attacked 120 times, 55 times in Iraq and 65 times in Syria.")
    total = next(t for t in got if t["count"] == 120)
    assert total["by_country"] == {"IRQ": 55, "SYR": 65}
    assert total["since"] == "2023-10-17" and total["until"] == "2024-02-01" and total["until_basis"] == "published"
    assert {t["count"] for t in got} >= {120, 55, 65}


def test_qualifiers_and_as_of() -> None:
    (t,) = tallies("As of Jan. 20, there had been more than 140 attacks on U.S. troops in Iraq and Syria.")
    assert t["count"] == 140 and t["qualifier"] == "more_than" and t["until"] == "2024-01-20"
    assert t["until_basis"] == "text" and set(t["where"]) == {"IRQ", "SYR"}


def test_other_counts_are_not_tallies() -> None:
    assert tallies("The bombers hit 85 targets with 125 munitions on Friday.") == []
