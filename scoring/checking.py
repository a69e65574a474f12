"""The CI gate: score a check corpus with the model and test it against stated expectations.

Gates (each is skipped when it has nothing to test):

- ``scoring``: every item is scored; an item that cannot be read or scored fails the gate
  (nothing is dropped silently).
- ``auc``: ROC AUC over the labelled items is at least ``min_auc``.
- ``pairs``: in each pair the attributed_id item scores above the unsourced_id item. When
  both are labelled they must be 1 and 0; 0 and 1 is a usage error (the columns look
  swapped), the same label twice a failure.
- ``bands``: an item with ``expected_band`` lands in one of those bands.
- ``fail_under``: every unlabelled item (a draft) scores at least ``fail_under``.

Expectations (``expected_band``, ``category``, ``reason``) are read from the corpus's JSON
Lines, JSON, CSV and Parquet rows; labels come through the project's loader, and a corpus
folder's labels.tsv (as data/examples/labels.tsv) labels the whole files it names (and gives
them its ids).
Thresholds come from the command line, else ``[tool.sourcecheck.check]`` in the corpus
folder's ``pyproject.toml``, else in the current project's.
"""

from __future__ import annotations

import csv
import json
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from xml.etree import ElementTree

from sourcecheck.scoring.analysis import AnalysisOptions, analyze
from sourcecheck.scoring.articles import Article, LoadError
from sourcecheck.scoring.errors import UsageError, listed, located, visible
from sourcecheck.scoring.linear_terms import BANDS
from sourcecheck.scoring.loading import (
    HTML_SUFFIXES,
    LABELS_FILE,
    TABLE_DELIMITERS,
    TEXT_SUFFIXES,
    folder_files,
    iter_articles,
    json_elements,
)
from sourcecheck.scoring.scorer import ModelScorer

PAIRS_FILE = "pairs.csv"
# A corpus folder's own documentation and configuration are not articles.
NOT_ARTICLES = frozenset({PAIRS_FILE, LABELS_FILE, "README.md", "pyproject.toml"})
CONFIG_KEYS = {"min-auc": "min_auc", "fail-under": "fail_under", "pairs": "pairs"}
FORMATS = ("text", "json", "junit", "github")


@dataclass(frozen=True)
class Settings:
    """The thresholds of one check; None means the gate is off."""

    min_auc: float | None = None
    fail_under: float | None = None
    pairs: str | None = None


@dataclass
class ItemResult:
    """One article of the corpus: its score and every expectation it failed."""

    id: str
    input: str
    status: str
    score: float | None
    band: str | None
    label: int | None
    expected_band: list[str] | None = None
    category: str | None = None
    error: str | None = None
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # the loader's ("label 'yes' ignored")
    reasons: list[str] = field(default_factory=list)  # the score's top reasons, as `score` gives


@dataclass
class Gate:
    name: str
    tested: int
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class CheckReport:
    corpus: str
    settings: Settings
    items: list[ItemResult]
    gates: list[Gate]
    auc: float | None

    @property
    def passed(self) -> bool:
        return all(gate.passed for gate in self.gates)

    @property
    def auc_items(self) -> int:
        """How many labelled items the ROC AUC is over (an ignored label is not one)."""
        return len(_labelled(self.items))

    def failures(self) -> list[str]:
        """Every reason the check failed, one line each."""
        return [failure for gate in self.gates for failure in gate.failures]

    def warnings(self) -> list[str]:
        """Every item's warnings, one line each: an ignored label changes what AUC means;
        and a check that tested nothing but that every item scores, which passes whatever
        the scores are."""
        found = [f"item {i.id} ({i.input}): {w}" for i in self.items for w in i.warnings]
        if not any(gate.tested for gate in self.gates if gate.name != "scoring"):
            found.append(
                "no gate but scoring tested anything: no labelled items with --min-auc, no "
                "pairs, no expected_band, no unlabelled drafts with --fail-under (see "
                "`sourcecheck check --help`)"
            )
        return found


# -- the corpus -------------------------------------------------------------------------


def article_files(corpus: Path) -> list[str]:
    """The article files of a corpus: the file itself, or a folder's article files (its
    pairs.csv, labels.tsv, README.md and pyproject.toml excepted), sorted, hidden entries
    skipped, as ``score`` finds them (which warns of the other files)."""
    if not corpus.is_dir():
        return [str(corpus)]
    found, unreadable = folder_files(str(corpus), NOT_ARTICLES)
    if unreadable:  # a gate over part of the corpus would pass for the whole
        raise UsageError(f"{unreadable[0].input}: {unreadable[0].error}")
    if not found:
        raise UsageError(f"{corpus}: no article files (.jsonl, .csv, .parquet, .txt, ...) in it")
    return found


class GivenLabel(NamedTuple):
    """What a labels.tsv row gives a whole file: its label and, from the id column, its
    id (None: the loader's, the file's path)."""

    label: int
    id: str | None


def file_labels(corpus: Path, files: list[str]) -> dict[str, GivenLabel]:
    """The labels (and ids) a corpus folder's labels.tsv gives its whole-file articles,
    keyed by the loader's input name. A row naming anything else (a missing file, a JSON
    Lines file, whose rows carry their own labels) is a usage error: it would label nothing
    silently; so is an id given twice, which a pair could not tell apart."""
    from sourcecheck.scoring.corpora import read_labels  # pandas: only when there is one

    path = corpus / LABELS_FILE
    if not corpus.is_dir() or not path.is_file():
        return {}
    whole = {
        Path(file).relative_to(corpus).as_posix(): file
        for file in files
        if Path(file).suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES
    }
    labels: dict[str, GivenLabel] = {}
    for row in read_labels(path):
        file = whole.get(Path(row.path).as_posix())
        if file is None:
            raise UsageError(
                f"{path}: {row.path!r} is not a .txt, .md or .html article file in {corpus}"
            )
        if file in labels:
            raise UsageError(f"{path}: {row.path!r} is named twice")
        ident = row.id if row.id != row.path else None  # read_labels' stand-in: no id given
        if ident is not None and ident in {given.id for given in labels.values()}:
            raise UsageError(f"{path}: the id {ident!r} is given twice")
        labels[file] = GivenLabel(row.label, ident)
    return labels


EXPECTATION_KEYS = ("expected_band", "category", "reason")


def row_expectations(files: Iterable[str]) -> dict[str, dict[str, Any]]:
    """``expected_band``, ``category`` and ``reason`` of each JSON Lines, JSON, CSV (or TSV)
    or Parquet row, keyed by the loader's input name (``path:line``, ``path:index``,
    ``path:row``)."""
    expectations: dict[str, dict[str, Any]] = {}
    for file in files:
        suffix = Path(file).suffix.lower()
        if suffix == ".jsonl":
            expectations.update(_jsonl_expectations(file))
        elif suffix == ".json":
            expectations.update(_json_expectations(file))
        elif suffix in (*TABLE_DELIMITERS, ".parquet"):
            expectations.update(_table_expectations(file, suffix))
    return expectations


def _jsonl_expectations(file: str) -> Iterator[tuple[str, dict[str, Any]]]:
    with open(file, encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue  # the loader reports the bad line as an unscored item
            if isinstance(row, dict):
                yield f"{file}:{number}", {key: row.get(key) for key in EXPECTATION_KEYS}


def _json_expectations(file: str) -> Iterator[tuple[str, dict[str, Any]]]:
    found = json_elements(file)
    if isinstance(found, LoadError):
        return  # the loader reports the file as an unscored item
    for input_, _, row in found[0]:
        if isinstance(row, dict):
            yield input_, {key: row.get(key) for key in EXPECTATION_KEYS}


def _table_expectations(file: str, suffix: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """A CSV's or Parquet's expectations, read apart: the loader keeps article columns only."""
    import pandas as pd
    import pyarrow.parquet as pq

    wanted = EXPECTATION_KEYS.__contains__
    try:
        if suffix in TABLE_DELIMITERS:
            table = pd.read_csv(
                file,
                sep=TABLE_DELIMITERS[suffix],
                dtype=str,
                keep_default_na=False,
                usecols=wanted,
            )
        else:
            columns = [name for name in pq.read_schema(file).names if wanted(name)]
            table = pd.read_parquet(file, columns=columns)
    except (OSError, ValueError):
        return  # the loader reports an unreadable table as an unscored item
    for number, row in enumerate(table.to_dict("records"), start=1):
        yield f"{file}:{number}", {key: _cell(row.get(key)) for key in EXPECTATION_KEYS}


def _cell(value: Any) -> Any:
    """A table cell as JSON Lines would hold it: empty is null, an array is a list."""
    if hasattr(value, "tolist"):  # a Parquet list column gives numpy arrays
        return value.tolist()
    if isinstance(value, str):
        return value or None
    return None if value is None or value != value else value  # NaN is null


def allowed_bands(value: Any, where: str) -> list[str] | None:
    """``expected_band`` as a list of bands: one band, a list of bands (in a CSV cell:
    separated by spaces, commas or |), or null."""
    if value is None:
        return None
    bands = re.split(r"[\s,|]+", value.strip()) if isinstance(value, str) else value
    if not isinstance(bands, list) or not bands or any(band not in BANDS for band in bands):
        raise UsageError(
            f"{where}: expected_band must be one of {', '.join(BANDS)}, a list of them or "
            f"null, not {value!r}"
        )
    return list(bands)


def read_pairs(path: Path) -> list[tuple[str, str]]:
    """(attributed_id, unsourced_id) rows of a pairs file."""
    if not path.is_file():
        raise UsageError(f"pairs file not found: {path}")
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        columns = {"attributed_id", "unsourced_id"}
        if not columns <= set(reader.fieldnames or ()):
            raise UsageError(f"{path}: needs the columns attributed_id and unsourced_id")
        return [(row["attributed_id"].strip(), row["unsourced_id"].strip()) for row in reader]


# -- settings ---------------------------------------------------------------------------


def config_table(folder: Path) -> dict[str, Any]:
    """``[tool.sourcecheck.check]`` of ``folder/pyproject.toml`` (empty when absent)."""
    path = folder / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: not valid TOML: {error}") from error
    table = data.get("tool", {}).get("sourcecheck", {}).get("check", {})
    unknown = sorted(set(table) - set(CONFIG_KEYS))
    if unknown:
        raise UsageError(
            f"{path}: unknown key(s) in [tool.sourcecheck.check]: {', '.join(unknown)} "
            f"(known: {', '.join(CONFIG_KEYS)})"
        )
    settings = {CONFIG_KEYS[key]: value for key, value in table.items()}
    for key in ("min-auc", "fail-under"):
        value = table.get(key)
        if value is not None and not (isinstance(value, int | float) and 0 <= value <= 1):
            raise UsageError(f"{path}: {key} must be a number from 0 to 1, not {value!r}")
    if "pairs" in settings:  # relative to the file that names it
        settings["pairs"] = str(folder / settings["pairs"])
    return settings


def resolve_settings(corpus: Path, given: Settings, project: Path | None = None) -> Settings:
    """Command-line values, else the corpus folder's pyproject.toml, else the project's
    (the current directory's), else the corpus folder's pairs.csv for ``pairs``."""
    folder = corpus if corpus.is_dir() else corpus.parent
    merged: dict[str, Any] = {}
    for table in (config_table(project or Path.cwd()), config_table(folder)):
        merged.update(table)
    merged.update({key: value for key, value in asdict(given).items() if value is not None})
    if merged.get("pairs") is None and (folder / PAIRS_FILE).is_file() and corpus.is_dir():
        merged["pairs"] = str(folder / PAIRS_FILE)
    return Settings(**merged)


# -- running ----------------------------------------------------------------------------


def scored_records(
    files: list[str], *, model: str | None, jobs: int, given: Mapping[str, int] | None = None
) -> Iterator[tuple[dict[str, Any], int | None]]:
    """Each article's scored record with its label (its own, else ``given`` by input name:
    a labels.tsv's), through analyze + ModelScorer."""
    labels: dict[str, int | None] = {}
    given = given or {}

    def remember_labels(items: Iterable[Article | LoadError]) -> Iterator[Article | LoadError]:
        # Records carry no label; items stream through here in the main process.
        for item in items:
            own = item.label if isinstance(item, Article) else None
            labels[item.input] = own if own is not None else given.get(item.input)
            yield item

    scorer = ModelScorer(model_path=model, explain=True)  # the reasons a draft fails
    records = analyze(
        remember_labels(iter_articles(files)), AnalysisOptions(), jobs=jobs, hook=scorer
    )
    for record in records:
        yield record, labels.get(record["input"])


def item_results(
    files: list[str],
    *,
    model: str | None,
    jobs: int,
    labels: Mapping[str, GivenLabel] | None = None,
) -> list[ItemResult]:
    """The scored items; a whole file takes the label and id its labels.tsv row gives."""
    expectations = row_expectations(files)
    given = labels or {}
    own_labels = {file: row.label for file, row in given.items()}
    items = []
    for record, label in scored_records(files, model=model, jobs=jobs, given=own_labels):
        extra = expectations.get(record["input"], {})
        row = given.get(record["input"])
        items.append(
            ItemResult(
                id=row.id if row is not None and row.id is not None else str(record["id"]),
                input=record["input"],
                status=record["status"],
                score=record.get("score"),
                band=record.get("band"),
                label=label,
                expected_band=allowed_bands(extra.get("expected_band"), record["input"]),
                category=extra.get("category"),
                error=record.get("error"),
                warnings=list(record.get("warnings") or ()),
                reasons=list(record.get("reasons") or ()),
            )
        )
    refuse_shared_given_ids(items, {row.id for row in given.values() if row.id is not None})
    return items


def refuse_shared_given_ids(items: list[ItemResult], given: set[str]) -> None:
    """An id a labels.tsv gives that another item has too (a row's id, another file's
    path) is a usage error: the report and the pairs could not tell the two apart."""
    by_id = items_by_id(items)
    shared = sorted(ident for ident in given & by_id.keys() if len(by_id[ident]) > 1)
    if shared:
        named = "; ".join(
            f"{ident} ({', '.join(item.input for item in by_id[ident])})" for ident in shared
        )
        raise UsageError(f"{LABELS_FILE} gives ids that other corpus items have too: {named}")


def run_check(
    corpus: str | Path, settings: Settings, *, model: str | None = None, jobs: int = 1
) -> CheckReport:
    """Score ``corpus`` and test every gate; ``settings`` as resolved by the caller."""
    corpus = Path(corpus)
    if not corpus.exists():
        raise UsageError(f"corpus not found: {corpus}")
    pairs = read_pairs(Path(settings.pairs)) if settings.pairs else []
    files = article_files(corpus)
    items = item_results(files, model=model, jobs=jobs, labels=file_labels(corpus, files))
    auc_gate, auc = auc_check(items, settings.min_auc)
    gates = [
        scoring_check(items),
        auc_gate,
        pairs_check(items, pairs, corpus if corpus.is_dir() else None),
        bands_check(items),
        fail_under_check(items, settings.fail_under),
    ]
    return CheckReport(str(corpus), settings, items, gates, auc)


# -- gates ------------------------------------------------------------------------------


def _scored(items: list[ItemResult]) -> list[ItemResult]:
    return [item for item in items if item.score is not None]


def _labelled(items: list[ItemResult]) -> list[ItemResult]:
    return [item for item in _scored(items) if item.label is not None]


def _fail(gate: Gate, item: ItemResult | None, message: str) -> None:
    gate.failures.append(message)
    if item is not None:
        item.failures.append(message)


def scoring_check(items: list[ItemResult]) -> Gate:
    gate = Gate("scoring", len(items))
    for item in items:
        if item.score is None:
            where, reason = located(item.input, item.error or "")
            _fail(gate, item, f"item {item.id} ({where}) was not scored: {reason}")
    return gate


def auc_check(items: list[ItemResult], min_auc: float | None) -> tuple[Gate, float | None]:
    from sklearn.metrics import roc_auc_score  # slow to import: only when a gate runs

    labelled = _labelled(items)
    gate = Gate("auc", len(labelled) if min_auc is not None else 0)
    labels = {item.label for item in labelled}
    auc = (
        float(roc_auc_score([i.label for i in labelled], [i.score for i in labelled]))
        if labels == {0, 1}
        else None
    )
    if min_auc is None:
        return gate, auc
    if auc is None:
        _fail(gate, None, f"ROC AUC needs labelled items of both labels (found {len(labelled)})")
    elif auc < min_auc:
        _fail(gate, None, f"ROC AUC {auc:.3f} on {len(labelled)} labelled items is under {min_auc}")
    return gate, auc


def items_by_id(items: list[ItemResult], folder: Path | None = None) -> dict[str, list[ItemResult]]:
    """Items by id (a list: a corpus may repeat an id), and a whole file (its id is its
    path, unless its labels.tsv row gives one) also by its path inside ``folder``: a
    pairs.csv beside the articles can name them so, however the folder was spelt on the
    command line ('drafts', './drafts', '/ci/drafts')."""
    by_id: dict[str, list[ItemResult]] = {}
    for item in items:
        by_id.setdefault(item.id, []).append(item)
    if folder is None:
        return by_id
    for item in items:
        path = Path(item.input)  # a whole file's, whatever id its labels.tsv row gives it
        if path.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES and path.is_relative_to(folder):
            by_id.setdefault(path.relative_to(folder).as_posix(), [item])
    return by_id


def refuse_ambiguous_pairs(
    by_id: dict[str, list[ItemResult]], pairs: list[tuple[str, str]]
) -> None:
    """A pair naming an id that several items share cannot be checked: which one is meant?"""
    shared = sorted({i for pair in pairs for i in pair if len(by_id.get(i, ())) > 1})
    if shared:
        named = "; ".join(
            f"{ident} ({', '.join(item.input for item in by_id[ident])})" for ident in shared
        )
        raise UsageError(
            f"the pairs name ids that more than one corpus item has: {named}; give each "
            "item its own id"
        )


def refuse_unknown_pairs(by_id: dict[str, list[ItemResult]], pairs: list[tuple[str, str]]) -> None:
    """A pair naming an id no corpus item has is a typo or a stale pairs file, not a
    regression: failing the gate (exit 1) would say the model got worse."""
    unknown = [
        f"{ident} (pair {number})"
        for number, pair in enumerate(pairs, start=1)
        for ident in pair
        if ident not in by_id
    ]
    if unknown:
        raise UsageError(
            f"the pairs name ids that no corpus item has: {listed(unknown, 5)}; a pair names "
            "a row's id, or a file's path inside the corpus folder"
        )


def refuse_swapped_pairs(by_id: dict[str, list[ItemResult]], pairs: list[tuple[str, str]]) -> None:
    """A pair whose attributed_id item is labelled 0 and unsourced_id item 1 is almost
    certainly written the wrong way round: gating it would test what its file does not say."""

    def label(ident: str) -> int | None:
        return by_id[ident][0].label if ident in by_id else None

    swapped = [
        f"pair {number} ({first}, {second})"
        for number, (first, second) in enumerate(pairs, start=1)
        if (label(first), label(second)) == (0, 1)
    ]
    if swapped:
        raise UsageError(
            f"{listed(swapped, 3, '; ')}: the attributed_id item is labelled 0 and the "
            "unsourced_id item 1, so the columns look swapped: attributed_id names the item "
            "labelled 1"
        )


def pairs_check(
    items: list[ItemResult], pairs: list[tuple[str, str]], folder: Path | None = None
) -> Gate:
    gate = Gate("pairs", len(pairs))
    by_id = items_by_id(items, folder)
    refuse_unknown_pairs(by_id, pairs)
    refuse_ambiguous_pairs(by_id, pairs)
    refuse_swapped_pairs(by_id, pairs)
    for number, (first_id, second_id) in enumerate(pairs, start=1):
        name = f"pair {number} ({first_id}, {second_id})"
        first, second = by_id[first_id][0], by_id[second_id][0]
        if first.score is None or second.score is None:
            _fail(gate, None, f"{name}: not scored, so the order cannot be checked")
            continue
        if first.label is not None and second.label is not None:
            if first.label == second.label:
                _fail(gate, None, f"{name}: both are labelled {first.label}; a pair needs 1 and 0")
                continue
            why = f"{first.id} is labelled 1 and {second.id} 0"  # not swapped: refused above
        else:
            why = "the pairs file lists it first"
        if first.score <= second.score:
            _fail(
                gate,
                None,
                f"{name} ordered wrongly: {first.id} should score above {second.id} ({why}), "
                f"but scores {first.score:.3f} vs {second.score:.3f}",
            )
    return gate


def bands_check(items: list[ItemResult]) -> Gate:
    expected = [item for item in _scored(items) if item.expected_band]
    gate = Gate("bands", len(expected))
    for item in expected:
        assert item.expected_band is not None
        if item.band not in item.expected_band:
            _fail(
                gate,
                item,
                f"item {item.id} left its expected band: {item.band} (score {item.score:.3f}), "
                f"expected {' or '.join(item.expected_band)}",
            )
    return gate


def fail_under_check(items: list[ItemResult], fail_under: float | None) -> Gate:
    drafts = [item for item in _scored(items) if item.label is None]
    gate = Gate("fail_under", len(drafts) if fail_under is not None else 0)
    if fail_under is None:
        return gate
    for item in drafts:
        assert item.score is not None
        if item.score < fail_under:
            lowering = [reason for reason in item.reasons if reason.endswith("(lowers the score)")]
            why = "; ".join(reason.removesuffix(" (lowers the score)") for reason in lowering)
            _fail(
                gate,
                item,
                f"item {item.id} scores {item.score:.3f}, under {fail_under}"
                + (f": {why}" if why else ""),
            )
    return gate


# -- reports ----------------------------------------------------------------------------


def _score_text(score: float | None) -> str:
    return "-" if score is None else f"{score:.3f}"


def format_text(report: CheckReport) -> str:
    """A readable summary: gates, then every item."""
    status = "passed" if report.passed else "FAILED"
    auc = "n/a" if report.auc is None else f"{report.auc:.3f}"
    lines = [
        f"sourcecheck check {report.corpus}: {status}",
        f"{len(report.items)} items, ROC AUC on {report.auc_items} labelled items {auc}",
        "",
        f"{'gate':<12}{'result':<9}{'tested':>7}  threshold",
    ]
    thresholds = {
        "auc": report.settings.min_auc,
        "fail_under": report.settings.fail_under,
        "pairs": report.settings.pairs,
    }
    for gate in report.gates:
        result = "skipped" if gate.tested == 0 else "ok" if gate.passed else "FAIL"
        limit = thresholds.get(gate.name)
        lines.append(
            f"{gate.name:<12}{result:<9}{gate.tested:>7}  {'' if limit is None else limit}"
        )
    lines += ["", f"{'id':<58}{'label':>6}{'score':>8}  {'band':<7}expected"]
    for item in report.items:
        label = "-" if item.label is None else str(item.label)
        expected = "/".join(item.expected_band) if item.expected_band else ""
        mark = "  <- FAIL" if item.failures else ""
        band = item.band or item.status
        ident = visible(item.id, inline=True)[:57]
        lines.append(
            f"{ident:<58}{label:>6}{_score_text(item.score):>8}  {band:<7}{expected}{mark}"
        )
    return "\n".join(lines) + "\n"


def format_json(report: CheckReport) -> str:
    data = {
        "corpus": report.corpus,
        "passed": report.passed,
        "settings": asdict(report.settings),
        "roc_auc": report.auc,
        "roc_auc_items": report.auc_items,
        "gates": [
            {"name": g.name, "passed": g.passed, "tested": g.tested, "failures": g.failures}
            for g in report.gates
        ],
        "items": [asdict(item) for item in report.items],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# Characters XML 1.0 cannot hold at all, escaped or not (C0 controls but tab, LF, CR).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    """``text`` as XML can carry it: an id or message from a scraped corpus may hold a
    control character, which ElementTree writes as is, and the report no parser reads."""
    return _NOT_XML.sub("\ufffd", text)


def format_junit(report: CheckReport) -> str:
    """JUnit XML: one testcase per item and per gate, failures with their messages."""
    suite = ElementTree.Element("testsuite", name=_xml(f"sourcecheck check {report.corpus}"))
    cases = 0
    failures = 0
    for item in report.items:
        case = ElementTree.SubElement(suite, "testcase", classname="items", name=_xml(item.id))
        cases += 1
        if item.failures:
            failures += 1
            failure = ElementTree.SubElement(case, "failure", message=_xml(item.failures[0]))
            failure.text = _xml("\n".join(item.failures))
    for gate in report.gates:
        case = ElementTree.SubElement(suite, "testcase", classname="gates", name=gate.name)
        cases += 1
        if gate.tested == 0:
            ElementTree.SubElement(case, "skipped", message="nothing to test")
        elif gate.failures:
            failures += 1
            failure = ElementTree.SubElement(case, "failure", message=_xml(gate.failures[0]))
            failure.text = _xml("\n".join(gate.failures))
    suite.set("tests", str(cases))
    suite.set("failures", str(failures))
    ElementTree.indent(suite)
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def _github_escape(text: str, *, property: bool = False) -> str:
    # The escaping GitHub's workflow commands require (toolkit's escapeData/escapeProperty).
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property else text


def format_github(report: CheckReport) -> str:
    """GitHub Actions workflow commands: one ``::error`` per failure and a summary notice."""
    lines = []
    for gate in report.gates:
        title = _github_escape(f"sourcecheck check: {gate.name}", property=True)
        lines += [f"::error title={title}::{_github_escape(f)}" for f in gate.failures]
    auc = "n/a" if report.auc is None else f"{report.auc:.3f}"
    summary = f"{len(report.items)} items, ROC AUC {auc}, {'passed' if report.passed else 'FAILED'}"
    title = _github_escape("sourcecheck check", property=True)
    lines.append(f"::notice title={title}::{_github_escape(summary)}")
    return "\n".join(lines) + "\n"


RENDERERS = {
    "text": format_text,
    "json": format_json,
    "junit": format_junit,
    "github": format_github,
}
