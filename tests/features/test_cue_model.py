"""The learned cue scorer: parsing the weights file, features, scoring."""

from __future__ import annotations

from pathlib import Path

from sourcecheck.features import cue_model as C
from sourcecheck.features.document import Document

WEIGHTS = "# a comment\n@bias\t-1\n@threshold\t0.5\n@candidate\tbacks\n@doubtful\tfound\n"


def test_parse_model_reads_every_kind_of_line() -> None:
    model = C.parse_model(WEIGHTS + "p_pron\t1.5\nw=backs\t0.25\nw=backs|ng=\t0.5\n")
    assert (model.bias, model.threshold) == (-1.0, 0.5)
    assert model.candidates == {"backs"} and model.doubtful == {"found"}
    assert model.weights == {"p_pron": 1.5}
    assert model.by_word == {"backs": {"*": 0.25, "ng=": 0.5}}


def test_score_sums_context_and_word_pair_weights() -> None:
    model = C.parse_model(WEIGHTS + "p_pron\t1.5\nw=backs\t0.25\nw=backs|ng=\t0.5\n")
    assert C.score(model, "backs", ["p_pron", "ng=", "unknown"]) == -1 + 1.5 + 0.25 + 0.5
    assert C.score(model, "other", ["p_pron", "ng="]) == 0.5


def test_score_pairs_the_rule_with_each_context() -> None:
    model = C.parse_model(WEIGHTS + "r=learned\t0.5\nw=r=learned|p_pron\t2\n")
    assert C.score(model, "backs", ["s=cks", "r=learned", "p_pron"]) == -1 + 0.5 + 2
    assert C.score(model, "backs", ["s=cks", "r=verb", "p_pron"]) == -1


def test_weight_sum_adds_the_weights_left_to_right_none_weighing_nothing() -> None:
    weights = {"a": 0.1, "b": 0.2, "c": 0.3}
    feats = ["a", None, "b", "unknown", "c"]
    assert C._weight_sum(weights, feats) == (0.1 + 0.2) + 0.3  # not 0.1 + (0.2 + 0.3)
    assert C._weight_sum(weights, [None]) == 0.0 and C._weight_sum({}, []) == 0.0


def test_named_features_pair_the_word_and_the_rule_with_each_context() -> None:
    words = ["w=backs", "w=backs|a", "w=backs|r=b", "w=backs|c"]
    rules = ["w=r=b|a", "w=r=b|c"]  # not the rule with itself
    assert C.named_features("backs", ["a", "r=b", "c"]) == ["a", "r=b", "c", *words, *rules]


def test_gap_marks_classes() -> None:
    assert C._gap_marks(" ") == ""
    assert C._gap_marks(", “") == ",q"
    assert C._gap_marks(" — ") == "-"


def test_features_of_a_verb_after_a_name() -> None:
    doc = Document("Senator Smith backs the plan, aides said.")
    at = doc.text.index("backs")
    feats = C.features(doc, (at, at + 5), "learned", doc.sentences[0], ("had_cue",))
    assert {"s=cks", "r=learned", "p=smith", "pg=", "p_cap", "n=the", "had_cue"} <= set(feats)
    assert "first" not in feats and "upper" not in feats


def test_features_at_the_sentence_edges() -> None:
    doc = Document("Backs it.")
    feats = C.features(doc, (0, 5), "learned", doc.sentences[0])
    assert "first" in feats and "pos=0" in feats


def test_shipped_model_loads(tmp_path: Path) -> None:
    shipped = C.load_model()
    assert shipped.candidates and shipped.weights and shipped.threshold < 1
    (tmp_path / f"{C.WEIGHTS}.txt").write_text(WEIGHTS, encoding="utf-8")
    assert C.load_model(str(tmp_path)).candidates == {"backs"}


def test_features_named_as_the_model_weighs_them_score_the_same() -> None:
    shipped = C.load_model()
    doc = Document(
        "Senator Smith, a Democrat, backs the plan. “It works,” aides said Tuesday. "
        "He hasn't confirmed it: officials disputed the claim in a statement."
    )
    words = ("backs", "said", "confirmed", "disputed", "claim", "statement")
    for word in words:
        at = doc.text.index(word)
        span, sentence = (at, at + len(word)), doc.sentences[doc.sentence_index(at)]
        for rule in ("learned", "verb", "verb-", "stance"):
            full = C.features(doc, span, rule, sentence, ("had_cue", "src"))
            named = C.features(doc, span, rule, sentence, ("had_cue", "src"), shipped)
            assert None not in full
            # a value with no weight is named None, a class with none left out
            kept = [n for n in named if n is not None]
            assert kept == [f for f in full if f in kept]
            assert C.score(shipped, word, named) == C.score(shipped, word, full)
            assert C.named_features(word, named) == C.named_features(
                word, [f for f in named if f is not None]
            )


def test_a_model_names_only_the_values_it_weighs() -> None:
    model = C.parse_model(
        WEIGHTS + "p=smith\t1\nw=backs|n=the\t0.5\nw=r=verb|pos=1\t2\npos=01\t3\n"
    )
    p_names, n_names, pos_names = model.names[2], model.names[5], model.names[7]
    assert (p_names.get("smith"), p_names.get("jones")) == ("p=smith", None)
    assert n_names.get("the") == "n=the" and pos_names.get(1) == "pos=1"
    assert model.names[1].get("verb") == "r=verb" and model.names[1].get("learned") is None


def test_word_classes_name_the_head_and_the_words_around_it() -> None:
    classes = C.word_classes()
    assert all(classes.get(word) for word in ("said", "told", "claimed"))  # frequent: classed
    doc = Document("Senator Smith said the plan works.")
    at = doc.text.index("said")
    feats = C.features(doc, (at, at + 4), "verb", doc.sentences[0])
    for prefix, word in (("hc", "said"), ("pc", "smith"), ("nc", "the")):
        assert [f"{prefix}={c}" for c in classes[word]] == [
            f for f in feats if f and f.startswith(prefix + "=")
        ]


def test_a_model_names_a_word_by_its_weighed_classes() -> None:
    said, told = C.word_classes()["said"][0], C.word_classes()["told"][0]
    model = C.parse_model(WEIGHTS + f"hc={said}\t1\nw=backs|nc={told}\t0.5\n")
    hc_names, pc_names, nc_names = model.class_names
    assert hc_names.get("said", ()) == (f"hc={said}",)
    assert nc_names.get("told", ()) == (f"nc={told}",)
    assert pc_names.get("said", ()) == ()  # no "pc=" weight: no name
    assert hc_names.get("qwertyuiop", ()) == ()  # no class
    # for training, every class is named
    assert C._class_names(None, "pc", "said") == (f"pc={said}",)
    assert C._class_names(None, "pc", "qwertyuiop") == ()


def test_name_is_the_tables_or_prefix_and_value() -> None:
    assert C._name({"smith": "p=smith", 1: "pos=1"}, "p", "smith") == "p=smith"
    assert C._name({"smith": "p=smith"}, "p", "jones") is None
    assert C._name({1: "pos=1"}, "pos", 1) == "pos=1"
    assert C._name(None, "pos", -1) == "pos=-1" and C._name(None, "p", "jones") == "p=jones"
