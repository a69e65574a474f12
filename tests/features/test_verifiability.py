import math

from sourcecheck.features import verifiability as v
from sourcecheck.features.document import Document


def spans(doc: Document, evidence: list) -> list[str]:
    return [doc.text[ev.start : ev.end] for ev in evidence]


def test_dates_absolute_and_relative() -> None:
    doc = Document("On October 18, 2024 and Sept. 3 and in 2015, and on Monday, two days ago.")
    found = v.dates(doc)
    assert spans(doc, found) == ["October 18, 2024", "Sept. 3", "in 2015", "Monday", "two days ago"]
    assert [ev.extra["relative"] for ev in found] == [False, False, False, True, True]


def test_months_alone_after_a_preposition() -> None:
    text = "It reopens in May, as since March. May I ask? Last June, it did. In May 2020 too."
    found = v.months_alone(text)
    assert [text[ev.start : ev.end] for ev in found] == ["May", "March", "June", "May"]
    assert [ev.extra["relative"] for ev in found] == [False, False, True, False]
    doc = Document(text)
    assert "May 2020" in spans(doc, v.dates(doc))


def test_dates_never_take_the_modal_may() -> None:
    doc = Document("Troops may desert. It may rise by 5 percent in May 2020.")
    assert spans(doc, v.dates(doc)) == ["May 2020"]


def test_numbers_leave_out_dates() -> None:
    doc = Document("About 1,500 soldiers, 3.5% and $2 billion arrived on October 8; hundreds fled.")
    assert spans(doc, v.numbers(doc, v.dates(doc))) == [
        "1,500 soldiers",
        "3.5%",
        "$2 billion",
        "hundreds",
    ]


def test_numbers_leave_out_digits_inside_links() -> None:
    text = "Read it (http://bit.ly/2d22ERE) or https://t.co/86FsWd, 40 pages in May 2020."
    doc = Document(text)
    taken = v.dates(doc) + v.links(doc)
    assert spans(doc, v.numbers(doc, taken)) == ["40"]
    assert len(v.numbers(doc, v.dates(doc))) > 1  # without the links, their digits count


def test_a_currency_sign_is_a_number_only_before_a_figure() -> None:
    doc = Document("Pay $ now, or ${x}; it cost $5, then € 40 and 12.")
    assert spans(doc, v.numbers(doc, [])) == ["$5", "€ 40", "12"]


def test_other_digit_leads_are_the_utf8_first_bytes_of_the_non_ascii_digits() -> None:
    leads = {chr(code).encode()[:1] for code in range(128, 0x110000) if chr(code).isdecimal()}
    assert leads == set(v._OTHER_DIGIT_LEADS)


def test_ascii_figures_only() -> None:
    assert v._ascii_figures_only("It cost $5 on May 3, 2016.")
    assert v._ascii_figures_only("“It cost $5” — on May 3… said O’Neil, café")
    assert v._ascii_figures_only("a lone surrogate \ud800")
    for text in ("It cost €5.", "It cost £5.", "Page ٣ of ٥.", "Ｎｏ．１２", "𝟙𝟚 pages"):
        assert not v._ascii_figures_only(text)


def test_date_and_figure_starts_with_any_digit_or_currency_sign() -> None:
    # the ASCII scan and the full one (for a text with "€", "£" or another digit) agree
    for text in (
        "On Monday, May 3, 2016, it cost $5 (not 4).",
        "On Monday, May 3, 2016, it cost €5 and £4 (not 3).",
        "On Monday, May ٣, 2016, it cost ٥ (not 3). SuperTuesday",
    ):
        starts = v._scan_date_and_figure_starts(text)
        assert starts == tuple(
            [m.start() for m in v._DATE_OR_FIGURE.finditer(text) if (m.lastindex or 0) == kind]
            for kind in (0, 1, 2)
        )
    text = "It cost ٥ or € 4, and £3 in 2016."
    figures = v._scan_date_and_figure_starts(text)[0]
    assert [text[at] for at in figures] == ["٥", "€", "4", "£", "3", "2"]
    doc = Document(text)
    assert spans(doc, v.numbers(doc, [])) == ["٥", "€ 4", "£3", "2016"]


def test_links_without_trailing_punctuation() -> None:
    doc = Document("See https://example.org/report. Or www.un.org, later.")
    assert spans(doc, v.links(doc)) == ["https://example.org/report", "www.un.org"]


def test_links_of_an_embedded_tweet_have_no_scheme() -> None:
    doc = Document("A first. #trump2016 pic.twitter.com/9fHwog7ssN\nEpic.twitter.com/x is not one.")
    assert spans(doc, v.links(doc)) == ["pic.twitter.com/9fHwog7ssN"]


def test_email_addresses_but_not_handles() -> None:
    text = "Mail tips.desk+x@news.example.co.uk, not @SpeakerRyan or me@home. Or a@b.org."
    assert [text[a:b] for a, b in v.email_addresses(text)] == [
        "tips.desk+x@news.example.co.uk",
        "a@b.org",
    ]


def test_provenance_datelines_and_credit_lines() -> None:
    for text, line in (
        ("WASHINGTON (Reuters) - The U.S. said so.", "WASHINGTON (Reuters) -"),
        ("A headline\n\n(CNN) Hillary Clinton spoke.", "(CNN)"),
        ("A headline\n\nBRATISLAVA — NATO met.", "BRATISLAVA —"),
        ("It rained. Jane Doe contributed to this report.", "contributed to this report"),
    ):
        doc = Document(text)
        assert spans(doc, v.provenance(doc)) == [line]


def test_provenance_keeps_datelines_with_articles_digits_and_hyphens() -> None:
    for line in (
        "THE HAGUE, Netherlands (AP) —",
        "WILL COUNTY, Ill. (AP) —",
        "WASHINGTON (The Associated Press) —",
        "LONDON, March 3 (Reuters) -",
        "PORT-AU-PRINCE, Haiti (AP) —",
        "BERLIN (dpa) -",
    ):
        doc = Document(line + " The court ruled.")
        assert spans(doc, v.provenance(doc)) == [line]


def test_provenance_skips_labels_speakers_and_party_tags() -> None:
    for text in (
        "BREAKING — The mayor is out.",
        "EXCLUSIVE - You won't believe it.",
        "WATCH (VIDEO) — Crowds cheer.",
        "SHOCKING (MUST SEE) - It happened.",
        "ANOTHER SHOOTING IN CHARLOTTE -- It spreads.",
        "Trump (and others) — It spreads.",
        "ANDERSON COOPER (HOST): Welcome back.",
        "SEN. JOHN SMITH (R-TX) — We will vote.",
        "(Via Example) The post went viral.",
    ):
        assert v.provenance(Document(text)) == [], text


def test_is_dateline() -> None:
    labels = frozenset(["breaking", "video", "host", "the"])
    assert v.is_dateline("WASHINGTON (ABC News) —", labels)
    assert v.is_dateline("KIEV, Ukraine (Reuters) -", labels)
    assert not v.is_dateline("BREAKING (VIDEO) —", labels)
    assert not v.is_dateline("THE HEADLINE --", labels)
    assert not v.is_dateline("JOHN SMITH (R-TX) —", labels)


def test_provenance_skips_bracketed_party_and_late_lines() -> None:
    doc = Document(
        "Sen. Bernie Sanders (I-Vt.) said so.\n" + "Words go on. " * 40 + "\nLONDON — late."
    )
    assert v.provenance(doc) == []


def test_entities_typed_and_stripped() -> None:
    doc = Document(
        "The Pentagon and NATO met. US Defense Secretary Lloyd Austin flew to Ukraine’s capital. "
        "North Korean troops stayed."
    )
    found = {doc.text[ev.start : ev.end]: ev.extra["type"] for ev in v.entities(doc)}
    assert found["NATO"] == "organization"
    assert found["US Defense Secretary Lloyd Austin"] == "person"
    assert found["Ukraine"] == "place"
    assert "North Korean" not in found  # a nationality, not a name
    assert "The" not in " ".join(found)


def test_entities_skip_title_case_headings() -> None:
    doc = Document("High Desertion Rates Among Troops\nThe troops left.")
    assert v.entities(doc) == []


def test_a_clock_time_is_no_entity() -> None:
    doc = Document("11/18/16, 2:33 PM CET\nThe BBC reported at 9 AM EST that NATO met.")
    assert spans(doc, v.entities(doc)) == ["BBC", "NATO"]


def test_entity_type() -> None:
    assert v.entity_type("met Ukraine", 4, "Ukraine") == "place"
    assert v.entity_type("the Korea Foundation", 4, "Korea Foundation") == "organization"
    assert v.entity_type("said Dr. Howell", 8, "Howell") == "person"
    assert v.entity_type("said Howell", 5, "Howell") is None


def test_unattributed_claims_exclude_specifics_quotes_and_named_sources() -> None:
    doc = Document(
        "The desertions have become a widespread problem for the army. "
        "The army lost 300 soldiers in the first week of fighting. "
        "“We are losing men every single day,” a commander said on the radio. "
        "Lloyd Austin said the army has lost control of its units."
    )
    claims = v.unattributed_claims(doc, v.dates(doc) + v.numbers(doc, []))
    assert spans(doc, claims) == ["The desertions have become a widespread problem for the army."]


def test_unattributed_claims_skip_page_furniture() -> None:
    doc = Document(
        "The army has lost control of its units in the east. "
        "Subscribe to get the latest posts sent to your email."
    )
    claims = v.unattributed_claims(doc, [])
    assert spans(doc, claims) == ["The army has lost control of its units in the east."]


def test_extract_features_are_finite_or_nan_for_empty_text() -> None:
    features = v.extract(Document("")).features
    assert set(features) == set(v.FEATURE_NAMES)
    assert math.isnan(features["unattributed_claim_share"])
    assert features["dates_per_100_words"] == 0


def test_seed_pair_dates_and_unattributed_claims(unsourced: Document, attributed: Document) -> None:
    unsourced_result, attributed_result = v.extract(unsourced), v.extract(attributed)
    assert not [ev for ev in unsourced_result.evidence if ev.kind == "date"]
    assert len([ev for ev in attributed_result.evidence if ev.kind == "date"]) >= 4

    def claims(result: v.FamilyResult) -> int:
        return sum(ev.kind == "unattributed_claim" for ev in result.evidence)

    assert claims(unsourced_result) > claims(attributed_result)
