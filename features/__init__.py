"""Feature families: each a set of pure functions of a parsed Document.

Every family returns named numbers and evidence spans, and is wrapped as a
scikit-learn transformer (see :mod:`sourcecheck.features.base`).
"""


def compiled() -> bool:
    """Whether the features run compiled by mypyc (a regular install: ``pip install .``),
    not as Python source (an editable install, ``SOURCECHECK_PURE=1``, or a build that
    found no C compiler)."""
    from importlib.util import find_spec

    spec = find_spec("sourcecheck.features.document")
    return spec is not None and spec.origin is not None and not spec.origin.endswith(".py")
