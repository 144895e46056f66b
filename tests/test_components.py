"""Component yardsticks (flashpoint.components) on a gold file and predictions written for this test."""

from flashpoint.components import component_report

GOLD = {"d1": {"id": "d1", "events": [
    {"event_type": "ASSAULT", "date": "2024-03-04", "date_precision": "day", "country": "IRQ",
     "actor": "Kata'ib Hezbollah", "target": "United States", "fatalities": {"low": 2, "high": 2},
     "injured": {"low": 0, "high": 0}, "evidence": "Rockets were fired at the base by Kataib Hezbollah on Monday, killing 2."},
    {"event_type": "ASSAULT", "date": "2024-03-01", "date_precision": "day", "country": "SYR",
     "actor": "United States", "target": "Iran", "fatalities": {"low": 5, "high": None},
     "evidence": "U.S. jets struck a depot on March 1."},
]}}
TEXT = ("Border tensions rise\n" + "The week began quietly across the region, officials and residents said. " * 4 +
        "Rockets were fired at the base by Kataib Hezbollah on Monday, killing 2. U.S. jets struck a depot on March 1. "
        "At least five people died.")


def test_kinds_of_dates_figures_and_roles_are_scored_apart() -> None:
    preds = [
        {"doc_id": "d1", "event_type": "ASSAULT", "date": "2024-03-04", "country": "IRQ", "actor": "Kata'ib Hezbollah",
         "target": "United States", "fatalities": {"low": 2, "high": 2}, "injured": None,
         "evidence": "Rockets were fired at the base by Kataib Hezbollah on Monday, killing 2."},
        {"doc_id": "d1", "event_type": "ASSAULT", "date": "2024-03-02", "country": "SYR", "actor": "United States",
         "target": "Iran", "fatalities": {"low": 5, "high": 5}, "evidence": "U.S. jets struck a depot on March 1."},
        {"doc_id": "d1", "event_type": "ASSAULT", "date": None, "country": "JOR", "actor": None, "target": None,
         "evidence": "They will strike again if attacked."},
    ]
    got = component_report(GOLD, preds, {"d1": TEXT})
    assert got["dates"]["weekday"] == {"accuracy": 1.0, "n": 1}
    assert got["dates"]["year-less date"] == {"accuracy": 0.0, "n": 1}  # a day off for a day-precise date
    assert got["figures"]["zero"] == {"accuracy": 0.0, "n": 1}  # 'no injuries' not read
    assert got["figures"]["open (at least)"] == {"accuracy": 0.0, "n": 1}  # read as exactly five
    assert got["figures"]["stated elsewhere"]["n"] == 1  # the five is not in its evidence sentence
    assert got["roles"]["passive"] == {"accuracy": 1.0, "n": 1}
    assert got["roles"]["active"] == {"accuracy": 1.0, "n": 1}
    assert got["false_events_by_cue"] == {"ASSAULT: future or hypothetical": 1}
