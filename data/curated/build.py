"""Rebuild data/curated/articles.jsonl from ../shared/corpora (and the seed pair).

The selection below was made by reading the articles, by category (see README.md), before
any of them was scored. Labels and expected bands are the project's reading of how each
article is sourced; ``source_label`` keeps the corpus's own rating beside it.

    /work/venv/bin/python data/curated/build.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pandas as pd

from sourcecheck.scoring import corpora, mojibake

HERE = Path(__file__).resolve().parent
# Bounds, not exact bands: see README.md ("Expected bands").
NOT_LOW = ["medium", "high"]
NOT_HIGH = ["low", "medium"]

LICENCES = {
    "seeds": "None stated (published web articles kept as data; shared/seeds/README.md)",
    "buzzfeed_webis_2016": "None stated in the copying repo; the original Zenodo record's "
    "licence was not verified (PROVENANCE.md)",
    "fakenewsnet_v1": "None stated in the repo at that commit (PROVENANCE.md)",
    "golbeck_fake_vs_satire": "None stated; the README asks for citation (PROVENANCE.md)",
    "basil": "None stated (no LICENSE file) (PROVENANCE.md)",
    "polnear": "None stated (no LICENSE file; README gives the citation) (PROVENANCE.md)",
}

# (category, corpus, file, label, expected_band, reason)
SELECTION: list[tuple[str, str, str, int | None, list[str] | None, str]] = [
    # -- the defining pair ---------------------------------------------------------------
    ("seed", "seeds", "attributed_002.txt", 1, NOT_LOW,
     "the defining attributed example: named officials, dated events, direct quotes"),
    ("seed", "seeds", "unsourced_000.txt", 0, NOT_HIGH,
     "the defining unsourced example: 'reports suggest', 'it is believed', no names"),
    # -- wire-style and attributed news reporting ------------------------------------------
    ("wire", "polnear", "train/text/breitbart_2016-05-18_trump-s-investments-include-comp.txt",
     1, NOT_LOW, "AP wire copy: dateline, financial disclosure documents cited, named sources"),
    ("wire", "polnear", "train/text/breitbart_2016-04-12_mexican-anchor-crosses-swords-wi.txt",
     1, NOT_LOW, "AFP wire copy: dateline, quotes attributed to named people"),
    ("wire", "polnear", "train/text/breitbart_2016-05-15_trump-talks-to-megyn-kelly-about.txt",
     1, NOT_LOW, "short AP wire story built on a quoted, attributed interview"),
    ("wire", "polnear", "train/text/wash-post_2016-04-30_indiana-governor-endorses-cruz-b.txt",
     1, NOT_LOW, "Washington Post campaign report: dateline, named speakers, direct quotes"),
    ("wire", "polnear", "train/text/usa-today_2016-02-04_clinton-and-sanders-face-the-vot.txt",
     1, NOT_LOW, "USA Today town-hall report: what each candidate said, attributed"),
    ("wire", "buzzfeed_webis_2016", "articles/1344.xml", 1, NOT_LOW,
     "Politico report: named speaker, dated press call, many direct quotes"),
    ("wire", "buzzfeed_webis_2016", "articles/0015.xml", 1, NOT_LOW,
     "ABC News campaign report: named candidate and event, quotes"),
    ("wire", "fakenewsnet_v1", "PolitiFact/RealNewsContent/PolitiFact_Real_108-Webpage.json",
     1, NOT_LOW, "CNN report: a governor's dated, attributed rebuttal with quotes"),
    ("wire", "basil", "articles/2017/0c78e748-efbf-417c-a8c1-beeb6480147f_1.json", 1, NOT_LOW,
     "NYT on Flynn's guilty plea (one event, three outlets): attributed statements"),
    ("wire", "basil", "articles/2017/0c78e748-efbf-417c-a8c1-beeb6480147f_2.json", 1, NOT_LOW,
     "Fox News on the same Flynn event: quotes attributed to the president and others"),
    ("wire", "basil", "articles/2017/0c78e748-efbf-417c-a8c1-beeb6480147f_3.json", 1, NOT_LOW,
     "HuffPost on the same Flynn event: named speakers and direct quotes"),
    ("wire", "basil", "articles/2019/3ae35b16-7f7f-4a5e-9f24-5ce724106a73_3.json", 1, NOT_LOW,
     "long NYT report (1,800 words) on the border emergency: many named sources"),
    # -- hedged but well-sourced: uncertainty attributed, not authorial -------------------
    ("hedged", "buzzfeed_webis_2016", "articles/0390.xml", 1, NOT_LOW,
     "CNN: 'alleged', 'preliminary' investigation, attributed to law enforcement officials"),
    ("hedged", "buzzfeed_webis_2016", "articles/1272.xml", 1, NOT_LOW,
     "Politico: a lobbying push that 'could' sink a bill, named companies and lobbyists"),
    ("hedged", "buzzfeed_webis_2016", "articles/1242.xml", 1, NOT_LOW,
     "Politico poll story: 'essentially tied', margins of error, the poll named"),
    ("hedged", "basil", "articles/2011/2058ec60-5372-4f5f-83a3-da780be3a350_2.json", 1, NOT_LOW,
     "Fox News on oral arguments: 'may' be dismissed, justices quoted by name"),
    ("hedged", "polnear", "train/text/nyt_2016-01-30_traditionally-democrat-unions-ar.txt", 1,
     NOT_LOW, "NYT: Trump 'could' draw union voters, per named labour leaders"),
    ("hedged", "polnear", "train/text/breitbart_2015-12-20_republican-donor-adelson-and-tru.txt",
     1, NOT_LOW, "Reuters wire: 'may be aligning' in the headline, Adelson quoted on the record"),
    ("hedged", "polnear", "train/text/breitbart_2016-04-15_daggers-drawn-as-trump-cruz-wage.txt",
     1, NOT_LOW, "AFP wire on delegate counts: hedged forecasts, attributed to named people"),
    # -- anonymous sourcing, and a veracity label that disagrees with the sourcing --------
    ("anonymous", "buzzfeed_webis_2016", "articles/1203.xml", 1, None,
     "Politico scoop 'according to three sources familiar': attributed but anonymous"),
    ("proxy-disagreement", "buzzfeed_webis_2016", "articles/0995.xml", None, None,
     "Politico report of a campaign memo, rated 'mixture' by BuzzFeed: sourcing and veracity "
     "label disagree, so unlabelled"),
    # -- opinion and analysis: sourcing is not their job, so no label ---------------------
    ("opinion", "buzzfeed_webis_2016", "articles/0507.xml", None, None,
     "CNN analysis of a debate ('no factual content'): argument, few sources"),
    ("opinion", "buzzfeed_webis_2016", "articles/0492.xml", None, None,
     "CNN debate takeaways ('no factual content'): analysis built on quotes"),
    ("opinion", "buzzfeed_webis_2016", "articles/0588.xml", None, None,
     "Eagle Rising opinion list ('no factual content'): no sources at all"),
    ("opinion", "buzzfeed_webis_2016", "articles/0720.xml", None, None,
     "Eagle Rising media criticism ('no factual content'): partisan argument"),
    ("opinion", "buzzfeed_webis_2016", "articles/0590.xml", None, None,
     "Eagle Rising column ('no factual content'): essay, no reporting"),
    ("opinion", "buzzfeed_webis_2016", "articles/0758.xml", None, None,
     "Freedom Daily open letter from an unnamed Marine ('no factual content')"),
    # -- unsourced hyperpartisan / content-farm prose ------------------------------------
    ("unsourced", "buzzfeed_webis_2016", "articles/1579.xml", 0, NOT_HIGH,
     "Right Wing News: 'allegations of bias' about Snopes with no named source"),
    ("unsourced", "buzzfeed_webis_2016", "articles/1502.xml", 0, NOT_HIGH,
     "Right Wing News: a 'sick new email' that 'CONFIRMED' a plot, nobody named"),
    ("unsourced", "buzzfeed_webis_2016", "articles/0820.xml", 0, NOT_HIGH,
     "Freedom Daily ('mostly false'): a crime story with no named source or date"),
    ("unsourced", "buzzfeed_webis_2016", "articles/1390.xml", 0, NOT_HIGH,
     "Right Wing News: insults and claims about an event, no sources"),
    ("unsourced", "buzzfeed_webis_2016", "articles/1406.xml", 0, NOT_HIGH,
     "Right Wing News: first-person rant about NFL players, nothing attributed"),
    ("unsourced", "buzzfeed_webis_2016", "articles/0168.xml", 0, None,
     "Addicting Info ('mixture'): left-wing commentary on a speech; quotes it, so no band"),
    ("unsourced", "buzzfeed_webis_2016", "articles/0609.xml", 0, NOT_HIGH,
     "Eagle Rising ('mostly false'): Clinton 'double' speculation from photos, unsourced"),
    # -- fabricated stories with no sources -----------------------------------------------
    ("fabricated", "golbeck_fake_vs_satire", "StoryText/Fake/finalFake/485.txt", 0, NOT_HIGH,
     "fabricated (rebutted): Clinton 'green screen' story, no source for the claim"),
    ("fabricated", "golbeck_fake_vs_satire", "StoryText/Fake/finalFake/432.txt", 0, NOT_HIGH,
     "fabricated (rebutted): Chinese rover finds no moon landings, 'high ranking officials'"),
    ("fabricated", "golbeck_fake_vs_satire", "StoryText/Fake/finalFake/483.txt", 0, NOT_HIGH,
     "fabricated (rebutted): 'rigged poll plans' in emails, assertion without sources"),
    # -- fabricated stories that imitate attribution (a sourcing scorer's blind spot) ----
    ("invented-attribution", "golbeck_fake_vs_satire", "StoryText/Fake/finalFake/46.txt", 0,
     None, "fabricated (rebutted): pins the claim on a named reporter and the FBI"),
    ("invented-attribution", "golbeck_fake_vs_satire", "StoryText/Fake/finalFake/379.txt", 0,
     None, "fabricated (rebutted): a 'landmark bill' with quotes and named officials"),
    ("invented-attribution", "golbeck_fake_vs_satire", "StoryText/Fake/finalFake/52.txt", 0,
     None, "fabricated (rebutted): Obama's call to Harvard per 'sources within Harvard'"),
    ("invented-attribution", "golbeck_fake_vs_satire", "StoryText/Fake/finalFake/536.txt", 0,
     None, "fabricated (rebutted): cites a real report and newspaper, spun into a cover-up"),
    ("invented-attribution", "fakenewsnet_v1",
     "PolitiFact/FakeNewsContent/PolitiFact_Fake_96-Webpage.json", 0, None,
     "fake (PolitiFact): an invented quote attributed to a named official"),
    ("invented-attribution", "fakenewsnet_v1",
     "PolitiFact/FakeNewsContent/PolitiFact_Fake_2-Webpage.json", 0, None,
     "fake (PolitiFact): invented quotes attributed to a named actor"),
    ("invented-attribution", "fakenewsnet_v1",
     "PolitiFact/FakeNewsContent/PolitiFact_Fake_114-Webpage.json", 0, None,
     "fake (PolitiFact): a named chef 'reportedly' resigned; the person is invented"),
    # -- satire: invented quotes, datelines and officials --------------------------------
    ("satire", "golbeck_fake_vs_satire", "StoryText/Satire/finalSatire/302.txt", 0, None,
     "satire: a dateline and official-sounding statements, all invented"),
    ("satire", "golbeck_fake_vs_satire", "StoryText/Satire/finalSatire/89.txt", 0, None,
     "satire: invented admission quoted from a head of state"),
    ("satire", "golbeck_fake_vs_satire", "StoryText/Satire/finalSatire/514.txt", 0, None,
     "satire: a dateline, a rally and quotes, all invented"),
    # -- short items: little text, little evidence either way ----------------------------
    ("short", "buzzfeed_webis_2016", "articles/0050.xml", 1, None,
     "ABC brief (114 words): 'according to two officials briefed on the case'"),
    ("short", "polnear", "train/text/breitbart_2016-01-01_rose-bowl-skywriters-blast-trump.txt",
     1, None, "UPI brief (117 words): dateline, 'CNN reported'"),
    ("short", "polnear", "train/text/breitbart_2016-05-11_sidney-blumenthal-no-idea-if-i-w.txt",
     1, None, "short interview write-up (114 words): one named speaker, quoted"),
    ("short", "fakenewsnet_v1",
     "PolitiFact/FakeNewsContent/PolitiFact_Fake_44-Webpage.json", 0, None,
     "fake (PolitiFact), 140 words: an invented quote from a named TV host"),
    ("short", "buzzfeed_webis_2016", "articles/0246.xml", None, None,
     "CNN podcast blurb (88 words): nothing to source"),
    ("short", "polnear", "train/text/huff-post_2015-12-10_white-supremacists-are-capitaliz.txt",
     None, None, "HuffPost teaser (81 words): claims, no attribution yet"),
    ("short", "buzzfeed_webis_2016", "articles/1558.xml", None, None,
     "Right Wing News item (161 words, rated 'mostly true'): an embedded tweet and mockery"),
]  # fmt: skip

# Labelled pairs whose order must hold: clearly attributed first, clearly unsourced second.
PAIRS = [
    ("seed-002", "seed-000"),
    ("polnear:breitbart_2016-05-18_trump-s-investments-include-comp",
     "golbeck_fake_vs_satire:Fake/483"),
    ("buzzfeed_webis_2016:0390", "buzzfeed_webis_2016:0609"),
    ("basil:0c78e748-efbf-417c-a8c1-beeb6480147f_2", "buzzfeed_webis_2016:1502"),
    ("buzzfeed_webis_2016:1344", "buzzfeed_webis_2016:0820"),
    ("polnear:breitbart_2016-04-12_mexican-anchor-crosses-swords-wi",
     "golbeck_fake_vs_satire:Fake/432"),
    ("fakenewsnet_v1:PolitiFact_Real_108", "golbeck_fake_vs_satire:Fake/485"),
]  # fmt: skip


def read_seed(file: str) -> dict[str, Any]:
    labels = pd.read_csv(corpora.seeds_dir() / "labels.tsv", sep="\t", dtype=str)
    ident = labels.loc[labels["path"] == file, "id"].item()
    text = (corpora.seeds_dir() / file).read_text(encoding="utf-8")
    title = text.strip().split("\n", 1)[0]
    return {"id": ident, "text": text, "title": title, "source": "seeds", "url": None,
            "source_label": None}  # fmt: skip


def read_buzzfeed(path: Path) -> dict[str, Any]:
    xml = ElementTree.parse(path).getroot()
    return {
        "id": f"buzzfeed_webis_2016:{path.stem}",
        "text": corpora._buzzfeed_text(xml),
        "title": (xml.findtext("title") or "").strip(),
        "source": (xml.findtext("portal") or "").strip(),
        "url": (xml.findtext("uri") or "").strip(),
        "source_label": (xml.findtext("veracity") or "").strip(),
    }


def read_fakenewsnet(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    url = str(data.get("url") or "")
    return {
        "id": f"fakenewsnet_v1:{path.stem.removesuffix('-Webpage')}",
        "text": str(data.get("text") or "").strip(),
        "title": str(data.get("title") or "").strip(),
        "source": corpora.publisher_from_url(url),
        "url": url,
        "source_label": "real" if path.parent.name.startswith("Real") else "fake",
    }


def read_golbeck(path: Path) -> dict[str, Any]:
    text = corpora._read_text(path).strip()
    lines = text.splitlines()
    url = lines[1].strip() if len(lines) > 1 and lines[1].startswith("http") else ""
    kind = path.parent.parent.name
    return {
        "id": f"golbeck_fake_vs_satire:{kind}/{path.stem}",
        "text": text,
        "title": lines[0].strip(),
        "source": corpora.publisher_from_url(url),
        "url": url,
        "source_label": kind.lower(),
    }


def read_basil(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    text = "\n".join(" ".join(paragraph) for paragraph in data["body-paragraphs"])
    return {
        "id": f"basil:{path.stem}",
        "text": text,
        "title": data.get("title", ""),
        "source": str(data.get("source", "")).lower(),
        "url": None,
        "source_label": None,
    }


def read_polnear(path: Path) -> dict[str, Any]:
    meta = pd.read_csv(path.parents[2] / "metadata.tsv", sep="\t", dtype=str).set_index("filename")
    row = meta.loc[path.stem]
    return {
        "id": f"polnear:{path.stem}",
        "text": path.read_text(encoding="utf-8"),
        "title": row["title"],
        "source": row["publisher"],
        "url": None,
        "source_label": None,
    }


READERS = {
    "buzzfeed_webis_2016": read_buzzfeed,
    "fakenewsnet_v1": read_fakenewsnet,
    "golbeck_fake_vs_satire": read_golbeck,
    "basil": read_basil,
    "polnear": read_polnear,
}


def build_record(
    category: str, corpus: str, file: str, label: int | None, band: list[str] | None, reason: str
) -> dict[str, Any]:
    if corpus == "seeds":
        fields = read_seed(file)
    else:
        fields = READERS[corpus](corpora.corpora_root() / corpus / file)
    # As the corpus adapters do: buzzfeed_webis_2016 stores some articles as mojibake.
    fields["text"] = mojibake.repaired(fields["text"]) or fields["text"]
    provenance = {"corpus": corpus, "file": file, "licence": LICENCES[corpus]}
    return {
        **fields,
        "label": label,
        "expected_band": band,
        "category": category,
        "reason": reason,
        "provenance": provenance,
    }


def main() -> None:
    records = [build_record(*entry) for entry in SELECTION]
    ids = [record["id"] for record in records]
    assert len(set(ids)) == len(ids), "an article is selected twice"
    for attributed, unsourced in PAIRS:
        assert attributed in ids and unsourced in ids, (attributed, unsourced)
    with (HERE / "articles.jsonl").open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    pd.DataFrame(PAIRS, columns=["attributed_id", "unsourced_id"]).to_csv(
        HERE / "pairs.csv", index=False
    )
    print(f"wrote {len(records)} articles and {len(PAIRS)} pairs to {HERE}")


if __name__ == "__main__":
    main()
