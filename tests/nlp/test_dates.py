import datetime as dt

from flashpoint.nlp.dates import find_dates, last_weekday, most_recent, resolve

REF = dt.date(2024, 1, 10)  # a Wednesday


def kinds(text: str) -> list[tuple[str, str]]:
    return [(m.kind, m.text) for m in find_dates(text)]


def test_full_dates_in_many_forms() -> None:
    text = "On January 28, 2024 and 2 February 2024, then 2024/02/22 and 11/12/2023 and Dec. 8, 2023."
    got = [resolve(m, None).date for m in find_dates(text)]  # type: ignore[union-attr]
    assert got == [dt.date(2024, 1, 28), dt.date(2024, 2, 2), dt.date(2024, 2, 22), dt.date(2023, 11, 12),
                   dt.date(2023, 12, 8)]


def test_yearless_date_resolves_to_most_recent_on_or_before_reference() -> None:
    (m,) = find_dates("the attack on Nov. 21 was followed")
    assert resolve(m, REF).date == dt.date(2023, 11, 21)  # type: ignore[union-attr]
    (m,) = find_dates("strikes on Jan 10")
    assert resolve(m, REF).date == dt.date(2024, 1, 10)  # type: ignore[union-attr]
    assert resolve(m, None) is None  # no reference: no year from background knowledge


def test_weekday_and_part_of_day() -> None:
    (m,) = find_dates("militants fired late Monday evening")
    r = resolve(m, REF)
    assert r is not None and r.date == dt.date(2024, 1, 8) and m.part == "late"
    (m,) = find_dates("announced on Wednesday")
    assert resolve(m, REF).date == REF  # type: ignore[union-attr]


def test_relative_phrases() -> None:
    def res(text: str) -> tuple[dt.date, str]:
        (m,) = find_dates(text)
        r = resolve(m, REF)
        assert r is not None
        return r.date, r.precision

    assert res("killed yesterday") == (dt.date(2024, 1, 9), "day")
    assert res("earlier today the group") == (REF, "day")
    assert res("strikes last week") == (dt.date(2024, 1, 1), "approximate")
    assert res("attacks earlier this month") == (dt.date(2024, 1, 1), "approximate")
    assert res("late last month") == (dt.date(2023, 12, 21), "approximate")


def test_month_only_and_mid_month() -> None:
    (m,) = find_dates("since mid-October")
    r = resolve(m, REF)
    assert r is not None and r.date == dt.date(2023, 10, 11) and r.precision == "approximate"
    (m,) = find_dates("in October 2023")
    r = resolve(m, None)
    assert r is not None and r.date == dt.date(2023, 10, 1) and r.precision == "month"


def test_verbs_and_times_are_not_dates() -> None:
    assert kinds("they may 5 times try") == []
    assert kinds("at 12:15 a.m.") == []


def test_helpers() -> None:
    assert most_recent(12, 25, dt.date(2024, 1, 4)) == dt.date(2023, 12, 25)
    assert last_weekday(6, dt.date(2024, 1, 28)) == dt.date(2024, 1, 28)


def test_days_coordinated_after_a_month_are_dates_of_their_own() -> None:
    from flashpoint.nlp.dates import find_dates

    got = [(m.month, m.day) for m in find_dates("raids on the depots on March 4 and 5, and on April 9.")]
    assert got == [(3, 4), (3, 5), (4, 9)]
    assert [(m.month, m.day) for m in find_dates("On March 4 and 5 people were hurt")] == [(3, 4)]  # a count, not a day


def test_relative_days_weekends_and_datelines() -> None:
    import datetime as dt

    from flashpoint.nlp.analysis import analyse
    from flashpoint.nlp.dates import find_dates, resolve

    ref = dt.date(2024, 5, 10)  # a Friday
    got = {m.text: resolve(m, ref) for m in find_dates("last weekend, two days ago and late yesterday")}
    assert got["last weekend"].date == dt.date(2024, 5, 4) and got["last weekend"].precision == "approximate"
    assert got["two days ago"].date == dt.date(2024, 5, 8)
    assert got["late yesterday"].date == dt.date(2024, 5, 9) and got["late yesterday"].precision == "day"
    ctx = analyse("d", "TIKRIT, May 8 (Wire) -- Rockets hit the base yesterday, officials said.", ref)
    (m, r), = [(m, r) for s in ctx.sentences for m, r in s.dates if m.kind == "relative"]
    assert r.date == dt.date(2024, 5, 7)  # counted from the dateline's day, not from publication


def test_sentences_end_after_citation_marks() -> None:
    from flashpoint.nlp.sentences import split_sentences

    text = "Drones hit the oil field.[4] The group claimed it. Then it was quiet."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Drones hit the oil field.[4]", "The group claimed it.", "Then it was quiet."]


def test_a_relative_day_in_apposition_with_a_date_is_that_date() -> None:
    ref = dt.date(2025, 3, 12)
    for text in ("Today, March 11, the patrol came under fire", "on Tuesday, March 11, the patrol",
                 "the patrol was hit March 11 (Tuesday)"):
        found = find_dates(text)
        assert [m.text for m in found] == ["March 11"], text
        r = resolve(found[0], ref)
        assert r is not None and r.date == dt.date(2025, 3, 11)
    # joined by "and", they are two days
    assert [m.text for m in find_dates("on Monday and March 3 the base was hit")] == ["Monday", "March 3"]


def test_a_weekend_attack_is_dated_by_the_last_weekend() -> None:
    from flashpoint.nlp.pipeline import Extractor

    recs = Extractor(models=None).extract_text(
        "w", "A weekend attack on al-Asad Air Base in Iraq wounded four U.S. troops, officials said.",
        dt.date(2024, 2, 14)).records()  # a Wednesday: the weekend before began on Saturday 10 February
    e = next(r for r in recs if r["kind"] == "event")
    assert (e["date"], e["date_precision"]) == ("2024-02-10", "approximate")
