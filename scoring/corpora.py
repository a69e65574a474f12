"""Training data: labelled articles from the shared corpora, the seed pair, or a user's file.

Every adapter returns a pandas DataFrame with the columns of :data:`COLUMNS`, one row per
article: ``id``, ``text``, ``title``, ``source`` (the publisher, the unit folds are grouped
by), ``label`` (1 = reliable, attributed reporting; 0 = not), ``corpus`` and ``url``.

No public corpus labels "unsourced vs attributed" exactly: the labels are veracity ratings,
a proxy (see each corpus' PROVENANCE.md). The corpora root is ``$SOURCECHECK_CORPORA``, or
``../shared/corpora`` next to the repository.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pandas as pd

from sourcecheck.scoring import mojibake
from sourcecheck.scoring.articles import MIN_WORDS, Article, LoadError
from sourcecheck.scoring.errors import SourcecheckError, UsageError
from sourcecheck.scoring.loading import LABELS_FILE, iter_articles, parse_label

log = logging.getLogger(__name__)

COLUMNS = ["id", "text", "title", "source", "label", "corpus", "url"]
# A built-in loader's frame.attrs key: why articles were left out, and how many.
LEFT_OUT = "left_out"
SHORT = f"under {MIN_WORDS} words"
BUILTIN = ("buzzfeed_webis_2016", "fakenewsnet_v1", "golbeck_fake_vs_satire", "seeds")

BUZZFEED_LABELS = {"mostly true": 1, "mixture of true and false": 0, "mostly false": 0}
FAKENEWSNET_LABELS = {"Real": 1, "Fake": 0}
GOLBECK_LABELS = {"Fake": 0, "Satire": 0}  # no reliable class: both are unreliable examples
LABEL_MAPPING = {
    "buzzfeed_webis_2016": {
        **BUZZFEED_LABELS,
        "no factual content": "dropped",
        f"< {MIN_WORDS} words": "dropped",
    },
    "fakenewsnet_v1": {
        "real": 1,
        "fake": 0,
        "also in buzzfeed_webis_2016 (url or title)": "dropped",
        f"< {MIN_WORDS} words": "dropped",
    },
    "golbeck_fake_vs_satire": {"fake": 0, "satire": 0},
    "seeds": {"label column of data/examples/labels.tsv": "as given (0/1)"},
}

# Publisher names by web domain, so one outlet is one group across corpora (its short links
# and mirrors included): a fold must never hold the same outlet in train and test.
_DOMAIN_PUBLISHER = {
    "abcnews.go.com": "abc",
    "abcn.ws": "abc",
    "cnn.com": "cnn",
    "cnn.it": "cnn",
    "politico.com": "politico",
    "politi.co": "politico",
    "rightwingnews.com": "right-wing-news",
    "eaglerising.com": "eagle-rising",
    "freedomdaily.com": "freedom-daily",
    "occupydemocrats.com": "occupy-democrats",
    "addictinginfo.org": "addicting-info",
    "addictinginfo.com": "addicting-info",
    "theother98.com": "the-other-98",
}
_SHORTENERS = {"goo.gl", "bit.ly", "ow.ly", "t.co", "tinyurl.com", "dlvr.it", "fb.me"}


def _error(message: str) -> SourcecheckError:
    return SourcecheckError(message)


def checkout_root() -> Path | None:
    """The source checkout this package runs from (where pyproject.toml is), if any: None
    for an install from a wheel."""
    here = Path(__file__).resolve().parent.parent
    return here if (here / "pyproject.toml").exists() else None


def repo_root() -> Path:
    """The repository root (where pyproject.toml is), or the current directory."""
    return checkout_root() or Path.cwd()


def corpora_root(*, must_exist: bool = True) -> Path:
    """``$SOURCECHECK_CORPORA``, or ``<repo>/../shared/corpora``; raises when it is absent."""
    env = os.environ.get("SOURCECHECK_CORPORA")
    root = Path(env) if env else repo_root().parent / "shared" / "corpora"
    if must_exist and not root.is_dir():
        raise _error(
            f"corpora folder not found: {root} (set SOURCECHECK_CORPORA to the folder that "
            "holds buzzfeed_webis_2016/, fakenewsnet_v1/, ...)"
        )
    return root


def seeds_dir() -> Path:
    """The labelled seed pair shipped in ``data/examples``."""
    import sourcecheck.data

    return Path(sourcecheck.data.__file__).resolve().parent / "examples"


def n_words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def normalise_url(url: str | None) -> str:
    """``host/path`` in lower case, no scheme, ``www.``, query or trailing slash."""
    if not url:
        return ""
    parts = urlsplit(url.strip().lower())
    host = parts.netloc.removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"


def normalise_title(title: str | None) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", (title or "").lower()))


def publisher_from_url(url: str | None) -> str:
    """The publisher of an article URL: a known outlet's name, else its registered domain."""
    host = urlsplit((url or "").strip().lower()).netloc.split(":")[0]
    host = host.removeprefix("www.")
    if not host or host in _SHORTENERS:
        return ""
    for domain, name in _DOMAIN_PUBLISHER.items():
        if host == domain or host.endswith("." + domain):
            return name
    # "author.addictinginfo.org" and "addictinginfo.org" are one outlet: keep the last two
    # labels (three for hosts like "news.co.uk").
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-2]) <= 3 and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def _frame(rows: Iterable[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=COLUMNS)
    frame["label"] = frame["label"].astype(int)
    for column in ("id", "text", "title", "source", "corpus", "url"):
        frame[column] = frame[column].fillna("").astype(str)
    # As loading does for a user's articles: buzzfeed_webis_2016 stores 80 articles as
    # mojibake, their quotations hidden from the features.
    frame["text"] = [mojibake.repaired(text) or text for text in frame["text"]]
    return frame.reset_index(drop=True)


def _read_text(path: Path) -> str:
    """A text file as UTF-8, or cp1252 when it is not valid UTF-8 (some corpus files are)."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


# -- buzzfeed_webis_2016 ----------------------------------------------------------------


def _buzzfeed_text(root: ElementTree.Element) -> str:
    """mainText with its paragraphs restored as lines (the XML joins them with a space)."""
    text = root.findtext("mainText") or ""
    chars = list(text)
    for para in root.findall("paragraph"):
        end = int(para.findtext("end") or -1)
        if 0 <= end < len(chars) and chars[end].isspace():
            chars[end] = "\n"
    return "".join(chars).strip()


def buzzfeed_files(root: Path | None = None) -> list[Path]:
    folder = (root or corpora_root()) / "buzzfeed_webis_2016" / "articles"
    if not folder.is_dir():
        raise _error(f"buzzfeed_webis_2016 articles not found in {folder}")
    return sorted(folder.glob("*.xml"))


def load_buzzfeed(root: Path | None = None) -> pd.DataFrame:
    """BuzzFeed-Webis 2016: mostly true = 1; mixture and mostly false = 0; the rest dropped."""
    rows = []
    left_out: Counter[str] = Counter()
    for path in buzzfeed_files(root):
        xml = ElementTree.parse(path).getroot()
        veracity = (xml.findtext("veracity") or "").strip()
        text = _buzzfeed_text(xml)
        if veracity not in BUZZFEED_LABELS:
            left_out[veracity or "no veracity rating"] += 1
            continue
        if n_words(text) < MIN_WORDS:
            left_out[SHORT] += 1
            continue
        rows.append(
            {
                "id": f"buzzfeed_webis_2016:{path.stem}",
                "text": text,
                "title": (xml.findtext("title") or "").strip(),
                "source": (xml.findtext("portal") or "").strip(),
                "label": BUZZFEED_LABELS[veracity],
                "corpus": "buzzfeed_webis_2016",
                "url": (xml.findtext("uri") or "").strip(),
            }
        )
    frame = _frame(rows)
    frame.attrs[LEFT_OUT] = dict(left_out)
    return frame


# -- fakenewsnet_v1 ---------------------------------------------------------------------


def fakenewsnet_files(root: Path | None = None) -> list[Path]:
    folder = (root or corpora_root()) / "fakenewsnet_v1"
    files = sorted(folder.glob("*/*NewsContent/*.json"))
    if not files:
        raise _error(f"fakenewsnet_v1 articles not found in {folder}")
    return files


def load_fakenewsnet(root: Path | None = None, *, dedupe: bool = True) -> pd.DataFrame:
    """FakeNewsNet v1 (fake = 0, real = 1), without the articles also in BuzzFeed-Webis.

    The two come from the same 2016 fact-check: an article in both would sit in train and
    test of one fold. Duplicates are matched by normalised URL or title (and within FNN).
    """
    rows = []
    left_out: Counter[str] = Counter()
    for path in fakenewsnet_files(root):
        data = json.loads(path.read_text(encoding="utf-8"))
        text = str(data.get("text") or "").strip()
        if n_words(text) < MIN_WORDS:
            left_out[SHORT] += 1
            continue
        kind = "Real" if path.parent.name.startswith("Real") else "Fake"
        url = str(data.get("url") or "")
        source = ""
        for candidate in (data.get("canonical_link"), url, data.get("source")):
            source = publisher_from_url(str(candidate or ""))
            if source:
                break
        rows.append(
            {
                "id": f"fakenewsnet_v1:{path.stem.removesuffix('-Webpage')}",
                "text": text,
                "title": str(data.get("title") or "").strip(),
                "source": source or "fakenewsnet:unknown",
                "label": FAKENEWSNET_LABELS[kind],
                "corpus": "fakenewsnet_v1",
                "url": url,
            }
        )
    frame = _frame(rows)
    if dedupe:
        n = len(frame)
        frame = drop_duplicates_of(frame, load_buzzfeed_keys(root))
        left_out["also in buzzfeed_webis_2016"] = n - len(frame)
        n = len(frame)
        frame = _dedupe_within(frame)
        left_out["duplicate title or text"] = n - len(frame)
    frame.attrs[LEFT_OUT] = {reason: n for reason, n in left_out.items() if n}
    return frame


def load_buzzfeed_keys(root: Path | None = None) -> tuple[set[str], set[str]]:
    """Normalised URLs and titles of every BuzzFeed-Webis article (dropped ones included)."""
    urls, titles = set(), set()
    for path in buzzfeed_files(root):
        xml = ElementTree.parse(path).getroot()
        urls.add(normalise_url(xml.findtext("uri")))
        titles.add(normalise_title(xml.findtext("title")))
    urls.discard("")
    titles.discard("")
    return urls, titles


def drop_duplicates_of(frame: pd.DataFrame, keys: tuple[set[str], set[str]]) -> pd.DataFrame:
    """Rows whose normalised URL or title is not among ``keys`` (urls, titles)."""
    urls, titles = keys
    url_key = frame["url"].map(normalise_url)
    title_key = frame["title"].map(normalise_title)
    # Short or generic titles ("Home", "") would match unrelated articles.
    long_title = title_key.str.count(" ") >= 3
    dup = url_key.isin(urls - {""}) | (long_title & title_key.isin(titles))
    return frame.loc[~dup].reset_index(drop=True)


def _dedupe_within(frame: pd.DataFrame) -> pd.DataFrame:
    title_key = frame["title"].map(normalise_title)
    text_key = frame["text"].str.slice(0, 500)
    keep = ~(title_key.duplicated() & (title_key != "")) & ~text_key.duplicated()
    return frame.loc[keep].reset_index(drop=True)


# -- golbeck_fake_vs_satire -------------------------------------------------------------


def golbeck_files(root: Path | None = None) -> list[Path]:
    folder = (root or corpora_root()) / "golbeck_fake_vs_satire" / "StoryText"
    files = sorted(folder.glob("*/*/*.txt"))
    if not files:
        raise _error(f"golbeck_fake_vs_satire stories not found in {folder}")
    return files


def _xlsx_rows(path: Path) -> list[list[str]]:
    """Cell strings of the first sheet of an .xlsx (no openpyxl needed)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as archive:
        shared = [
            "".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t"))
            for si in ElementTree.fromstring(archive.read("xl/sharedStrings.xml")).findall(
                "m:si", ns
            )
        ]
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iterfind(".//m:sheetData/m:row", ns):
        cells = {}
        for cell in row.findall("m:c", ns):
            col = re.sub(r"\d", "", cell.get("r", ""))
            value = cell.findtext("m:v", default="", namespaces=ns)
            cells[col] = shared[int(value)] if cell.get("t") == "s" and value else value
        rows.append([cells.get(c, "") for c in "ABCDE"])
    return rows


def load_golbeck(root: Path | None = None) -> pd.DataFrame:
    """Golbeck et al. 2018: fake and satire stories, both label 0 (no reliable class)."""
    base = root or corpora_root()
    urls: dict[str, str] = {}
    xlsx = base / "golbeck_fake_vs_satire" / "Fake News Stories.xlsx"
    if xlsx.exists():
        for number, url, *_ in _xlsx_rows(xlsx)[1:]:
            number = number.split(".")[0].strip()
            if number and url:
                urls.setdefault(number, url.strip())
    rows = []
    for path in golbeck_files(base):
        text = _read_text(path).strip()
        if n_words(text) < MIN_WORDS:
            continue
        kind = path.parent.parent.name  # Fake | Satire
        url = urls.get(path.stem, "")
        title = text.split("\n", 1)[0].strip()
        rows.append(
            {
                "id": f"golbeck_fake_vs_satire:{kind}/{path.stem}",
                "text": text,
                "title": title,
                "source": publisher_from_url(url) or f"golbeck:{kind.lower()}",
                "label": GOLBECK_LABELS[kind],
                "corpus": "golbeck_fake_vs_satire",
                "url": url,
            }
        )
    return _frame(rows)


# -- labels.tsv: the seed pair, a check folder ------------------------------------------


class FileLabel(NamedTuple):
    """One row of a labels.tsv: a file (its path inside the folder) and its 0/1 label."""

    id: str
    path: str
    label: int


def read_labels(path: Path) -> list[FileLabel]:
    """The rows of a labels.tsv, tab-separated with a header: ``path`` and ``label``
    (0/1, true/false), optional ``id`` (else the path), as data/examples/labels.tsv.
    A missing column, a label that is not one or a file that is not UTF-8 (a spreadsheet's
    "Unicode Text" is UTF-16) is a usage error naming the line or the file."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        try:
            return _label_rows(path, csv.DictReader(stream, delimiter="\t"))
        except UnicodeDecodeError:
            raise UsageError(f"{path}: not UTF-8 text; save it as UTF-8") from None


def _label_rows(path: Path, reader: csv.DictReader[str]) -> list[FileLabel]:
    if not {"path", "label"} <= set(reader.fieldnames or ()):
        found = ", ".join(repr(name) for name in reader.fieldnames or ())
        raise UsageError(
            f"{path}: needs a header with the columns path and label, tab-separated "
            f"(found: {found or 'nothing'})"
        )
    rows = []
    for row in reader:
        named, value = (row.get("path") or "").strip(), row.get("label")
        label, _ = parse_label(value)
        if label is None:
            wrong = (
                f"{named!r} has no label"
                if value is None or not value.strip()  # a short row, or an empty cell
                else f"label {value!r} of {named!r} is not 0 or 1 (or true/false)"
            )
            raise UsageError(f"{path}: line {reader.line_num}: {wrong}")
        rows.append(FileLabel((row.get("id") or "").strip() or named, named, label))
    return rows


def seed_files() -> list[Path]:
    folder = seeds_dir()
    return [folder / LABELS_FILE, *(folder / row.path for row in read_labels(folder / LABELS_FILE))]


def load_seeds() -> pd.DataFrame:
    """The labelled seed pair of data/examples (each file is its own publisher)."""
    folder = seeds_dir()
    rows: list[dict[str, object]] = []
    for ident, path, label in read_labels(folder / LABELS_FILE):
        text = _read_text(folder / path)
        rows.append(
            {
                "id": ident,
                "text": text,
                "title": text.strip().split("\n", 1)[0].strip(),
                "source": f"seeds:{ident}",
                "label": label,
                "corpus": "seeds",
                "url": "",
            }
        )
    return _frame(rows)


# -- a user's own labelled file or folder -----------------------------------------------


def load_user_corpus(path: str | Path) -> pd.DataFrame:
    """Labelled articles from a JSONL/CSV/Parquet file or a folder (``text``, ``label``,
    optional ``source``, ``id``, ``title``, ``url``), through the project's article loader.

    Without a ``source``, each article is its own group, which makes grouped folds random
    splits: give a publisher column when there is one.
    """
    path = Path(path)
    if not path.exists():
        raise _error(f"corpus not found: {path} (give a built-in name: {', '.join(BUILTIN)})")
    rows: list[dict[str, object]] = []
    ungrouped = 0
    for article in _labelled_articles(path):
        url = article.url or ""
        publisher = article.source or publisher_from_url(url)
        ungrouped += not publisher
        rows.append(
            {
                "id": article.id,
                "text": article.text,
                "title": article.title or "",
                "source": publisher or article.id,
                "label": article.label,
                "corpus": path.name,
                "url": url,
            }
        )
    if not rows:
        raise _error(f"no labelled articles found in {path}")
    if ungrouped:
        log.warning(
            "%s: %d of %d articles have no source or url, so each is its own publisher group: "
            "folds split them article by article and the metrics are optimistic; add a source "
            "column",
            path,
            ungrouped,
            len(rows),
        )
    return _frame(rows)


# The loader's warning for a label that is not one ("label 'yes' ignored: expected 0/1 or
# true/false"): scoring ignores it, training stops at it, so it is said another way here.
_BAD_LABEL = re.compile(r"label (.*) ignored: expected (.*)")


def _labelled_articles(path: Path) -> Iterable[Article]:
    """The articles of ``path`` through the project's loader, each with a 0/1 label: a
    training set must be complete, so an unreadable item or a missing label stops it."""
    for item in iter_articles([str(path)]):
        if isinstance(item, LoadError):
            raise _error(f"cannot read {item.input}: {item.error}")
        if item.label is None:
            bad = next(filter(None, map(_BAD_LABEL.fullmatch, item.warnings)), None)
            why = f"label {bad[1]} is not {bad[2]}" if bad else "no label"
            raise _error(f"{item.input}: {why}; every training article needs label 0 or 1")
        yield item


# -- by name or path --------------------------------------------------------------------

_LOADERS = {
    "buzzfeed_webis_2016": load_buzzfeed,
    "fakenewsnet_v1": load_fakenewsnet,
    "golbeck_fake_vs_satire": load_golbeck,
}


def load_corpus(spec: str | Path) -> pd.DataFrame:
    """A built-in corpus by name (``buzzfeed_webis_2016``, ``fakenewsnet_v1``,
    ``golbeck_fake_vs_satire``, ``seeds``) or a user's labelled file or folder."""
    name = str(spec)
    if name == "seeds":
        return load_seeds()
    if name in _LOADERS:
        return _LOADERS[name]()
    return load_user_corpus(name)


def load_corpora(specs: Sequence[str | Path]) -> pd.DataFrame:
    """Several corpora in one frame; an article id appears once.

    The same article given twice (one id, one text) is kept once; an id shared by
    different texts is refused, since keeping either would drop the other silently.
    """
    if not specs:
        raise _error("no corpus given")
    frames = [load_corpus(spec) for spec in specs]
    left_out = {
        str(spec): f.attrs[LEFT_OUT]
        for spec, f in zip(specs, frames, strict=True)
        if f.attrs.get(LEFT_OUT)
    }
    frame = pd.concat(frames, ignore_index=True).drop_duplicates(["id", "text"])
    shared = frame.loc[frame["id"].duplicated(keep=False)]
    if not shared.empty:
        ident = shared["id"].iloc[0]
        rows = shared.loc[shared["id"] == ident]
        raise _error(
            f"id {ident!r} names {len(rows)} different articles (in "
            f"{', '.join(sorted(set(rows['corpus'])))}): give each article its own id, or "
            "leave the id column out (each row is then named by its file and line)"
        )
    frame = frame.reset_index(drop=True)
    frame.attrs = {LEFT_OUT: left_out}
    return frame


def left_out_lines(frame: pd.DataFrame) -> list[str]:
    """One line per built-in corpus that left articles out (:func:`load_corpora`'s frame):
    what a user counting the corpus's files would otherwise miss."""
    return [
        f"{corpus}: left out {sum(counts.values())} article(s): "
        + ", ".join(f"{n} {reason}" for reason, n in counts.items())
        for corpus, counts in frame.attrs.get(LEFT_OUT, {}).items()
    ]


def corpus_files(spec: str | Path) -> list[Path]:
    """The files a corpus is read from (their sha256 goes into the model card)."""
    name = str(spec)
    if name == "seeds":
        return seed_files()
    if name == "buzzfeed_webis_2016":
        return buzzfeed_files()
    if name == "fakenewsnet_v1":
        return fakenewsnet_files() + buzzfeed_files()  # deduplicated against buzzfeed
    if name == "golbeck_fake_vs_satire":
        root = corpora_root() / "golbeck_fake_vs_satire"
        return golbeck_files() + sorted(root.glob("*.xlsx"))
    path = Path(name)
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
