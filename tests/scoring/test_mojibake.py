"""Mojibake repair: UTF-8 once decoded as Latin-1 or cp1252."""

from __future__ import annotations

import pytest

from sourcecheck.scoring.mojibake import repaired

CLEAN = "“We have the money,” she said. It’s José’s café, 20 °C, naïve — for €5."


def test_utf8_read_as_latin1_is_repaired() -> None:
    text = "“We have the money,” she said. It’s a plan."
    garbled = text.encode("utf-8").decode("latin-1")  # C1 controls, as buzzfeed's XML has
    assert repaired(garbled) == text


def test_utf8_read_as_cp1252_is_repaired() -> None:
    text = "It’s José’s café – opened in 2016 for €5 – “so good"
    garbled = text.encode("utf-8").decode("cp1252")  # "Itâ€™s JosÃ©â€™s cafÃ© â€“ ..."
    assert repaired(garbled) == text


@pytest.mark.parametrize(
    "text", [CLEAN, "", "plain ASCII text", "Ça va. Él dijo «sí». Straße. 日本語の文。"]
)
def test_clean_text_is_left_alone(text: str) -> None:
    assert repaired(text) is None
