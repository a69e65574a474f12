"""Language: one test per function."""

from __future__ import annotations

import pytest

from sourcecheck.features.document import Document
from sourcecheck.features.language import english_share, language_warning, latin_share

ENGLISH = "The mayor said on Monday that the city would raise taxes. " * 4
FRENCH = "Le maire a dit lundi que la ville allait augmenter les impôts de la région. " * 4
CHINESE = "市长周一表示，该市将提高税收，以支付新学校和道路的费用。" * 4


def test_english_share_counts_common_english_words() -> None:
    assert english_share(Document(ENGLISH)) > 0.3
    assert english_share(Document(FRENCH)) < 0.12
    assert english_share(Document("")) == 0.0


def test_latin_share_counts_letters_of_the_latin_alphabet() -> None:
    assert latin_share("abc é 12") == (4, 1.0)
    letters, share = latin_share(CHINESE)
    assert letters > 60 and share == 0.0
    assert latin_share("123 !") == (0, 0.0)


@pytest.mark.parametrize(
    ("text", "warned"),
    [
        (ENGLISH, None),
        (FRENCH, "does not look English"),
        (CHINESE, "not in the Latin alphabet"),  # few "words": judged by its letters
        ("市长表示。", None),  # too short to judge
        ("Short English text.", None),
    ],
)
def test_language_warning(text: str, warned: str | None) -> None:
    found = language_warning(Document(text))
    assert (found is None) if warned is None else (found is not None and warned in found)
