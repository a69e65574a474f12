"""Attribution: one test per pure function, the seed pair, linear time, spans in bounds."""

from __future__ import annotations

import dataclasses
import math
import re
import time
from pathlib import Path

import pytest

from sourcecheck.features import attribution as A
from sourcecheck.features import cue_model
from sourcecheck.features.document import Document

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"


def _doc(text: str) -> Document:
    return Document(text)


def _one(text: str) -> tuple[Document, A.Relation]:
    doc = _doc(text)
    found = A.relations(doc)
    assert found, text
    return doc, found[0]


def _at(text: str, part: str, within: str = "") -> tuple[int, int]:
    """The span of ``part``, the first one inside the first ``within`` when given."""
    start = text.index(part, text.index(within)) if within else text.index(part)
    return start, start + len(part)


def _span(doc: Document, span: tuple[int, int] | None) -> str | None:
    return None if span is None else doc.text[span[0] : span[1]]


def test_inflect_regular_and_phrases() -> None:
    assert {"warns", "warned", "warning"} <= set(A._inflect("warn"))
    assert {"agreed", "agreeing"} <= set(A._inflect("agree"))
    assert {"denies", "denied"} <= set(A._inflect("deny"))
    assert "pointed out" in A._inflect("point out")


def test_inflect_leaves_listed_forms_alone() -> None:
    # "found" (of find) is no lemma: "founding" would make "Founding Father" a cue
    assert A._inflect("found") == ["found"]
    assert A._inflect("thought") == ["thought"]
    assert A._inflect("talked about") == ["talked about"]
    assert A._inflect("taken aim at") == ["taken aim at"]
    assert "reads" in A._inflect("read")


def test_inflect_doubles_only_a_stressed_last_consonant() -> None:
    assert A._inflect("admit") == ["admit", "admits", "admitted", "admitting"]
    assert A._inflect("offer") == ["offer", "offers", "offered", "offering"]
    assert {"labeled", "labelled"} <= set(A._inflect("label"))


def test_trim_drops_spaces_and_clause_punctuation() -> None:
    assert A._trim(" , hello, ", 0, 10) == (3, 8)


def test_cue_pattern_is_whole_word() -> None:
    pattern = A._cue_pattern(("said", "according to"))
    assert [m.group() for m in pattern.finditer("He said; According to X; unsaid")] == [
        "said",
        "According to",
    ]


def test_named_subject_and_that_clause() -> None:
    doc, rel = _one("Senator Jane Smith said that the bill would pass.")
    assert _span(doc, rel.cue) == "said"
    assert _span(doc, rel.source) == "Senator Jane Smith"
    assert _span(doc, rel.content) == "the bill would pass."
    assert rel.source_type == "named"


def test_quote_first_then_inverted_source() -> None:
    doc, rel = _one("“We will win this race,” said Jane Smith.")
    assert _span(doc, rel.source) == "Jane Smith"
    assert "We will win" in (_span(doc, rel.content) or "")


def test_a_time_after_an_inverted_source_is_neither_source_nor_content() -> None:
    doc, rel = _one('"We will act," said Dr. Jane Smith of the State Department on Sept. 3.')
    assert _span(doc, rel.source) == "Dr. Jane Smith of the State Department"
    assert _span(doc, rel.content) == '"We will act,"'
    doc, rel = _one("The plan failed, said John Doe last week.")
    assert _span(doc, rel.source) == "John Doe"


def test_a_parenthetical_attribution_takes_the_reported_words_on_both_sides() -> None:
    for text, source in [
        ("That, said the mayor, is a lie.", "the mayor"),
        ("That, the mayor said, is a lie.", "the mayor"),
        ("Penalties, several Republicans said, would likely come later.", "several Republicans"),
        ("This campaign, he says, is different.", "he"),
        ("The plan failed, Jane Smith said, and nobody was surprised.", "Jane Smith"),
    ]:
        doc, rel = _one(text)
        assert _span(doc, rel.source) == source
        assert _span(doc, rel.content) == text  # one span: from the first side's start


def test_what_follows_a_parenthetical_source_may_be_no_content() -> None:
    # the inverted source's title, a participle, a quotation: not the first part's words
    doc, rel = _one("The short answer is no, said Dmitri Alperovitch, co-founder of CrowdStrike.")
    assert _span(doc, rel.content) == "The short answer is no"
    doc, rel = _one("The plan failed, Jane Smith said, adding that nobody was surprised.")
    assert _span(doc, rel.content) == "adding that nobody was surprised."
    doc, rel = _one("In a statement, Jane Smith said, “We will appeal the ruling.”")
    assert _span(doc, rel.content) == "“We will appeal the ruling.”"


def test_time_phrase() -> None:
    assert A._time_phrase("on", "Sept.") and A._time_phrase("in", "2015")
    assert not A._time_phrase("on", "Foreign") and not A._time_phrase("of", "Monday")


def test_according_to() -> None:
    doc, rel = _one("According to the ministry, 40 people died.")
    assert _span(doc, rel.source) == "the ministry"
    assert _span(doc, rel.content) == "40 people died."


def test_apposition_source() -> None:
    doc, rel = _one("Hugh Griffiths, a UN sanctions expert, stated that morale will fall.")
    assert (_span(doc, rel.source) or "").startswith("Hugh Griffiths")
    assert rel.source_type == "named"


def test_negated_cue_is_a_relation() -> None:
    # PolNeAR counts "has not confirmed" as a cue; the cue model accepts it here
    doc, rel = _one("The ministry has not confirmed the figures.")
    assert _span(doc, rel.cue) == "confirmed" and _span(doc, rel.source) == "The ministry"


def test_adjacent_cues_are_one_cue() -> None:
    doc = _doc("Jane Smith said in a statement that the plan would fail.")
    found = A.relations(doc)
    assert [_span(doc, r.cue) for r in found] == ["said in a statement"]
    assert _span(doc, found[0].content) == "the plan would fail."


def test_discourse_marker() -> None:
    text = (
        "That said, the plan may fail. Having said that, it works. But that being said, no. "
        "Costs rose (having said this, some fell)."
    )
    for marker in ("That said", "Having said that", "that being said", "having said this"):
        assert A._discourse_marker(text, _at(text, "said", marker))
    assert not A._discourse_marker("He said that, in May, it fell.", (3, 7))
    assert not A._discourse_marker("Officials said, that said, nothing.", (10, 14))


def test_story_continued_below_is_page_furniture_not_a_cue() -> None:
    doc = _doc("It may help.\nStory Continued Below\n“Maybe not,” Rumsfeld said.")
    assert [_span(doc, r.cue) for r in A.relations(doc)] == ["said"]
    doc = _doc("“We will win,” he continued.")
    assert [_span(doc, r.source) for r in A.relations(doc)] == ["he"]


@pytest.mark.parametrize(
    "text",
    [
        "The views expressed in this opinion article are solely those of their author.",
        "The views expressed here are not necessarily shared or endorsed by EagleRising.com",
        "This image says it all.",
        "It is also worth noting that the population has grown since 2012.",
    ],
)
def test_a_disclaimer_or_an_idiom_is_no_attribution(text: str) -> None:
    assert A.relations(_doc(text)) == []


def test_said_it_all_begins_a_clause_is_still_a_cue() -> None:
    doc = _doc("Smith said it all began in May.")
    assert [_span(doc, r.source) for r in A.relations(doc)] == ["Smith"]


def test_a_relation_reports_some_words() -> None:
    doc = _doc('"We will win," Hunter told ABC News in a statement.')
    assert all(any(c.isalnum() for c in _span(doc, r.content) or "") for r in A.relations(doc))


def test_discourse_marker_is_no_cue() -> None:
    doc = _doc("Sales rose. That said, the plan may fail. With that said, we move on.")
    assert A.relations(doc) == []
    text = "That said, the mayor said the plan may fail."
    doc, relation = _one(text)
    assert relation.cue == _at(text, "said", "mayor")
    assert _span(doc, relation.source) == "the mayor"


def test_cue_inside_quotation_is_skipped() -> None:
    doc = _doc("“I think we will win,” Smith said.")
    assert [_span(doc, r.cue) for r in A.relations(doc)] == ["said"]


def test_agentless_passive_has_no_source() -> None:
    _, rel = _one("It is believed that the troops deserted.")
    assert rel.source is None and rel.source_type == "vague"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("The contests known as Super Tuesday", None),  # a passive without "be"
        ("A developer known to be bullish", None),
        ("Trump had known", "Trump"),
        ("We've known", "We've"),
        ("They’d seen", "They’d"),
    ],
)
def test_subject_before_a_participle_only_form_needs_have(text: str, source: str | None) -> None:
    cue = next(word for word in text.split() if word in ("known", "seen"))
    found = A._subject_before(text, A._Tokens(text, 0, text.index(cue)), cue)
    assert (found.passive, _span(_doc(text), found.source)) == (
        (True, None) if source is None else (False, source)
    )


@pytest.mark.parametrize("pronoun", ["We've", "They’d", "I'd"])
def test_a_contracted_pronoun_is_a_pronoun(pronoun: str) -> None:
    _, rel = _one(f"{pronoun} said the plan would work.")
    assert rel.source_type == "pronoun"


def test_source_types() -> None:
    text = (
        "Experts say prices will rise. A source familiar with the talks said a deal is near. "
        "The study found that rates fell. Jane Smith said the plan works. She added that "
        "costs are low. They argued the opposite."
    )
    doc = _doc(text)
    kinds = [r.source_type for r in A.relations(doc)]
    assert kinds == ["vague", "anonymous", "document", "named", "named", "pronoun"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Two people briefed on the plan said the deal was close.", "anonymous"),
        ("Several officials said the deal was close.", "vague"),
        ("Three officials familiar with the matter said the plan changed.", "anonymous"),
        ("One source close to the couple said they had split.", "anonymous"),
    ],
)
def test_a_sentence_opening_count_is_no_name(text: str, kind: str) -> None:
    _, rel = _one(text)
    assert rel.source_type == kind


@pytest.mark.parametrize("text", ["The family said it.", "A person close to the family said it."])
def test_a_noun_in_ly_is_no_adverb_before_the_cue(text: str) -> None:
    # "family" was skipped as an adverb ("publicly"): the relation had no source
    doc, rel = _one(text)
    assert rel.source is not None and _span(doc, rel.source) == text.removesuffix(" said it.")


def test_a_title_is_named_only_when_a_named_holder_was_introduced() -> None:
    # Every title after the first named source was "named": "The spokesman" too.
    text = (
        "Mayor Jane Ortiz said on Monday that taxes would rise. The spokesman said the city "
        "had no choice. The mayor said the plan was fair."
    )
    kinds = [r.source_type for r in A.relations(_doc(text))]
    assert kinds == ["named", "vague", "named"]


def test_introduced_is_a_whole_word_before_the_offset() -> None:
    doc = _doc("Mayor Jane Ortiz spoke. The mayoral race. The mayor said so.")
    assert A._introduced(doc, "mayor", doc.text.index("The mayor"))
    assert not A._introduced(doc, "mayor", 0)
    assert not A._introduced(doc, "spokesman", len(doc.text))


@pytest.mark.parametrize(
    ("noun", "singular"),
    [("officials", "official"), ("allies", "ally"), ("aide", "aide"), ("staffers", "staffer")],
)
def test_singular_of_a_role_noun(noun: str, singular: str) -> None:
    assert A._singular(noun) == singular


def test_first_word_is_the_first_whole_word_or_the_length() -> None:
    assert A._first_word("the mayoral mayor", "mayor") == 12
    assert A._first_word("no such", "mayor") == 7
    assert A._first_word("mayor_x the_mayor tomayor mayor’s", "mayor") == 26
    assert A._first_word("mayor", "mayor") == 0 and A._first_word("ex-mayor", "mayor") == 3


def test_word_char_is_what_the_patterns_call_one() -> None:
    text = "a_1 é—’"
    assert [A._word_char(text, at) for at in range(-1, len(text) + 1)] == [
        bool(re.fullmatch(r"\w", text[at])) if 0 <= at < len(text) else False
        for at in range(-1, len(text) + 1)
    ]


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("A senior aide", "anonymous"),
        ("One White House adviser", "anonymous"),  # a capitalised modifier is no name
        ("An adviser to the governor", "anonymous"),
        ("A top Clinton aide, Jane Doe,", "named"),  # the name given beside the role
        ("A spokeswoman for the agency", "vague"),  # on the record for her employer
        ("Three senior administration officials", "anonymous"),  # a count of insiders
        ("Two White House officials", "anonymous"),
        ("Two allies of the governor", "anonymous"),
        ("Two experts", "vague"),  # a count of outsiders stays vague
    ],
)
def test_an_unnamed_insider_is_anonymous(source: str, kind: str) -> None:
    _, rel = _one(f"{source} said the plan would work.")
    assert rel.source_type == kind


@pytest.mark.parametrize(
    "text",
    [
        "**Mayor Jane Ortiz** said the budget would pass.",
        "_Mayor Jane Ortiz_ said the budget would pass.",
        "***Mayor Jane Ortiz*** said the budget would pass.",
    ],
)
def test_markdown_emphasis_hides_no_source(text: str) -> None:
    _, rel = _one(text)
    assert rel.source is not None and rel.source_type == "named"
    assert text[rel.source[0] : rel.source[1]] == "Mayor Jane Ortiz"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Smith was confident that the bill would pass.", "Smith"),
        ("These troops may become aware of their role.", "These troops"),
        ("It is unclear whether the bill will pass.", None),  # an impersonal "it"
        ("He was told that the bill would pass.", None),  # a passive: no adjective
    ],
)
def test_an_adjective_cue_takes_its_subject_past_a_linking_verb(
    text: str, source: str | None
) -> None:
    doc = _doc(text)
    (rel,) = A.relations(doc)
    assert _span(doc, rel.source) == source


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Saudi Arabia has itself spoken of the effort.", "Saudi Arabia"),
        ("He twice asked where the money went.", "He"),
        ("The campaign is well aware that the debate matters.", "The campaign"),
        ("One officer can be heard saying that he was hurt.", "One officer"),
        ("We all know that the plan works.", "We"),
        ("Sanders, they both said, always wanted to win.", "they"),
        ("Smith has always said that the plan works.", "Smith"),
        ("Both said Monday that it worked.", "Both"),  # no pronoun before: the subject
    ],
)
def test_subject_before_skips_reflexives_degree_words_and_floating_quantifiers(
    text: str, source: str
) -> None:
    doc = _doc(text)
    assert _span(doc, A.relations(doc)[0].source) == source


@pytest.mark.parametrize("it", ["It's", "It’s", "It is"])
def test_an_impersonal_it_before_an_adjective_cue_is_no_subject(it: str) -> None:
    text = f"{it} clear"
    found = A._subject_before(text, A._Tokens(text, 0, len(it) + 1), "clear", True)
    assert found.source is None


def test_subject_before_skips_a_linking_verb_only_before_an_adjective() -> None:
    text = "Officials became aware"
    toks = A._Tokens(text, 0, len("Officials became "))
    assert _span(_doc(text), A._subject_before(text, toks, "aware", True).source) == "Officials"
    assert A._subject_before(text, toks, "aware").source == (0, len("Officials became"))


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Sarah Bradley, a spokeswoman for Sock It Forward, a charity, said it worked.",
            "Sarah Bradley, a spokeswoman for Sock It Forward, a charity",
        ),
        (
            "Jane Doe, a spokeswoman for Acme, a firm in Ohio, said it worked.",
            "Jane Doe, a spokeswoman for Acme, a firm in Ohio",
        ),
        # no name before the first apposition: the nearest phrase stays the source
        (
            "Last month, a former staffer, who worked for Kelly, said it worked.",
            "a former staffer, who worked for Kelly",
        ),
    ],
)
def test_a_name_before_two_appositions_is_the_source(text: str, source: str) -> None:
    doc, rel = _one(text)
    assert _span(doc, rel.source) == source


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        ("“No,” said Smith.", "said", "Smith"),
        ("“Is it?” asked Smith.", "asked", "Smith"),
        ("Smith, a reporter, asked whether it worked.", "asked", None),
        ("Smith, ever careful, said no.", "said", None),
    ],
)
def test_inverted_source(text: str, cue: str, source: str | None) -> None:
    end = text.index(cue) + len(cue)
    assert _span(_doc(text), A._inverted_source(text, end, len(text))) == source


@pytest.mark.parametrize(
    ("text", "opening"),
    [
        ("Smith, noting that prices rose, said", "Smith"),
        ("Clinton, speaking to reporters Tuesday, said", "Clinton"),
        ("Clinton, smiling, said", "Clinton"),
        ("Mr. Rubio, asked about it on Fox, said", "Mr. Rubio"),
        ("Trump, when asked about it, said", "Trump"),
        ("The senator, asked whether he would run, said", "The senator"),
        ("Robert Peck, managing director at SunTrust, told", None),  # a title
        ("Six papers, including the Asbury Park Press, said", None),
        ("Smith, a spokesman, said", None),
    ],
)
def test_participle_adjunct(text: str, opening: str | None) -> None:
    toks = A._Tokens(text, 0, len(text))
    found = A._participle_adjunct(toks, len(toks.words) - 2)  # the comma before the cue
    assert (found if opening is None else toks.end(found - 1)) == (
        None if opening is None else len(opening)
    )


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Fiorina, speaking to Iowans, said it was bad.", "Fiorina"),
        (
            "Sandra Inman, a Cruz supporter from Jackson, Miss., attending, said it was bad.",
            "Sandra Inman, a Cruz supporter from Jackson, Miss.",
        ),
    ],
)
def test_a_participle_clause_before_the_cue_is_no_part_of_the_source(
    text: str, source: str
) -> None:
    doc, rel = _one(text)
    assert _span(doc, rel.source) == source


@pytest.mark.parametrize(
    "piece",
    ["said,", "said.", "snake_", "“We", "_x,", "(D-Wash.)", "U.S.-backed", "’", "n’t", "...", "a-"],
)
def test_piece_tokens_are_the_patterns(piece: str) -> None:
    assert A._piece_tokens(piece) == A._TOKEN.findall(piece)


def test_tokens_give_the_patterns_words_and_offsets() -> None:
    text = "  Rep. Jim McDermott (D-Wash.),\tsaid “We’re\u00a0done_” U.S.-backed… 1,000 "
    for start, end in ((0, len(text)), (3, 40), (9, 9), (20, 21)):
        toks = A._Tokens(text, start, end)
        matches = list(A._TOKEN.finditer(text, start, end))
        assert toks.words == [m.group() for m in matches]
        assert [toks.span(i) for i in range(len(matches))] == [m.span() for m in matches]


@pytest.mark.parametrize(
    "text",
    [
        "Asked whether he would run, Smith said no.",
        "Asked about the deal on Fox, Smith said no.",
    ],
)
def test_who_asked_a_passive_asked_is_not_told(text: str) -> None:
    doc = _doc(text)
    asked = [r for r in A.relations(doc) if _span(doc, r.cue) in ("Asked", "asked")]
    assert asked, text
    assert all(r.source is None for r in asked)


@pytest.mark.parametrize(("before", "passive"), [("when", True), ("and", False)])
def test_subject_before_marks_when_asked_passive(before: str, passive: bool) -> None:
    text = f"Smith said no {before} asked"
    found = A._subject_before(text, A._Tokens(text, 0, len(text) - len("asked")), "asked")
    assert (found.source, found.participle, found.passive) == (None, True, passive)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Asked by reporters whether he would run, Smith said no.", "reporters"),
        ("He shook hands and asked workers if they would vote.", "He"),
    ],
)
def test_an_asker_named_or_active_stays_the_source(text: str, source: str) -> None:
    doc = _doc(text)
    (rel,) = [r for r in A.relations(doc) if _span(doc, r.cue) in ("Asked", "asked")]
    assert _span(doc, rel.source) == source


@pytest.mark.parametrize(
    "text",
    [
        "The trend appears to have continued into 2016.",
        "The plan seems to be working, she wrote.",
        "Rebels reportedly hold the area.",
    ],
)
def test_how_a_thing_seems_has_no_source(text: str) -> None:
    doc = _doc(text)
    rel = A.relations(doc)[0]
    assert _span(doc, rel.cue) in ("appears", "seems", "reportedly")
    assert rel.source is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("He was profiled in the Daily Beast, which reported that he was angry.", "named"),
        ("The report, which found that prices rose, was released.", "document"),
        ("The group, which says it represents farmers, opposed the bill.", "vague"),
    ],
)
def test_a_relative_which_is_the_source_typed_as_what_it_refers_to(text: str, kind: str) -> None:
    doc = _doc(text)
    rel = A.relations(doc)[0]
    assert (_span(doc, rel.source), rel.source_type) == ("which", kind)


def test_head_is_word_before_preposition() -> None:
    text = "reports from Ukrainian media"
    assert A._head(text, (0, len(text))) == "reports"


def test_framing_pattern_in_a_poll() -> None:
    doc = _doc("In a new CNN poll, 40 percent of voters rate the economy as poor.")
    rel = A.relations(doc)[0]
    assert _span(doc, rel.cue) == "In" and rel.source_type == "document"


def test_attributed_claim_share() -> None:
    doc = _doc("The mayor said taxes will rise next year. The weather was cold all week.")
    assert A.attributed_claim_share(doc, A.relations(doc)) == 0.5


def test_attributed_claim_share_counts_each_claim_a_span_reaches() -> None:
    text = " ".join(f"Claim number {n} holds six words here." for n in range(8))
    doc = _doc(text)
    claims = [doc.sentences[i] for i in doc.claim_sentences]
    assert len(claims) == 8
    # a cue in claim 1 whose content runs over claims 2 and 3; one inside claim 3; one in 6
    found = [
        A.Relation((claims[1][0], claims[1][0] + 5), None, (claims[2][0], claims[3][0] + 3), "v"),
        A.Relation((claims[3][0] + 6, claims[3][0] + 9), None, (claims[3][0], claims[3][1]), "v"),
        A.Relation((claims[6][0], claims[6][0] + 5), None, (claims[6][0], claims[6][1]), "v"),
    ]
    assert A.attributed_claim_share(doc, found) == 4 / 8  # claims 1, 2, 3 and 6
    assert A.attributed_claim_share(doc, []) == 0.0


def test_a_relation_holds_its_arguments_and_is_frozen() -> None:
    rel = A.Relation((0, 4), (5, 9), (10, 20), "named")
    assert (rel.cue, rel.source, rel.content) == ((0, 4), (5, 9), (10, 20))
    assert rel.source_type == "named"
    assert rel.bounds == (0, 20) and dataclasses.replace(rel, source=None).source is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        rel.cue = (1, 2)  # type: ignore[misc]


def test_ratios_and_shares() -> None:
    rel = A.Relation((0, 1), None, (2, 3), "vague")
    named = A.Relation((0, 1), (4, 5), (2, 3), "named")
    assert A.named_source_ratio([rel, named]) == 0.5
    assert math.isnan(A.named_source_ratio([]))
    assert A.type_share([rel, named], "vague") == 0.5


def test_distinct_named_sources_by_surname() -> None:
    doc = _doc("Lloyd Austin said the war is long. Austin added that aid will come.")
    assert A.distinct_named_sources(doc, A.relations(doc)) == 1


def test_a_quotes_attribution_indexes_the_attribution_items_in_evidence_order() -> None:
    # Relations come in cue order; the second one's content (the quotation) starts first,
    # so the evidence lists it first, and the quotation must point at it there.
    text = '"The bridge will close on Monday," the mayor said, Smith said.'
    doc = _doc(text)
    quote = _at(text, '"The bridge will close on Monday,"')
    mayor = A.Relation(_at(text, "said, Smith"), None, _at(text, "the mayor"), "vague")
    smith = A.Relation(_at(text, "said."), _at(text, "Smith"), quote, "named")
    records = A.evidence(doc, [mayor, smith])
    relations = [r for r in records if r.kind == "attribution"]
    assert [r.start for r in relations] == sorted(r.start for r in relations)
    (quoted,) = [r for r in records if r.kind == "quote"]
    assert relations[quoted.extra["attribution"]].extra["source_type"] == "named"


def test_direct_quotes_and_quote_relation() -> None:
    doc = _doc("“This is a very serious situation,” Austin said. It was “invincible” once.")
    found = A.relations(doc)
    quotes = A.direct_quotes(doc)
    assert len(quotes) == 1
    assert A.quote_relation(quotes[0], found) == 0
    assert A.attributed_quote_share(doc, found) == 1.0


def test_evidence_records() -> None:
    doc = _doc("“This is a very serious situation,” Austin said.")
    records = A.evidence(doc, A.relations(doc))
    kinds = {ev.kind for ev in records}
    assert kinds == {"attribution", "quote"}
    attribution = next(ev for ev in records if ev.kind == "attribution")
    assert set(attribution.extra) == {"cue", "source", "content", "source_type"}
    quote = next(ev for ev in records if ev.kind == "quote")
    assert quote.extra["attribution"] == 0


def test_extract_feature_names_in_order() -> None:
    result = A.extract(_doc("Jane Smith said the bill would pass."))
    assert tuple(result.features) == A.FEATURE_NAMES


def test_relations_memoised() -> None:
    doc = _doc("Jane Smith said the bill would pass.")
    assert A.relations(doc) is A.relations(doc)


@pytest.fixture(scope="module")
def seeds() -> dict[str, Document]:
    return {
        name: Document((EXAMPLES / f"{name}.txt").read_text(encoding="utf-8"))
        for name in ("unsourced_000", "attributed_002")
    }


def test_seed_unsourced_has_no_named_attribution(seeds: dict[str, Document]) -> None:
    assert not [r for r in A.relations(seeds["unsourced_000"]) if r.source_type == "named"]


def test_seed_attributed_has_named_sources_and_quotes(seeds: dict[str, Document]) -> None:
    doc = seeds["attributed_002"]
    named = [r for r in A.relations(doc) if r.source_type == "named"]
    assert len(named) >= 10
    sources = " ".join(doc.text[r.source[0] : r.source[1]] for r in named if r.source)
    for name in ("Austin", "Dakhlallah", "Griffiths", "Howell", "NIS", "Suspilne"):
        assert name in sources
    assert len(A.direct_quotes(doc)) >= 5
    features = A.extract(doc).features
    assert (
        features["named_source_ratio"]
        > A.extract(seeds["unsourced_000"]).features["named_source_ratio"]
    )


def test_spans_inside_text(seeds: dict[str, Document]) -> None:
    for doc in seeds.values():
        n = len(doc.text)
        for r in A.relations(doc):
            for span in (r.cue, r.content, r.source):
                if span is not None:
                    assert 0 <= span[0] <= span[1] <= n


MIXED_UNIT = (
    "“" * 200
    + "(" * 200
    + "said, said, said, " * 50
    + "Capitalised Words Go On " * 100
    + "according to according to , who said that ” "
)


@pytest.mark.parametrize(
    "unit",
    [MIXED_UNIT, "said, ", "Capitalised ", "“(“(said ” ", "''In a poll: ", "He said: “"],
    ids=["mixed", "said-run", "capitalised-run", "quotes-and-parentheses", "frames", "colons"],
)
def test_linear_time_on_adversarial_megabyte(unit: str) -> None:
    """A megabyte that is effectively one sentence finishes in seconds (wall clock, with a
    generous bound for a loaded machine): every cue looks at a bounded window, and a
    sentence gets a bounded number of cues for its length."""
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    started = time.perf_counter()
    doc = Document(text)
    found = A.relations(doc)
    A.extract(doc)
    assert time.perf_counter() - started < 20
    assert all(0 <= r.start <= r.end <= len(text) for r in found)


def test_linear_time_on_a_megabyte_of_one_candidate_word() -> None:
    # Each candidate of the cue model looked for its nearest rule cue past all the others
    # of its sentence: "word " * 8000 took 6 s, 300,000 words more than 10 minutes.
    word = min(cue_model.load_model(None).candidates)
    text = f"{word} " * (1_000_000 // (len(word) + 1))
    started = time.perf_counter()
    A.extract(Document(text))
    assert time.perf_counter() - started < 20


def test_cues_per_sentence_are_bounded() -> None:
    doc = _doc("said, " * 2000)
    assert len(A.relations(doc)) <= A._CUES_PER_SENTENCE + len(doc.text) // 200


def test_content_is_bounded_around_its_cue() -> None:
    doc = _doc("Smith said that " + "the plan works and " * 500 + "so on.")
    rel = A.relations(doc)[0]
    assert rel.content[1] - rel.cue[1] <= A._MAX_CONTENT


def test_stance_verb_needs_a_named_or_group_subject_or_the_models_word(tmp_path: Path) -> None:
    doc = _doc("Sanders knows the party will unite. Anyone who knows the answer can speak.")
    (tmp_path / "reject").mkdir()
    (tmp_path / "accept").mkdir()
    reject = _model_dir(tmp_path / "reject", "@bias\t-5\n@threshold\t0\n")
    assert [_span(doc, r.cue) for r in A.relations(doc, reject)] == ["knows"]
    accept = _model_dir(tmp_path / "accept", "@bias\t5\n@threshold\t0\n")
    assert len(A.relations(doc, accept)) == 2
    _, rel = _one("It is widely thought that the deal will fail.")
    assert rel.source is None and rel.source_type == "vague"


def test_headline_colon_names_its_source() -> None:
    doc = _doc("Graham: Trump Is Destroying the Party\n\nSenator Lindsey Graham spoke on Sunday.")
    rel = A.relations(doc)[0]
    assert _span(doc, rel.cue) == ":" and _span(doc, rel.source) == "Graham"
    assert _span(doc, rel.content) == "Trump Is Destroying the Party"


def test_headline_colon_needs_its_name_used_elsewhere() -> None:
    # "Contact" follows a lower-case letter only in the head itself: no name, no source
    assert not A.relations(_doc("Media Contact: press@example.com for the details"))
    doc = _doc("Media Contact: press@example.com for the details")
    assert A._names_in_sentences(doc) == {"Contact": [6]}


def test_headline_colon_that_is_a_title_is_not_a_cue() -> None:
    doc = _doc("North Korean Troops Deserting Ukraine: A Growing Crisis\n\nConclusion: Done.")
    assert not [r for r in A.relations(doc) if _span(doc, r.cue) == ":"]


def test_colon_introducing_a_quotation() -> None:
    doc = _doc("The senator was blunt: “We will not back down from this fight.”")
    rel = A.relations(doc)[0]
    assert _span(doc, rel.cue) == ":"
    assert (_span(doc, rel.content) or "").startswith("“We will not")


def test_participle_takes_the_previous_speaker() -> None:
    doc = _doc("“Growth is low,” McCain said, citing the latest figures from the bureau.")
    rels = A.relations(doc)
    assert [_span(doc, r.cue) for r in rels] == ["said", "citing"]
    assert _span(doc, rels[1].source) == "McCain"


def test_when_asked_and_infinitive_speech() -> None:
    doc = _doc("When asked about the bill, the senator said it would pass.")
    assert "asked" in [_span(doc, r.cue) for r in A.relations(doc)]
    doc = _doc("Smith went on to say that the plan would work.")
    rel = A.relations(doc)[0]
    assert (_span(doc, rel.cue) or "").endswith("say") and _span(doc, rel.source) == "Smith"


def test_names_ending_in_ly_are_subjects() -> None:
    _, rel = _one("Kelly said she asked for the interview.")
    assert (_span(_doc("Kelly said she asked for the interview."), rel.source)) == "Kelly"


def test_naming_participle_and_bare_form_after_a_name_are_not_cues() -> None:
    doc = _doc("Barden leads a program called Sandy Hook Promise. The CNN show aired late.")
    assert A.relations(doc) == []


def _model_dir(tmp_path: Path, weights: str) -> str:
    (tmp_path / "attribution_cue_weights.txt").write_text(weights, encoding="utf-8")
    return str(tmp_path)


def test_learned_candidate_word_becomes_a_cue(tmp_path: Path) -> None:
    accept = _model_dir(tmp_path, "@bias\t1\n@threshold\t0\n@candidate\tbacks\n")
    doc = _doc("Senator Jane Smith backs the new farm bill.")
    rel = A.relations(doc, accept)[0]
    assert _span(doc, rel.cue) == "backs"
    assert _span(doc, rel.source) == "Senator Jane Smith"
    assert _span(doc, rel.content) == "the new farm bill."


def test_model_rejects_a_doubtful_rule_verb(tmp_path: Path) -> None:
    reject = _model_dir(tmp_path, "@bias\t-1\n@threshold\t0\n@doubtful\tsaid\n")
    assert A.relations(_doc("Jane Smith said the bill would pass."), reject) == []


def test_collect_mode_lists_candidates_and_lets_the_rules_decide(tmp_path: Path) -> None:
    folder = _model_dir(tmp_path, "@bias\t-5\n@threshold\t0\n@candidate\tbacks\n")
    collected: list[tuple[tuple[int, int], list[str]]] = []
    doc = _doc("Jane Smith backs the bill. Jane Smith said it would pass.")
    found = A._find_relations(doc, folder, collect=collected)
    assert [_span(doc, r.cue) for r in found] == ["said"]
    assert [doc.text[a:b] for (a, b), _ in collected] == ["backs", "said"]
    assert "w=backs" in collected[0][1] and "r=verb" in collected[1][1]


def test_learned_relation_for_a_noun_cue() -> None:
    doc = _doc("His claim that the vote was rigged spread fast.")
    at = doc.text.index("claim")
    parts = A._learned_relation(
        doc, (at, at + 5), "claim", doc.sentences[0], A._lexicons(None), None
    )
    assert parts is not None
    assert _span(doc, parts[0]) == "the vote was rigged spread fast."


def test_learned_relation_keeps_a_negated_cue() -> None:
    doc = _doc("The ministry has not confirmed the figures.")
    at = doc.text.index("confirmed")
    parts = A._learned_relation(
        doc, (at, at + 9), "confirmed", doc.sentences[0], A._lexicons(None), None
    )
    assert parts is not None and _span(doc, parts[0]) == "the figures."


def test_cue_features_say_what_the_rules_made_of_the_cue() -> None:
    doc = _doc("Jane Smith said the bill would pass.")
    cue = (11, 15)
    feats = A._cue_features(doc, cue, "verb", ((16, 36), (0, 10)), doc.sentences[0], False)
    assert "r=verb" in feats and "src" in feats and "had_cue" not in feats
    assert "r=verb-" in A._cue_features(doc, cue, "verb", None, doc.sentences[0], True)
    neighbours = ("pk=none", "nk=verb")
    assert "nk=verb" in A._cue_features(
        doc, cue, "learned", None, doc.sentences[0], False, None, neighbours
    )


def test_neighbour_kinds_name_the_nearest_rule_candidates_in_the_sentence() -> None:
    text = "He said the plan wants more. Then: yes."
    cues = [((3, 7), "verb"), ((12, 16), "learned"), ((17, 22), "stance"), ((33, 34), "colon")]
    words = ["said", "plan", "wants", ":"]
    sentence = (0, 28)
    # "plan" (a candidate word of the model) is skipped; the colon is in the next sentence
    assert A._neighbour_kinds(text, cues, words, [0, 2, 3], 0, sentence) == (
        "pk=none",
        "nk=stance",
        "nw=wants",
        "nkg=stancew",  # " the plan " between
    )
    assert A._neighbour_kinds(text, cues, words, [0, 2, 3], 1, sentence) == (
        "pk=verb",
        "pw=said",
        "pkg=verbw",
        "nk=stance",
        "nw=wants",
        "nkg=stanceadj",
    )
    assert A._neighbour_kinds(text, cues, words, [0, 2, 3], 2, sentence) == (
        "pk=verb",
        "pw=said",
        "pkg=verbw",
        "nk=none",
    )
    assert A._neighbour_kinds(text, cues, words, [0, 2, 3], 3, (29, 39)) == ("pk=none", "nk=none")
    two_words = [((3, 7), "learned"), ((12, 16), "learned")]
    assert A._neighbour_kinds(text, two_words, words[:2], [], 1, sentence) == ("pk=none", "nk=none")


def test_nearest_rule_cue_is_the_rule_cue_given_inside_the_bounds() -> None:
    cues = [((3, 7), "verb"), ((12, 16), "learned"), ((17, 22), "stance"), ((33, 34), "colon")]
    rules = [0, 2, 3]
    assert A._nearest_rule_cue(cues, rules, 1, 0, 28) == 2  # "wants", past "plan"
    assert A._nearest_rule_cue(cues, rules, 0, 0, 28) == 0
    assert A._nearest_rule_cue(cues, rules, 0, 5, 28) is None  # "said" starts before
    assert A._nearest_rule_cue(cues, rules, 2, 0, 28) is None  # the colon is past the end
    assert A._nearest_rule_cue(cues, rules, -1, 0, 28) is None  # none before the first
    assert A._nearest_rule_cue(cues, rules, 3, 0, 40) is None  # none after the last


def test_neighbour_features_class_the_gap_on_the_side_given() -> None:
    text = 'He said, "wants more.'
    cues, words = [((3, 7), "verb"), ((10, 15), "stance")], ["said", "wants"]
    assert A._neighbour_features(text, "p", 0, cues, words, (10, 15)) == [
        "pk=verb",
        "pw=said",
        "pkg=verbq,",
    ]
    assert A._neighbour_features(text, "n", 1, cues, words, (3, 7)) == [
        "nk=stance",
        "nw=wants",
        "nkg=stanceq,",
    ]
    assert A._neighbour_features(text, "n", None, cues, words, (3, 7)) == ["nk=none"]


@pytest.mark.parametrize(
    ("gap", "kind"),
    [
        ("", "adj"),
        (" ", "adj"),
        (" the plan ", "w"),
        (', "', "q,"),
        ("; then ", ":"),
        (" — ", ":"),
        (", he ", ","),
        (" it's ", "w"),  # an apostrophe is no quotation
        ('," he said: "', "q,:"),
    ],
)
def test_gap_class_names_the_marks_between_two_candidates(gap: str, kind: str) -> None:
    assert A._gap_class(gap) == kind


@pytest.mark.parametrize(
    ("text", "cue", "source", "content"),
    [
        (
            "Readers wrote to us.\n“He is hurting our communities every day.” ― Carlos Raúl\n",
            "―",
            "Carlos Raúl",
            "“He is hurting our communities every day.”",
        ),
        (
            '"I helped write that bill, believe me."\n\n- Bernie Sanders.\n\nHe exaggerates.',
            "-",
            "Bernie Sanders",
            '"I helped write that bill, believe me."',
        ),
        (
            "Ryan tweeted.\nNo one should be above the law. — Paul Ryan (@SpeakerRyan) July 5",
            "—",
            "Paul Ryan (@SpeakerRyan)",
            "No one should be above the law.",
        ),
    ],
)
def test_dash_bylines_attribute_the_quotation_or_tweet_before_them(
    text: str, cue: str, source: str, content: str
) -> None:
    doc = _doc(text)
    (relation,) = [r for r in A.relations(doc) if _span(doc, r.cue) == cue]
    assert _span(doc, relation.source) == source
    assert _span(doc, relation.content) == content
    assert relation.source_type == "named"


def test_holds_any_finds_one_of_the_chars_anywhere() -> None:
    assert A._holds_any("he said, “no", A._GAP_QUOTES) and A._holds_any('say "no', A._GAP_QUOTES)
    assert A._holds_any("a — b", A._GAP_BREAKS) and A._holds_any("end;", A._GAP_BREAKS)
    assert not A._holds_any("it's ‘fine’", A._GAP_QUOTES)
    assert not A._holds_any("", A._GAP_BREAKS)


@pytest.mark.parametrize(
    "text",
    [
        "The anti-American “plan of the committee” — Trump said so on Monday.",
        'It stayed "solid Republican for years"\n-- Maine\'s 2nd District flipped.',
        "No quotation here — Paul Ryan\n",
    ],
)
def test_a_dash_without_a_byline_after_a_quotation_attributes_nothing(text: str) -> None:
    doc = _doc(text)
    assert not [r for r in A.relations(doc) if _span(doc, r.cue) in ("—", "--", "-")]


def test_a_transcripts_speaker_labels_attribute_their_lines() -> None:
    text = (
        "Partial transcript as follows:\n\n"
        '"WALLACE: Will she be there tomorrow night?\n\n'
        '"PENCE: She will not be attending the debate.\n\n'
        '"WALLACE: Do you see those two as equivalent?\n\n'
        '"PENCE: Well, look, he has been out there saying things.\n'
    )
    doc = _doc(text)
    colons = [r for r in A.relations(doc) if _span(doc, r.cue) == ":"]
    # the first colon opens the quoted transcript: a cue of its own, as in PolNeAR
    assert _span(doc, colons[0].source) == "Partial transcript"
    labels = colons[1:]
    assert [_span(doc, r.source) for r in labels] == ["WALLACE", "PENCE", "WALLACE", "PENCE"]
    assert _span(doc, labels[1].content) == "She will not be attending the debate."


@pytest.mark.parametrize(
    "text",
    [
        "RELATED: Clinton and Trump meet world leaders\nRELATED: Leaders tackle the list\n",
        "THE TOTAL: more than we thought was possible.\nIt was a big day for all.\n",
    ],
)
def test_repeated_section_labels_and_one_off_heads_are_no_speakers(text: str) -> None:
    assert A._speaker_labels(_doc(text)) == {}


def test_a_headline_colon_is_the_cue_whatever_verbs_its_content_holds() -> None:
    text = (
        "Pat Caddell: Democrat Voters Worried About Her Health.\n\n"
        "The pollster Pat Caddell said on Monday that voters had doubts.\n"
    )
    doc = _doc(text)
    headline = [r for r in A.relations(doc) if r.cue[0] < text.index("\n")]
    assert [(_span(doc, r.cue), _span(doc, r.source)) for r in headline] == [(":", "Pat Caddell")]
    assert _span(doc, headline[0].content) == "Democrat Voters Worried About Her Health."


def test_a_colon_before_a_quotation_is_the_cue_though_the_quotation_holds_verbs() -> None:
    text = "The surge does not surprise pollster Daron Shaw: “Voters say they want change.”"
    doc = _doc(text)
    (relation,) = A.relations(doc)
    assert _span(doc, relation.cue) == ":"
    assert _span(doc, relation.content) == "“Voters say they want change.”"


def test_a_headline_colon_after_an_acronym() -> None:
    text = (
        "AP: Trump chair routed money to lobbyists.\n\nThe records were seen by the AP on Monday."
    )
    doc = _doc(text)
    assert [(_span(doc, r.cue), _span(doc, r.source)) for r in A.relations(doc)][:1] == [
        (":", "AP")
    ]


def test_a_cue_and_colon_take_the_quotation_on_the_next_line() -> None:
    text = 'The pollster Pat Caddell continued:\n\n"The health issue is very much on their minds."'
    doc = _doc(text)
    (relation,) = [r for r in A.relations(doc) if _span(doc, r.cue) == "continued"]
    assert _span(doc, relation.source) == "The pollster Pat Caddell"
    assert _span(doc, relation.content) == '"The health issue is very much on their minds."'


@pytest.mark.parametrize("closing", ["”", "''"])
def test_a_participle_after_a_quotation_and_comma_takes_the_clause_source(closing: str) -> None:
    text = (
        f"Trump insisted that he has “expanded the Republican party,{closing} claiming that"
        " he is responsible for higher turnout."
    )
    doc = _doc(text)
    (relation,) = [r for r in A.relations(doc) if _span(doc, r.cue) == "claiming"]
    assert _span(doc, relation.source) == "Trump"
    assert _span(doc, relation.content) == "he is responsible for higher turnout."


def test_an_opening_frame_passed_over_for_a_verb_gives_no_cue_of_its_own() -> None:
    text = (
        "The foundation has no comment on the matter. In a statement released Thursday,"
        " Rep. Hakeem Jeffries said the decision was a mistake."
    )
    doc = _doc(text)
    # (the first sentence's "no comment" is the model's call: PolNeAR train marks 2 of 5)
    framed = doc.sentences[1]
    cues = [_span(doc, r.cue) for r in A.relations(doc) if r.cue[0] >= framed[0]]
    assert cues == ["said"]


def test_a_cue_ending_a_hyphenated_modifier_is_no_cue() -> None:
    text = "Sessions is not the only well-known Republican to recently endorse Trump."
    doc = _doc(text)
    assert [_span(doc, r.cue) for r in A.relations(doc)] == ["endorse"]
    for kept in ("the so-called offense", "his self-described view", "he counter-accused her"):
        assert not A._compound_tail(kept, kept.index("-") + 1)
    assert A._compound_tail("his Clinton-backing colleagues", len("his Clinton-"))


@pytest.mark.parametrize("gap", ["\u00a0", "\n\n", " \n\n"])
def test_a_colon_before_a_quotation_past_a_blank_line_or_no_break_space(gap: str) -> None:
    text = f"Wait, it gets better:{gap}“By law, the president sets the number every year.”"
    doc = _doc(text)
    (relation,) = A.relations(doc)
    assert _span(doc, relation.cue) == ":"
    assert _span(doc, relation.content) == "“By law, the president sets the number every year.”"


def test_add_in_its_counting_sense_is_no_cue() -> None:
    text = (
        "Clinton won the primary, adding to her delegate lead. The Labor Department said it"
        " added 255,000 jobs. Its efforts added up to little. “We will win,” he added."
    )
    doc = _doc(text)
    assert [_span(doc, r.cue) for r in A.relations(doc)] == ["said", "added"]
    assert A._adds_to("He added to reporters", (3, 8)) is False


def test_an_opening_to_and_a_name_frames_that_sources_view() -> None:
    text = (
        "Patrick now works at Bain Capital. To Frank, issues of class get little attention."
        " To many, Santilli is a provocateur. But to others, he is a journalist."
    )
    doc = _doc(text)
    found = [(_span(doc, r.cue), _span(doc, r.source)) for r in A.relations(doc)]
    assert found == [("To", "Frank"), ("To", "many"), ("to", "others")]
    assert found and _span(doc, A.relations(doc)[0].content) == (
        "issues of class get little attention."
    )
    for text in (
        "He went to Boston, then home.",
        "To date, nothing happened.",
        "It issued an apology’ to Bernie Sanders. PHILADELPHIA, July 25 (UPI).",
    ):
        assert A._to_frames(_doc(text)) == {}, text


def test_frames_are_tried_only_where_their_next_word_may_open_one() -> None:
    text = "In\tthe interview, he spoke. to Frank, yes. Born in Ohio, to  Jane Doe, said in an ad."
    frames = [m.group(1, 2) for m in A._matches_after_word("to", A._TO_FRAME, text)]
    assert frames == [("to", "Frank"), ("to", "Jane Doe")]
    framing = A._lexicons(None).framing
    assert [m.group(1) for m in A._matches_after_word("in", framing, text)] == ["In", "in"]
    assert A._matches_after_word("in", framing, "within a day, in Ohio, in  the") == []


def test_an_opening_poll_frame_is_a_cue_beside_the_respondents_verb() -> None:
    text = "In a CNN/ORC poll released Monday, 38 percent of voters said he should step down."
    doc = _doc(text)
    assert [_span(doc, r.cue) for r in A.relations(doc)] == ["In", "said"]
    text = "Priebus, in the wake of a new poll, said he would stay. In an interview, he said no."
    doc = _doc(text)
    assert [_span(doc, r.cue) for r in A.relations(doc)] == ["said", "said"]


def test_a_speakers_full_label_then_surname_label_is_used_twice() -> None:
    text = (
        "KATE BOULDUAN: Why not debate?\n"
        "JOEL BENENSON: This is a man who said he would never run a negative ad.\n"
        "BOULDUAN: You guys said you would debate.\n"
        "BENENSON: Senator Sanders does not get to decide.\n"
    )
    doc = _doc(text)
    labels = A._speaker_labels(doc)
    assert [_span(doc, source) for _, source in labels.values()] == [
        "KATE BOULDUAN",
        "JOEL BENENSON",
        "BOULDUAN",
        "BENENSON",
    ]


def test_would_like_is_a_desire_cue() -> None:
    doc, rel = _one("The White House would like to make the election a battle about competence.")
    assert _span(doc, rel.cue) == "would like"
    assert _span(doc, rel.source) == "The White House"


def test_distancing_oneself_is_a_stance_cue() -> None:
    doc, rel = _one("Bolton distanced himself from the NeverTrump movement on Tuesday.")
    assert _span(doc, rel.cue) == "distanced himself from"
    assert _span(doc, rel.source) == "Bolton"


@pytest.mark.parametrize(
    ("headline", "source"),
    [("WSJ editorial", "WSJ editorial"), ("IG report", "IG report"), ("Historians", "Historians")],
)
def test_a_headline_colon_after_a_lower_case_source_noun(headline: str, source: str) -> None:
    text = f"{headline}: Clinton and Obama are linked.\n\nThe record is long."
    doc = _doc(text)
    rel = A.relations(doc)[0]
    assert (_span(doc, rel.cue), _span(doc, rel.source)) == (":", source)
    assert not A._headline_source(_doc("Paid notice: Deaths"), (0, 11), A._lexicons(None))


@pytest.mark.parametrize(
    "text",
    [
        "It is too soon to say whether her policies will work.",
        "Suffice it to say, the reversals were many.",
        "It is a lot harder than, say, hooking them on coffee.",
        "Lynch still has the final say on whether she faces charges.",
    ],
)
def test_say_in_an_idiom_is_no_cue(text: str) -> None:
    assert A.relations(_doc(text)) == []


def test_say_after_a_subject_between_commas_is_still_a_cue() -> None:
    doc = _doc("The voters, the experts say, are tired of the race.")
    assert [_span(doc, r.cue) for r in A.relations(doc)] == ["say"]


@pytest.mark.parametrize(
    "text",
    [
        "Trump took to the Sunday morning shows to defend his praise.",
        "Mr. Hannity's show has all the trappings of television news.",
        "She hosts a weekly radio talk show in Atlanta.",
        "Hundreds more showed up to hear Stein address the crowd.",
    ],
)
def test_show_the_broadcast_is_no_cue(text: str) -> None:
    doc = _doc(text)
    assert "show" not in [_span(doc, r.cue) for r in A.relations(doc)]
    assert {"shows", "showed"}.isdisjoint(_span(doc, r.cue) for r in A.relations(doc))


def test_show_with_an_object_after_a_modifier_is_a_cue() -> None:
    doc = _doc("Footage from the game shows that several students dressed up in flags.")
    assert [_span(doc, r.cue) for r in A.relations(doc)] == ["shows"]


def test_appear_in_person_is_no_cue_but_appear_to_is() -> None:
    doc = _doc("Carson appeared on CNN on Sunday. The senator appeared to be angry.")
    assert [_span(doc, r.cue) for r in A.relations(doc)] == ["appeared"]
    assert A.relations(doc)[0].cue[0] > len("Carson appeared on")


def test_a_gerund_after_by_joins_the_cue_it_completes() -> None:
    text = "Trump responded on Tuesday to one of her messages by saying he never touched her."
    doc = _doc(text)
    (relation,) = A.relations(doc)
    assert _span(doc, relation.cue) == "responded on Tuesday to one of her messages by saying"
    assert _span(doc, relation.source) == "Trump"
    doc = _doc("Trump responded, and Cruz won by saying nothing at all about it.")
    assert len(A.relations(doc)) != 1 or _span(doc, A.relations(doc)[0].cue) == "responded"


def test_a_gerund_after_a_reply_and_a_comma_joins_the_reply() -> None:
    doc = _doc("The Sanders campaign responded Friday, saying lobbyists have donated.")
    (relation,) = A.relations(doc)
    assert _span(doc, relation.cue) == "responded Friday, saying"
    assert _span(doc, relation.source) == "The Sanders campaign"
    doc = _doc("Trump said on Friday, saying nothing new, that he would win.")
    assert "said on Friday, saying" not in [_span(doc, r.cue) for r in A.relations(doc)]


def test_a_gerund_after_the_issued_document_joins_the_cue() -> None:
    text = "The town released a statement Wednesday saying the comments were false."
    doc = _doc(text)
    (relation,) = A.relations(doc)
    assert _span(doc, relation.cue) == "released a statement Wednesday saying"
    lex = A._lexicons(None)
    assert not A._completing_gerund("He said, adding", (3, 7), (9, 15), lex)


def test_a_colon_right_after_a_cue_of_its_clause_joins_it() -> None:
    text = "Hannity interjected: “So you are saying there will be no wall?”"
    doc = _doc(text)
    assert [_span(doc, r.cue) for r in A.relations(doc)] in ([], ["interjected"])


def test_a_colon_before_a_block_quotation_is_a_cue_beside_another_cue() -> None:
    text = (
        "He then listed the qualities a nominee needs:\n\n"
        '"In the piece I wrote last November, I set out the record he must have."'
    )
    doc = _doc(text)
    colons = [r for r in A.relations(doc) if (_span(doc, r.cue) or "").endswith(":")]
    assert len(colons) == 1
    assert (_span(doc, colons[0].content) or "").startswith('"In the piece')


def test_a_short_lower_case_title_after_a_name_is_an_apposition() -> None:
    doc, rel = _one(
        "Amy Pope, deputy homeland security adviser, said on a call with reporters that the"
        " plan would work."
    )
    assert _span(doc, rel.source) == "Amy Pope, deputy homeland security adviser"
    assert _span(doc, rel.content) == "the plan would work."


@pytest.mark.parametrize(
    "text",
    [
        "Rep. Sander Levin (Mich.), a superdelegate for Clinton, said he has spoken with many.",
        "“It was a mistake,” the senator, a Democrat, said in a statement.",
    ],
)
def test_an_inverted_source_is_no_pronoun_of_the_clause_and_no_preposition(text: str) -> None:
    doc = _doc(text)
    rel = next(r for r in A.relations(doc) if (_span(doc, r.cue) or "").startswith("said"))
    assert _span(doc, rel.source) not in ("he", "in a statement")


def test_inverted_source_takes_a_name_not_a_pronoun_or_preposition() -> None:
    assert A._inverted_source(" he has spoken", 0, 14) is None
    assert A._inverted_source(" on a call", 0, 10) is None
    assert A._inverted_source(" Austin.", 0, 8) == (1, 7)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The problem, according to the audit, is that the files are old.",
            "The problem, according to the audit, is that the files are old.",
        ),
        (
            "Clinton, according to aides, had been prepped.",
            "Clinton, according to aides, had been prepped.",
        ),
        # after the source, a word that is no auxiliary ends the attribution
        ("This is common, according to the CRS, because it gives senators time.", "This is common"),
        ("According to Smith, the plan would cost $4 billion.", "the plan would cost $4 billion."),
    ],
)
def test_a_preposition_cue_set_in_commas_has_both_sides_as_content(text: str, content: str) -> None:
    doc, rel = _one(text)
    assert _span(doc, rel.content) == content


def test_a_cue_followed_only_by_a_prepositional_phrase_closes_its_sentence() -> None:
    doc = _doc("“It was a mistake,” the senator, a Democrat, said in a statement.")
    (rel,) = A.relations(doc)
    assert _span(doc, rel.content) == "“It was a mistake,”"
    text = "He said on Tuesday he would run."
    assert not A._only_a_phrase_after(text, 0, 0, len("He said"), len(text))
    text = "It will work, he decided to say in a statement."
    assert not A._only_a_phrase_after(text, 0, 14, len("It will work, he decided"), len(text))
    doc = _doc("The campaign is also concerned about his nature. He then gave Kimmel advice.")
    assert all(r.content[0] > r.cue[0] for r in A.relations(doc))


@pytest.mark.parametrize(
    "text",
    [
        "“I would love that competition,” Trump said Sunday on NBC’s Meet the Press.",
        "“It is going to be hard,” said a longtime data expert who has worked for a rival.",
        "''He can beat Hillary,'' he told advisers afterward, according to a former aide.",
    ],
)
def test_a_quotation_closing_with_a_comma_before_its_attribution_is_the_content(
    text: str,
) -> None:
    doc = _doc(text)
    rel = A.relations(doc)[0]
    assert (_span(doc, rel.content) or "").rstrip("”'").endswith(",")


def test_that_after_the_cue_still_opens_new_content() -> None:
    doc = _doc("“It is over,” he said, and he told reporters that he would run again.")
    told = next(r for r in A.relations(doc) if _span(doc, r.cue) == "told")
    assert _span(doc, told.content) == "he would run again."


def test_an_inverted_source_after_a_quotation_with_an_inner_comma() -> None:
    text = "“Look, Hillary needed to split the first two primaries,” added a Democrat."
    doc = _doc(text)
    (rel,) = A.relations(doc)
    assert _span(doc, rel.source) == "a Democrat"
    assert _span(doc, rel.content) == "“Look, Hillary needed to split the first two primaries,”"


def test_a_participle_after_a_quoted_attribution_keeps_its_own_content() -> None:
    text = "“It would be Ted Cruz,” Black said, referring to the Republican National Committee."
    doc = _doc(text)
    referring = next(r for r in A.relations(doc) if _span(doc, r.cue) == "referring to")
    assert _span(doc, referring.content) == "the Republican National Committee."


@pytest.mark.parametrize(
    "text",
    [
        "Senator Dianne Feinstein last week said Clinton was not the originator.",
        "Senator Dianne Feinstein on Tuesday said Clinton was not the originator.",
        "Senator Dianne Feinstein Tuesday said Clinton was not the originator.",
    ],
)
def test_a_time_adverbial_between_subject_and_cue_is_skipped(text: str) -> None:
    doc, rel = _one(text)
    assert _span(doc, rel.source) == "Senator Dianne Feinstein"


def test_a_closing_cue_after_a_quoted_question_takes_the_quotation() -> None:
    text = "He spoke. “What was the pivot point to make him change?” Beck asked."
    doc = _doc(text)
    asked = next(r for r in A.relations(doc) if _span(doc, r.cue) == "asked")
    assert _span(doc, asked.content) == "“What was the pivot point to make him change?”"


def test_told_with_only_the_addressee_after_it_closes_its_sentence() -> None:
    text = "This includes a special force, Defense Secretary Ash Carter told a Senate panel."
    doc, rel = _one(text)
    assert _span(doc, rel.content) == "This includes a special force"


def test_a_show_title_in_quotation_marks_is_not_the_content() -> None:
    text = "Speaking on CNN’s “New Day,” Kaine said Clinton wants to restore trust."
    doc = _doc(text)
    said = next(r for r in A.relations(doc) if _span(doc, r.cue) == "said")
    assert _span(doc, said.content) == "Clinton wants to restore trust."


def test_a_longer_lower_case_title_after_a_name_is_an_apposition() -> None:
    text = (
        "“They were upset,” Doug Usher, director of research at Widmeyer Communications,"
        " said at the time."
    )
    doc, rel = _one(text)
    assert _span(doc, rel.source) == ("Doug Usher, director of research at Widmeyer Communications")
    assert _span(doc, rel.content) == "“They were upset,”"


def test_declined_as_a_fall_in_value_is_no_cue_but_a_refusal_is() -> None:
    doc = _doc("Fees from advising clients declined to $281 million in 2014.")
    assert A.relations(doc) == []
    doc = _doc("Wages declined significantly from 1989 to 2013.")
    assert A.relations(doc) == []
    doc = _doc("Ms. Brainard declined to be interviewed for this article.")
    assert [_span(doc, r.cue) for r in A.relations(doc)] == ["declined"]


def test_a_verb_after_qu_doubles_its_last_consonant() -> None:
    assert "quipped" in A._inflect("quip")
    doc = _doc("Trump quipped that the wall would be beautiful.")
    assert [_span(doc, r.cue) for r in A.relations(doc)] == ["quipped"]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Clinton brushed off the criticism on Tuesday.", "brushed off"),
        ("Trump later walked back his comments about the judge.", "walked back"),
        ("Sanders took aim at Wall Street in his speech.", "took aim at"),
        ("Cruz took a shot at the front-runner on Sunday.", "took a shot at"),
        ("Cruz scoffed at the idea of a brokered convention.", "scoffed"),
        ("The candidates sparred over immigration in the debate.", "sparred over"),
        ("Clinton extolled the virtues of the trade deal.", "extolled"),
        ("Trump alluded to the scandal in his remarks on Monday.", "alluded to"),
        ("The senator envisions a smaller government.", "envisions"),
        ("Obama made the case for the trade deal in Ohio.", "made the case"),
        ("Sanders railed at the banks on Sunday.", "railed"),
        ("The governor castigated the legislature for the delay.", "castigated"),
        ("Trump has played down the idea in recent weeks.", "played down"),
        ("Rubio's backers speak of a winnowed field.", "speak of"),
        ("Christie likened the deal to a surrender.", "likened"),
        ("Cruz is standing by an accusation he made.", "standing by"),
        ("The Chinese have zeroed in on his ethnicity.", "zeroed in on"),
    ],
)
def test_phrasal_reporting_verbs_are_cues(text: str, cue: str) -> None:
    doc = _doc(text)
    assert [_span(doc, r.cue) for r in A.relations(doc)] == [cue]


def test_savage_the_adjective_and_lecture_the_noun_are_no_cues() -> None:
    assert A.relations(_doc("It was a savage attack on the city.")) == []
    doc = _doc("It is a war against savages.")
    assert "savages" not in [_span(doc, r.cue) for r in A.relations(doc)]
    assert A.relations(_doc("He gave a lecture at the university on Monday.")) == []
    assert A.relations(_doc("The party threw a bash at the hotel.")) == []


def test_finding_oneself_or_a_way_and_founding_are_no_findings() -> None:
    for text in (
        "The bank has found itself at the center of the crisis.",
        "Candidates have found ways to make money on the trail.",
        "Ailes helped found Fox News in 1996.",
        "The pilot was found dead near the base.",
        "Three more bombs were found at a rail station.",
        "Two pipe bombs were later found.",
        "Voters will find out on Tuesday.",
    ):
        doc = _doc(text)
        assert "found" not in [_span(doc, r.cue) for r in A.relations(doc)], text
    doc = _doc("The inspector general found that Mills broke the rules.")
    assert [_span(doc, r.cue) for r in A.relations(doc)] == ["found"]
    doc = _doc("The senator was found to have misled the committee.")
    assert "found" in [_span(doc, r.cue) for r in A.relations(doc)]


def test_a_dateline_credit_is_no_report() -> None:
    assert A.relations(_doc("Lerer reported from Los Angeles.")) == []
    assert A.relations(_doc("Wolf reported from Washington, D.C.")) == []
    doc = _doc("Reuters reported from Baghdad that the talks had failed.")
    assert [_span(doc, r.cue) for r in A.relations(doc)] == ["reported"]


def test_called_to_mind_is_no_cue() -> None:
    doc = _doc("The speech called to mind the promise of unity.")
    assert "called" not in [_span(doc, r.cue) for r in A.relations(doc)]


def test_comparing_someone_to_something_is_a_cue_but_compared_with_is_not() -> None:
    doc = _doc("Henry compared Trump to former California Gov. Pete Wilson.")
    (relation,) = A.relations(doc)
    assert (_span(doc, relation.cue), _span(doc, relation.source)) == ("compared", "Henry")
    doc = _doc("Sales rose 3 percent compared with last year, the company said.")
    assert [_span(doc, r.cue) for r in A.relations(doc)] == ["said"]


def test_called_off_as_cancelled_is_no_cue() -> None:
    doc = _doc("Two drug makers called off a $54 billion deal after the ruling.")
    assert "called" not in [_span(doc, r.cue) for r in A.relations(doc)]


def test_a_passive_concluded_that_ends_something_is_no_cue() -> None:
    assert A.relations(_doc("The selection process could be concluded in October.")) == []
    doc = _doc("It was concluded that the program had failed.")
    assert [_span(doc, r.cue) for r in A.relations(doc)] == ["concluded"]


def test_a_race_called_for_its_winner_is_no_cue_but_a_naming_passive_is() -> None:
    doc = _doc("Sanders spoke to reporters just after the race was called.")
    assert "called" not in [_span(doc, r.cue) for r in A.relations(doc)]
    assert A.relations(_doc("The race was called Tuesday.")) == []
    doc = _doc("The Opposition Bloc, as it was called, met on Monday.")
    assert [_span(doc, r.cue) for r in A.relations(doc)] == ["called"]


def test_speaking_of_as_a_discourse_marker_is_no_cue() -> None:
    assert A.relations(_doc("Speaking of the economy, the market fell on Monday.")) == []


def test_walking_back_on_foot_is_no_cue() -> None:
    doc = _doc("The man stopped and then walked back to his car.")
    assert "walked back" not in [_span(doc, r.cue) for r in A.relations(doc)]
    doc = _doc("His office later walked back the comment.")
    assert [_span(doc, r.cue) for r in A.relations(doc)] == ["walked back"]


def test_an_object_pronoun_before_an_infinitive_cue_is_its_source() -> None:
    doc = _doc("The strong win led her to declare that the race was over.")
    (rel,) = A.relations(doc)
    assert _span(doc, rel.cue) == "declare" and _span(doc, rel.source) == "her"
    doc = _doc("The showing was enough for him to claim that he had won.")
    (rel,) = A.relations(doc)
    assert _span(doc, rel.source) == "him"


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Indeed, members of the group were quick to claim the win.", "members of the group"),
        ("Recently, Tom Emanuel, a voter, was there to say it.", "Tom Emanuel"),
        ("Still, the data is unlikely to tell.", "the data"),
        ("Then, in a calm tone, Mr. Clinton said it.", "Mr. Clinton"),
        ("Then, in a calm tone, the senator said it.", None),
        ("During the debate, Rubio said it.", "Rubio"),
        ("During the long debate, the senator tried to explain.", None),
        ("Since conceding the race, and endorsing her, he has spoken.", "he"),
        ("Kelly, a spokeswoman, said it.", "Kelly"),
        ("This week, the group said it.", "the group"),
        ("Seven years ago, I was interviewing.", "I"),
        ("More recently, Rubio has shifted.", "Rubio"),
        ("The candidates, who won, said it.", "The candidates"),
    ],
)
def test_sentence_subject_is_past_an_opening_adverb_and_none_after_an_opener(
    text: str, subject: str | None
) -> None:
    assert _span(_doc(text), A._sentence_subject(text, 0, len(text))) == subject


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("WASHINGTON (AP) — Clinton's aide rallied supporters, saying it.", "Clinton's aide"),
        ("MANCHESTER, N.H. - Trump went after Bush, calling him weak.", "Trump"),
        ("New York (AFP) – Barack Obama spoke, saying it.", "Barack Obama"),
        ("Jason Sims — a voter — said it.", "Jason Sims"),
    ],
)
def test_sentence_subject_is_past_a_dateline(text: str, subject: str) -> None:
    found = A._sentence_subject(text, 0, len(text))
    assert (_span(_doc(text), found) or "").startswith(subject)


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        ("Post reporter Ben Terris, who saw it and described it as ugly.", "described", "who"),
        ("But on Tuesday, he stood with GOP leaders and urged calm.", "urged", "he"),
    ],
)
def test_a_coordinated_cue_takes_its_clause_pronoun(text: str, cue: str, source: str) -> None:
    doc = _doc(text)
    rel = next(r for r in A.relations(doc) if _span(doc, r.cue) == cue)
    assert _span(doc, rel.source) == source


def test_a_clause_pronoun_after_a_subordinator_is_left_to_the_sentence() -> None:
    text = "Officers grabbed her as she tried to ride away and slammed her into a wall."
    toks = A._Tokens(text, 0, text.index(" slammed"))
    assert A._clause_pronoun(toks, len(toks.words) - 1) is None
    text = "Then he stood there and urged calm."
    toks = A._Tokens(text, 0, text.index(" urged"))
    assert _span(_doc(text), A._clause_pronoun(toks, len(toks.words) - 1)) == "he"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Prime Minister Theresa May said the deal was good.", "Prime Minister Theresa May"),
        ("The deal, Theresa May said, was good.", "Theresa May"),
        ("Brian May told reporters it was good.", "Brian May"),
        ("Trump May Say It.", "Trump"),  # the modal before a base form
        ("He said it. Trump Will Not Say it.", "Trump"),
    ],
)
def test_may_or_will_ending_a_name_before_a_finite_cue_is_the_name(text: str, source: str) -> None:
    doc = _doc(text)
    relation = A.relations(doc)[-1]
    assert _span(doc, relation.source) == source


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("The senator who ran the panel said it would fail.", "The senator who ran the panel"),
        ("Officials who spoke with reporters said it.", "Officials who spoke with reporters"),
        ("It is a candidate who many party members oppose.", "many party members"),
        ("It is the man who he accused.", "he"),
    ],
)
def test_a_relative_clause_before_the_cue_is_part_of_its_source(text: str, source: str) -> None:
    doc = _doc(text)
    assert _span(doc, A.relations(doc)[-1].source) == source


def test_relative_clause_head_is_the_phrase_before_who() -> None:
    text = "The senator who ran the panel"
    toks = A._Tokens(text, 0, len(text))
    assert A._relative_clause_head(toks, 4) == 0  # "the panel" -> "The senator ..."
    assert A._relative_clause_head(toks, 2) == 2  # "who" itself
    text = "a candidate who many members"
    toks = A._Tokens(text, 0, len(text))
    assert A._relative_clause_head(toks, 3) == 3  # an object relative's subject


def test_noun_phrase_after_ends_on_no_link_word() -> None:
    text = "Ali famously converted to the Islamic faith and refused to serve."
    found = A._noun_phrase_after(text, 0, text.index(" refused"))
    assert _span(_doc(text), found) == "Ali famously converted to the Islamic faith"
    text = "the authors of the report"
    assert _span(_doc(text), A._noun_phrase_after(text, 0, text.index(" report"))) == "the authors"


def test_noun_phrase_after_of_dashes_alone_is_none() -> None:
    # It was the empty span (5, 5): an empty source span, and a crash in the subject search.
    text = "Lead.\n-- “FBI seeks it,” by the Star Tribune’s Stephen Montemayor: “A claim.”"
    assert A._noun_phrase_after(text, 6, len(text)) is None
    assert all(r.source is None or r.source[0] < r.source[1] for r in A.relations(Document(text)))


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Holt corrected him, saying the record shows otherwise.", "Holt"),
        ("The judge rubbed his chin, saying it was late.", "The judge"),
        ("A retired general frowned, saying it was late.", "A retired general"),
        ("The newly elected mayor frowned, saying it was late.", "The newly elected mayor"),
        ("The most qualified nominee frowned, saying it was late.", "The most qualified nominee"),
        ("Romney went further, calling it a fraud.", "Romney"),
        ("Bill Clinton came to the city, telling voters it was late.", "Bill Clinton"),
        (
            "The man who built his career frowned, saying it was late.",
            "The man who built his career",
        ),
    ],
)
def test_a_subject_ends_before_its_verb(text: str, subject: str) -> None:
    # "The judge rubbed his chin" was the source of "saying"; an -ed adjective is no verb;
    # an irregular past ends a subject too; a relative clause's verb does not.
    (relation,) = A.relations(Document(text))
    assert relation.source is not None
    assert text[relation.source[0] : relation.source[1]] == subject


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("he said it", 3),
        ("“We will,” he said", 3),
        ("  U.S. aid", 3),
        ("said, no", 2),
        ("— 1,000", 2),
        ("__ x", 2),
        ("...", 0),
        ("", 0),
        ("a b " + " " * 400 + "c", 2),  # beyond the characters looked at
    ],
)
def test_few_words_counts_runs_of_word_characters_up_to_three(text: str, words: int) -> None:
    assert A._few_words(text, 0, len(text)) == words
