"""Feature families: each a set of pure functions of a parsed Document.

Every family returns named numbers and evidence spans, and is wrapped as a
scikit-learn transformer (see :mod:`sourcecheck.features.base`).
"""
