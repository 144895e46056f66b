from flashpoint.nlp.numbers import find_casualties, parse_number
from flashpoint.nlp.records import Range


def figures(text: str) -> list[tuple[str, int | None, int | None]]:
    return [(c.kind, c.range.low, c.range.high) for c in find_casualties(text)]


def test_number_words() -> None:
    assert parse_number("three") == 3
    assert parse_number("two dozen") == 24
    assert parse_number("twenty-five") == 25
    assert parse_number("1,200") == 1200
    assert parse_number("several") is None


def test_qualifiers() -> None:
    assert figures("the blast killed at least four guards") == [("killed", 4, None)]
    assert figures("more than 30 soldiers were wounded") == [("injured", 31, None)]
    assert figures("about 12 people were injured") == [("injured", 12, 12)]
    assert figures("a mortar round wounded two dozen recruits") == [("injured", 24, 24)]


def test_coordinated_figures_share_qualifier() -> None:
    assert figures("at least 9 people were killed and 14 injured in the raid") == [("killed", 9, None), ("injured", 14, None)]


def test_no_casualties_is_zero() -> None:
    assert figures("The rockets caused no casualties, officials said.") == [("killed", 0, 0), ("injured", 0, 0)]
    # GUIDE §4: "no one was injured/hurt", "no injuries" state both figures as zero
    assert figures("no one was hurt in the attack") == [("killed", 0, 0), ("injured", 0, 0)]
    assert figures("There were no reports of injuries.") == [("killed", 0, 0), ("injured", 0, 0)]
    assert figures("The strike did not result in any casualties.") == [("killed", 0, 0), ("injured", 0, 0)]
    assert figures("There was no immediate word on casualties.") == []


def test_uncountable_and_non_casualty_numbers() -> None:
    assert figures("dozens of troops were wounded") == []
    assert figures("jets struck 40 targets and fired 90 munitions") == []
    assert figures("several militants were killed") == []


def test_figures_from_several_sources_merge_to_a_range() -> None:
    a, b = Range(5, 5), Range(7, 7)
    assert a.merge(b) == Range(5, 7)
    assert Range(5, None).merge(Range(5, 5)) == Range(5, 5)  # "at least five" next to "five"
    assert Range(9, None).merge(Range(5, 5)) == Range(5, None)


def test_singular_death_and_ordinal_victims() -> None:
    assert figures("The shelling resulted in one death and four injuries.") == [("killed", 1, 1), ("injured", 4, 4)]
    assert figures("a third fighter was also killed in the ambush") == []
    assert figures("a guard was killed at the gate") == [("killed", 1, 1)]
    assert figures("the death toll rose to nine") == [("killed", 9, 9)]


def test_one_titled_or_named_victim_counts_one() -> None:
    assert figures("a drone strike in Baghdad killed the senior commander of the group") == [("killed", 1, None)]
    # named by name: that many (GUIDE §4); known only by a title: at least one
    assert figures("U.S. forces assassinated Abu Hamza al-Kaabi, the group's deputy") == [("killed", 1, 1)]
    assert figures("the commander of the brigade, who led its rocket unit, was killed") == [("killed", 1, None)]
    assert figures("a soldier was wounded by shrapnel") == [("injured", 1, 1)]  # one soldier, as "a guard was killed"
    assert figures("two commanders were killed and the leader was killed too") == [("killed", 2, 2)]
    assert figures("the group's leaders were killed") == []
    assert Range(1, None).merge(Range(2, 2)) == Range(2, 2)  # one named victim among two killed
    assert Range(34, 34).merge(Range(41, None)) == Range(34, None)  # "34" and "more than 40"


def test_vague_amount_after_killed_is_no_count() -> None:
    # "a number of" / "a handful of" states nothing countable (GUIDE §4): not one victim
    for text in ("Officials said the raid probably killed a number of militia fighters.",
                 "The blast killed a handful of guards, a witness said."):
        assert [c for c in find_casualties(text) if c.kind == "killed"] == [], text


def test_aside_between_victims_and_verb() -> None:
    cs = find_casualties("Nine people, among them two medics, were wounded when the shells landed.")
    assert [(c.kind, c.range.low, c.range.high) for c in cs] == [("injured", 9, 9)]


def test_victims_named_by_nationality() -> None:
    assert figures("Three Jordanians were killed and two Lebanese nationals wounded in the blast.") == [
        ("killed", 3, 3), ("injured", 2, 2)]
    assert figures("Seven Israelis were hurt by shrapnel.") == [("injured", 7, 7)]


def test_a_manner_adverb_between_the_auxiliary_and_the_participle() -> None:
    assert figures("Two guards were lightly wounded when a shell landed nearby") == [("injured", 2, 2)]
    assert figures("three recruits were critically injured") == [("injured", 3, 3)]
    # "shot" is not a casualty verb here; the boy lightly hurt is one injured
    assert figures("two men were fatally shot and a boy was lightly hurt") == [("injured", 1, 1)]


def test_a_counted_party_that_suffered_injuries() -> None:
    assert figures("Eleven soldiers suffered minor injuries in the blast") == [("injured", 11, 11)]
    assert figures("four guards sustained shrapnel wounds") == [("injured", 4, 4)]
    assert figures("soldiers suffered minor injuries in the blast") == []  # no count (GUIDE §4)


def test_a_range_stated_as_one_figure() -> None:
    assert figures("the raid killed between six and nine fighters") == [("killed", 6, 9)]
    assert figures("the blast wounded five to seven recruits") == [("injured", 5, 7)]
    assert figures("between 10 and 12 people were killed") == [("killed", 10, 12)]
    assert figures("the strike killed two and wounded three") == [("killed", 2, 2), ("injured", 3, 3)]


def test_a_toll_put_at_a_figure() -> None:
    assert figures("the health ministry put the toll at 23") == [("killed", 23, 23)]
    assert figures("the toll rose to 12 on Sunday") == [("killed", 12, 12)]
    assert figures("raising the toll of attacks on bases to 170") == []
    assert figures("the toll rose to 170 attacks") == []


def test_one_victim_and_n_others() -> None:
    assert figures("the strike killed Omar Haddad, a field commander, and three others near the river") == [("killed", 4, 4)]
    assert figures("the raid killed a senior commander and two of his guards") == [("killed", 3, 3)]
    assert figures("A senior commander and two of his guards were killed in the strike") == [("killed", 3, 3)]
    # a counted figure outside the phrase stands; "N others" after a counted group is not read as one more
    assert figures("the strike killed four fighters and wounded two others") == [("killed", 4, 4), ("injured", 2, 2)]


def test_a_victim_named_in_a_passive() -> None:
    assert figures("Omar Haddad was assassinated in a drone strike on Tuesday") == [("killed", 1, 1)]
    assert figures("the commander was assassinated in a drone strike") == [("killed", 1, None)]  # a title: at least one


def test_injuries_diagnosed_treated_or_left() -> None:
    assert figures("In all, 21 soldiers were diagnosed with traumatic brain injuries") == [("injured", 21, 21)]
    assert figures("Six guards were treated for shrapnel wounds") == [("injured", 6, 6)]
    assert figures("the blast left three recruits with minor injuries") == [("injured", 3, 3)]
    assert figures("six guards were treated at the scene") == []  # treated for nothing named: not a count


def test_one_wounded_person_without_a_number_word() -> None:
    assert figures("the mortar round wounded a contractor and damaged a hangar") == [("injured", 1, 1)]
    assert figures("the blast injured a building nearby") == []
    assert figures("A guard suffered a concussion in the blast") == [("injured", 1, 1)]


def test_the_number_of_wounded_or_dead_rose_to() -> None:
    assert figures("the number of wounded rose to 47 on Monday") == [("injured", 47, 47)]
    assert figures("the number of dead climbed to 12") == [("killed", 12, 12)]


# --- phrasings the rules were broadened to (tests/nlp/data/figure_phrasings.json measures them together) ---------
def test_a_day_of_the_month_before_the_verb_is_no_count() -> None:
    assert figures("The raid on March 9 killed four guards") == [("killed", 4, 4)]
    assert figures("A drone strike on Aug. 30 wounded two farmers") == [("injured", 2, 2)]
    assert figures("Strikes on Nov. 3 killed between 8 and 12 gunmen") == [("killed", 8, 12)]


def test_lives_claimed_and_cost() -> None:
    assert figures("The shelling claimed the lives of at least five villagers") == [("killed", 5, None)]
    assert figures("the bombing cost the lives of two nurses") == [("killed", 2, 2)]
    assert figures("the blast claimed seven lives") == [("killed", 7, 7)]
    assert figures("the storm claimed the lives of many") == []


def test_the_armys_word_for_killing_needs_people() -> None:
    assert figures("troops eliminated four gunmen near the crossing") == [("killed", 4, 4)]
    assert figures("jets eliminated two launchers near the crossing") == []


def test_a_family_of_n() -> None:
    assert figures("the shell killed a family of six in their home") == [("killed", 6, 6)]
    assert figures("the shell killed a family in their home") == []


def test_more_victim_nouns_and_auxiliaries() -> None:
    assert figures("one reservist was killed near the fence") == [("killed", 1, 1)]
    assert figures("Three paramedics lost their lives on the road") == [("killed", 3, 3)]
    assert figures("the raid left at least four Egyptian nationals dead") == [("killed", 4, None)]
    assert figures("Two guards were said to have died of their wounds") == [("killed", 2, 2)]
    assert figures("five villagers have died since the blast") == [("killed", 5, 5)]
    assert figures("six workers were lightly to moderately hurt") == [("injured", 6, 6)]


def test_figures_of_the_other_kind_after_and() -> None:
    assert figures("two men died in the raid, and 5 more were wounded") == [("killed", 2, 2), ("injured", 5, 5)]
    assert figures("four guards were killed and at least 9 wounded") == [("killed", 4, 4), ("injured", 9, None)]
    # not "four guards ... and at least 9" as one group of victims
    assert figures("four members of the unit were killed and at least 9 wounded") == [("killed", 4, 4), ("injured", 9, None)]


def test_coordinated_groups_of_victims_are_summed() -> None:
    assert figures("two soldiers and a civilian were killed") == [("killed", 3, 3)]
    assert figures("Nine fighters and four children have been injured") == [("injured", 13, 13)]
    # an object of the verb before, or an aside, is not a group of the figure's
    assert figures("the strike killed two people, and 9 others were hurt") == [("killed", 2, 2), ("injured", 9, 9)]
    assert figures("Six died, among them two children, and about 40 were injured") == [("killed", 6, 6), ("injured", 40, 40)]


def test_one_victim_and_one_more() -> None:
    assert figures("the drone killed a farmer and his son") == [("killed", 2, 2)]
    assert figures("shelling killed a medic and a driver near the clinic") == [("killed", 2, 2)]
    assert figures("the strike killed three fighters and two of their commanders") == [("killed", 5, 5)]
    # a victim of the other kind after "and" is not one more
    assert figures("the strike killed a guard and a driver was wounded") == [("killed", 1, 1), ("injured", 1, 1)]


def test_numbers_of_victims_reached_and_tolls() -> None:
    assert figures("officials raised the number of troops hurt in the blast to more than 30") == [("injured", 31, None)]
    assert figures("the ministry put the number of dead from the weekend raids at 21") == [("killed", 21, 21)]
    assert figures("the death toll from Sunday's shelling rose to 14") == [("killed", 14, 14)]


def test_more_ways_of_saying_nobody_was_hurt() -> None:
    zero = [("killed", 0, 0), ("injured", 0, 0)]
    assert figures("There were no American casualties, the army said.") == zero
    assert figures("Nobody was hurt when the shell hit the depot.") == zero
    assert figures("The rockets caused no damage or injuries.") == zero
    assert figures("Gunmen fired at the post without causing injuries.") == zero
    assert figures("There were no reports of anyone being hurt.") == zero
    assert figures("There were no civilian casualties.") == []  # others may have been hit


def test_a_hyphenated_range() -> None:
    assert figures("the raids killed 30-40 fighters") == [("killed", 30, 40)]
    assert figures("the raids killed 30 fighters") == [("killed", 30, 30)]


# --- broadened after scoring the fresh set (tests/nlp/data/figure_phrasings_fresh.json) -----------------------
def test_among_the_dead_is_at_least() -> None:
    assert figures("Nine guards were among those killed in the raid") == [("killed", 9, None)]
    assert figures("4 nurses were among the wounded") == [("injured", 4, None)]


def test_a_determiner_before_the_count() -> None:
    assert figures("the shell killed all six passengers") == [("killed", 6, 6)]
    assert figures("the drone wounded its three crew members") == [("injured", 3, 3)]


def test_quotation_marks_around_the_count_or_the_verb() -> None:
    assert figures("officials said 'about 30' workers were hurt") == [("injured", 30, 30)]
    assert figures("the group said four of its men were 'martyred'") == [("killed", 4, 4)]


def test_one_victim_named_by_a_possessive() -> None:
    assert figures("the shell killed a farmer and wounded his wife") == [("killed", 1, 1), ("injured", 1, 1)]
    assert figures("the blast wounded her brothers") == []  # how many is not said


def test_one_victim_and_a_counted_group_more() -> None:
    assert figures("the strike killed the leader and his three bodyguards") == [("killed", 4, 4)]
    assert figures("the raid killed a commander along with two women and three children") == [("killed", 6, 6)]


def test_an_ordinal_victim_after_a_figure() -> None:
    assert figures("Two gunmen died at the scene and a third succumbed to his wounds") == [("killed", 3, 3)]
    assert figures("a third fighter was also killed in the ambush") == []  # alone, the total is not said


def test_nouns_coordinated_under_one_number() -> None:
    assert figures("31 soldiers and civilians have died since the blast") == [("killed", 31, 31)]
    assert figures("Nine fighters and four children have been injured") == [("injured", 13, 13)]


def test_where_the_victims_were_and_being_treated() -> None:
    assert figures("Three contractors at the base were treated for burns") == [("injured", 3, 3)]
    assert figures("Five crew are being treated for smoke inhalation and injuries") == []  # "crew" counts no one here
    assert figures("Five soldiers are being treated for smoke inhalation and injuries") == [("injured", 5, 5)]
    assert figures("two sailors suffered concussions") == [("injured", 2, 2)]


def test_no_one_harmed() -> None:
    zero = [("killed", 0, 0), ("injured", 0, 0)]
    assert figures("No Israeli soldiers were harmed, the army said.") == zero
    assert figures("No one was reported hurt in the shelling.") == zero
    assert figures("The drone fell in a field, causing no harm to personnel.") == zero
    assert figures("The army said no civilians were harmed.") == []  # others may have been


# --- broadened after scoring the second fresh set (tests/nlp/data/figure_phrasings_fresh2.json) ----------------
def test_one_victim_and_another_of_the_other_kind() -> None:
    assert figures("A Kata'ib Hezbollah guard was killed and another was badly wounded") == [("killed", 1, 1), ("injured", 1, 1)]


def test_lives_cost_to_a_group() -> None:
    assert figures("the ambush cost four policemen their lives") == [("killed", 4, 4)]


def test_one_named_victim_and_another() -> None:
    assert figures("the drone killed the brigade's commander and another member of his staff") == [("killed", 2, 2)]


def test_a_group_more_of_the_same_kind_is_added() -> None:
    assert figures("three guards were badly hurt and five others slightly hurt") == [("injured", 8, 8)]
    assert figures("three guards were badly hurt and five civilians were killed") == [("injured", 3, 3), ("killed", 5, 5)]


def test_a_national_as_a_victim() -> None:
    assert figures("Two fighters and an Egyptian national were killed") == [("killed", 3, 3)]


def test_nobody_hurt_and_neither_nor() -> None:
    zero = [("killed", 0, 0), ("injured", 0, 0)]
    assert figures("The shell wounded nobody.") == zero
    assert figures("The rocket caused neither casualties nor damage.") == zero


def test_nobody_killed_says_nothing_of_the_wounded() -> None:
    assert figures("Jets struck the valley, wounding 14 people; nobody was killed.") == [("injured", 14, 14), ("killed", 0, 0)]
    assert figures("No one was killed in the blast.") == [("killed", 0, 0)]
    assert figures("No one was hurt in the blast.") == [("killed", 0, 0), ("injured", 0, 0)]


def test_another_n_after_the_verb_is_the_figure() -> None:
    assert figures("the shelling killed two guards and wounded another 14") == [("killed", 2, 2), ("injured", 14, 14)]
    assert figures("a second volley injured a further six workers") == [("injured", 6, 6)]


def test_one_of_n_victims() -> None:
    # the one is counted where the verb is his ("was"); the N where the participle describes the N
    assert figures("The medic was one of four volunteers wounded in the shelling.") == [("injured", 4, 4)]
    assert figures("One of the three guards was killed at the gate.") == [("killed", 1, 1)]


def test_loss_of_lives_bodies_and_the_number_killed() -> None:
    assert figures("the raid resulted in the loss of five soldiers") == [("killed", 5, 5)]
    assert figures("a blast that caused the loss of 11 lives") == [("killed", 11, 11)]
    assert figures("crews recovered 7 bodies from the collapsed school") == [("killed", 7, 7)]
    assert figures("a doctor put the number killed at 19") == [("killed", 19, 19)]
    assert figures("upward of 20 people were hurt") == [("injured", 21, None)]
    assert figures("the crews recovered 7 vehicles") == []


def test_none_hurt_and_unharmed_are_zero() -> None:
    zero = [("killed", 0, 0), ("injured", 0, 0)]
    assert figures("None of the guards at the depot were hurt.") == zero
    assert figures("The two farmers in the field escaped unharmed.") == zero
    assert figures("The convoy's crew were unhurt, the ministry said.") == zero


def test_the_one_victim_told_with_the() -> None:
    assert figures("a drone hit a van, killing the militia fighter inside it") == [("killed", 1, 1)]
    assert figures("the raid killed the commander of the cell") == [("killed", 1, None)]  # a title: at least one


def test_the_deaths_of_all_n() -> None:
    assert figures("the raid resulted in the deaths of all five fighters") == [("killed", 5, 5)]
    assert figures("the blast caused the deaths of the two guards") == [("killed", 2, 2)]


def test_a_number_in_a_name_is_no_count() -> None:
    assert figures("The rocket attack on Camp 7 wounded 12 contractors.") == [("injured", 12, 12)]


def test_nobody_killed_is_no_named_victim() -> None:
    assert figures("Nobody was killed in the raid on the depot.") == [("killed", 0, 0)]


def test_an_ordinal_after_a_figure_of_the_other_kind_is_one_more_person() -> None:
    assert figures("The shelling killed three farmers and badly wounded a fourth.") == [("killed", 3, 3), ("injured", 1, 1)]
    assert figures("The shelling killed three farmers and wounded a fourth of the herd.") == [("killed", 3, 3)]


def test_a_figure_revised_up_keeps_the_earlier_one_as_its_low() -> None:
    assert figures("The blast wounded 30 people, up from an earlier toll of 21, officials said.") == [("injured", 21, 30)]


def test_a_part_named_by_including_without_commas_is_no_figure_of_its_own() -> None:
    assert figures("Eleven villagers including three teenagers were killed in the shelling.") == [("killed", 11, 11)]
    assert figures("Six guards including an officer were wounded overnight.") == [("injured", 6, 6)]


def test_a_victim_and_a_possessed_group_are_counted_together() -> None:
    assert figures("A farmer and his three sons were killed when the shell hit their house.") == [("killed", 4, 4)]
