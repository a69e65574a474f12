"""Compiles the feature extractors' hot modules with mypyc, for a regular install.

``pip install '.[test]'`` builds a wheel, and this compiles the modules in ``COMPILED`` into
C extensions beside their ``.py`` sources: the features run 1.2 to 1.4 times as fast (the
outputs are identical; the tests run against either build). Pure Python is built instead:

- for an editable install (``pip install -e``): a compiled module next to its source in
  the working tree would shadow every later edit of that source;
- with ``SOURCECHECK_PURE=1`` in the environment;
- when compiling fails (no C compiler, no Python headers): one line says so, and the
  install goes on in pure Python.

Everything else about the package is in pyproject.toml.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext

# The hot modules of the features (attribution, hedging and verifiability do most of the
# work per article). Their sources are found under .mypy-src, the folder of links that
# gives mypy the installed layout, so that each module compiles under its installed name.
COMPILED = [
    "attribution",
    "claims",
    "cue_model",
    "document",
    "evidence",
    "hedging",
    "openings",
    "verifiability",
]
# The commands of a build that installs (a wheel, or setup.py build/install); the others
# (egg_info, dist_info, sdist, editable_wheel) build nothing, or build pure Python.
_BUILDING = {"bdist_wheel", "build", "build_ext", "install"}


def _compiled_extensions() -> list:
    if os.environ.get("SOURCECHECK_PURE") or not _BUILDING & set(sys.argv[1:]):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("sourcecheck: mypyc is not available; installing pure Python", file=sys.stderr)
        return []
    here = os.path.dirname(os.path.abspath(__file__))
    paths = [os.path.join(".mypy-src", "sourcecheck", "features", f"{m}.py") for m in COMPILED]
    cwd = os.getcwd()
    os.chdir(here)
    try:
        return mypycify(paths, opt_level="3", debug_level="0")
    except Exception as error:  # a type error mypyc refuses: pure Python still works
        print(f"sourcecheck: mypyc failed ({error}); installing pure Python", file=sys.stderr)
        return []
    finally:
        os.chdir(cwd)


class OptionalBuildExt(build_ext):
    """build_ext that falls back to pure Python when the C compiler fails."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:
            self._fall_back(error)

    def build_extension(self, ext) -> None:  # type: ignore[no-untyped-def]
        try:
            super().build_extension(ext)
        except Exception as error:
            self._fall_back(error)
            raise _Skipped from error

    def build_extensions(self) -> None:
        try:
            super().build_extensions()
        except _Skipped:
            self._remove_built()

    def _fall_back(self, error: BaseException) -> None:
        lines = str(error).strip().splitlines()
        first = lines[0] if lines else ""
        why = type(error).__name__ + (f": {first[:100]}..." if len(first) > 100 else f": {first}")
        print(
            f"sourcecheck: compiling the features failed ({why}); installing pure Python",
            file=sys.stderr,
        )

    def _remove_built(self) -> None:
        """Half a compiled set would mix builds: remove the extensions already built."""
        for ext in self.extensions:
            path = self.get_ext_fullpath(ext.name)
            if os.path.exists(path):
                os.remove(path)


class _Skipped(Exception):
    pass


setup(ext_modules=_compiled_extensions(), cmdclass={"build_ext": OptionalBuildExt})
