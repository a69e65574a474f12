from sourcecheck.scoring.articles import valid_unicode


def test_valid_unicode_replaces_lone_surrogates_one_for_one() -> None:
    text = "caf\udce9 \ud83d said \U0001f600 so"
    valid = valid_unicode(text)
    assert valid == "caf\ufffd \ufffd said \U0001f600 so"
    assert len(valid) == len(text)
    valid.encode("utf-8")  # what every output does
