import os

from sourcecheck.scoring.articles import escaped_surrogates, valid_unicode


def test_valid_unicode_replaces_lone_surrogates_one_for_one() -> None:
    text = "caf\udce9 \ud83d said \U0001f600 so"
    valid = valid_unicode(text)
    assert valid == "caf\ufffd \ufffd said \U0001f600 so"
    assert len(valid) == len(text)
    valid.encode("utf-8")  # what every output does


def test_escaped_surrogates_keep_names_that_differ_in_undecodable_bytes_apart() -> None:
    names = [os.fsdecode(b"caf\xe8.txt"), os.fsdecode(b"caf\xe9.txt")]
    assert valid_unicode(names[0]) == valid_unicode(names[1])
    assert [escaped_surrogates(name) for name in names] == ["caf\\xe8.txt", "caf\\xe9.txt"]
    assert escaped_surrogates("cut \ud83d pair") == "cut \\ud83d pair"
    assert escaped_surrogates("caf\u00e9") == "caf\u00e9"
