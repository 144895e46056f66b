import datetime as dt

from flashpoint.ingest.textdump import clean_text_dump, infer_reference_date

PAGE = """Skip to content
Harbor Post
  • World
  • Business
  • Sports
Sign in
Subscribe
Most read
Ferry service to the islands resumes after storm
March 3, 2021
City council approves new budget for schools
June 14, 2019

Regional Affairs

Militia rockets strike near airport as talks stall

By Jana Okafor
Last updated: 2024/03/05 at 9:10 AM
Share
3 Min Read

Several rockets struck an empty field near the airport on Monday, officials said, in the third such attack on the area this month. No one was hurt.

The government said its forces had found the launch site in a nearby orchard and that an investigation was under way.

Background

Talks between the two sides over the presence of foreign advisers have stalled since the start of the year, and both have accused each other of bad faith.

Negotiators are due to meet again next week, according to a ministry statement released late on Sunday.

Related Posts
Ferry service to the islands resumes after storm
Tags: security, politics
Share this Article
Facebook Twitter Whatsapp Email
© 2024 Harbor Post. All rights reserved.
Welcome Back!
Sign in to your account
"""


def test_body_is_the_report_without_page_furniture() -> None:
    c = clean_text_dump(PAGE)
    assert c.body.startswith("Several rockets struck an empty field")
    assert c.body.endswith("released late on Sunday.")
    assert "Background" in c.body  # a subheading inside the report stays
    for junk in ("Sign in", "Ferry service", "Subscribe", "Related Posts", "©", "Share", "Min Read"):
        assert junk not in c.body


def test_title_byline_and_labelled_date() -> None:
    c = clean_text_dump(PAGE)
    assert c.title == "Militia rockets strike near airport as talks stall"
    assert c.author == "Jana Okafor"
    assert c.published == dt.date(2024, 3, 5)
    assert c.published_source == "text"


def test_teaser_dates_are_not_the_publication_date() -> None:
    page = PAGE.replace("Last updated: 2024/03/05 at 9:10 AM\n", "")
    c = clean_text_dump(page)
    assert c.published not in (dt.date(2021, 3, 3), dt.date(2019, 6, 14))


def test_dated_byline_gives_the_date() -> None:
    page = PAGE.replace("Last updated: 2024/03/05 at 9:10 AM\n", "").replace(
        "Tags: security, politics", "Jana Okafor March 6, 2024"
    )
    c = clean_text_dump(page)
    assert c.published == dt.date(2024, 3, 6) and c.published_source == "text"


def test_author_box_and_comment_prompt_are_dropped() -> None:
    page = (
        "Convoy hit by roadside bomb on the northern highway\n\n"
        "A roadside bomb struck a supply convoy on the northern highway on Oct. 30, wounding two drivers, "
        "according to a statement from the provincial police.\n\n"
        "Police said the device had been hidden in a drainage culvert and detonated remotely as the trucks passed.\n\n"
        "Eastline Media\n\n"
        "Founded in 1990, Eastline Media is an independent news organisation covering politics and security "
        "across the region with correspondents in six capitals and a large archive of reporting.\n\n"
        "Leave a Reply\n\nYour email address will not be published.\n"
    )
    c = clean_text_dump(page)
    assert c.body.endswith("as the trucks passed.")
    assert "Founded in 1990" not in c.body


def test_reference_date_inferred_from_latest_date_with_anchor_year() -> None:
    body = (
        "Since the Hamas attack on Israel on Oct. 7, militias have attacked bases dozens of times. "
        "Strikes followed on Nov. 21 and Dec. 3. A photo taken on March 13, 2022 shows earlier damage. "
        "As of Dec. 12, the count stood at 90."
    )
    assert infer_reference_date(body) == dt.date(2023, 12, 12)
    c = clean_text_dump("Headline about strikes and counts\n\n" + body)
    assert c.published == dt.date(2023, 12, 12) and c.published_source == "inferred"


def test_no_dates_no_reference() -> None:
    c = clean_text_dump(
        "Officials met again to discuss the withdrawal of foreign forces from the country, a ministry said."
    )
    assert c.published is None and c.published_source == "none"


NOISY = """Home | News | World | Opinion | Sport | Video
Middle East
Border post hit by drones overnight, two guards hurt
(Photo: Example Agency/Getty Images)
World News
By Amira Haddad and Tom Lindqvist
Published: 5 August 2024

Two drones struck a border post in the eastern desert overnight, wounding two guards, the interior ministry said on Monday morning.

Advertisement

The ministry said the drones were launched from across the border and that a third one was shot down before it reached the post.

Sign up for our Morning Briefing newsletter to get the day's top stories in your inbox.

Officials said an investigation had begun and that security at other posts in the area had been raised.

Story continues below advertisement

No group has said it carried out the attack, which follows a similar one on a nearby post last week.

Related Posts
Ferry service resumes after storm
"""


def test_ads_and_newsletter_promos_inside_the_body_are_skipped_not_cut_at() -> None:
    c = clean_text_dump(NOISY)
    assert c.body.startswith("Two drones struck a border post")
    assert c.body.endswith("on a nearby post last week.")  # the report goes on after the ad slots
    for para in ("launched from across the border", "an investigation had begun"):
        assert para in c.body
    for junk in ("Advertisement", "newsletter", "Story continues", "Ferry service"):
        assert junk not in c.body


def test_nav_bars_and_photo_credits_are_never_titles_and_bylines_are_names() -> None:
    c = clean_text_dump(NOISY)
    assert c.title == "Border post hit by drones overnight, two guards hurt"
    assert c.author == "Amira Haddad and Tom Lindqvist"
    assert c.published == dt.date(2024, 8, 5)
    only_labels = NOISY.replace("By Amira Haddad and Tom Lindqvist\n", "")
    assert clean_text_dump(only_labels).author is None  # "World News", "Middle East" are sections, not people
    credit_first = NOISY.replace("Border post hit by drones overnight, two guards hurt\n", "")
    title = clean_text_dump(credit_first).title or ""
    assert "Photo" not in title and "|" not in title


def test_a_long_run_of_spaces_or_newsletter_mentions_in_a_line_is_linear() -> None:
    """Both took minutes at these sizes: the nav-bar separator was tried from every space of the run, and the
    newsletter promo pattern scanned the rest of the line from every mention (issue 15, hang classes)."""
    from flashpoint.ingest.textdump import classify, is_interstitial, is_nav_bar
    from tests.nlp.test_no_hangs import no_hang

    gap = "Home | World" + " " * 300_000 + "News"
    mentions = "newsletter " * 30_000
    with no_hang():
        assert not is_nav_bar(gap)
        assert not is_interstitial(mentions)
        clean_text_dump(f"Title\n\n{gap}\n{mentions}\n" + "Rockets hit the base on Monday, officials said. " * 3)
    assert is_nav_bar("Home  |   News  /  Opinion   »  Sport") and is_nav_bar("  World • Business • Sports")
    assert classify("Get the best stories in our daily newsletter: sign up here").kind == "skip"
    assert classify("Sign up for our newsletter").kind == "skip"
    assert classify("The newsletter went out on Monday.").kind != "skip"  # a newsletter with no call to sign up


def test_hard_wrapped_paragraphs_and_a_lone_label_keep_the_whole_report() -> None:
    wrapped = (
        "Weekly Brief: March 4, 2024\n"
        "Jane Analyst\n"
        "Militants fired rockets at two bases in eastern Syria on March 1 and March 2, and\n"
        "a drone struck a logistics depot near the border on the following day, officials said.\n"
        "Nobody was hurt in the first attack, but two contractors were wounded in the second\n"
        "one, according to a statement issued by the coalition on Sunday evening.\n"
    )
    body = clean_text_dump(wrapped).body
    assert "Militants fired rockets" in body and "according to a statement issued by the coalition" in body
    assert "fired rockets at two bases in eastern Syria on March 1 and March 2, and a drone struck" in body
    labelled = (
        "Strikes hit depots in two provinces\n\n"
        "Warplanes struck three weapons depots in the east of the country overnight, the ministry said on Monday.\n\n"
        "Officials said the depots had been used to store rockets and drones for several months.\n\n"
        "RECOMMENDED\n\n"
        "A second wave of strikes followed before dawn, hitting a convoy near the river crossing, two witnesses said.\n\n"
        "The ministry said more strikes were possible if attacks on its forces continued.\n"
    )
    body = clean_text_dump(labelled).body
    assert "RECOMMENDED" not in body and "A second wave of strikes" in body and "more strikes were possible" in body
    # a standfirst and a short closing sentence are part of the report
    deck = (
        "Drone strike kills two in the capital\n"
        "The strike comes days after militia groups claimed two attacks on a base housing foreign troops\n\n"
        "A drone struck a car in the capital late on Wednesday, killing two commanders of an armed group, police said.\n\n"
        "The group said it would respond in the coming days to what it called an act of aggression.\n\n"
        "Militia groups in the country have vowed more attacks.\n"
    )
    body = clean_text_dump(deck).body
    assert body.startswith("The strike comes days after") and body.endswith("Militia groups in the country have vowed more attacks.")
