"""Phrase lists shipped with the package, one phrase per line (``#`` starts a comment)."""
