# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 01 · The features on the seed pair
#
# The defining example of sourcecheck: `unsourced_000.txt` (generic prose: "reports
# suggest", "it is believed", no names, no dates) and `attributed_002.txt` (named officials,
# dated events, direct quotes). This notebook shows what the feature families measure on
# each, where in the text the evidence is, and how each feature moves the score.
#
# Run it on other texts by changing the parameters (any files `sourcecheck score` reads,
# as long as they are plain text).

# %% tags=["parameters"]
ARTICLES = ["data/examples/attributed_002.txt", "data/examples/unsourced_000.txt"]
TOP_FEATURES = 12

# %%
from pathlib import Path

import matplotlib.pyplot as plt
from IPython.display import HTML, display

from sourcecheck.scoring.api import score_texts

root = Path.cwd() if Path("data").is_dir() else Path.cwd().parent
paths = [root / article for article in ARTICLES]
scored = score_texts([p.read_text(encoding="utf-8") for p in paths], ids=[p.stem for p in paths])
ids = [p.stem for p in paths]
scored.table()

# %% [markdown]
# ## The features side by side
#
# One column per article; the feature names are `family__name`.

# %%
features = scored.features().T
features["difference"] = features[ids[0]] - features[ids[-1]]
features.sort_values("difference", key=abs, ascending=False).round(3)

# %% [markdown]
# ## What moves the score
#
# Each feature's signed effect on the calibrated logit (the score is
# `sigmoid(intercept + sum of effects)`): green raises the score, red lowers it.

# %%
contributions = scored.contributions()
order = contributions.abs().max().sort_values(ascending=False).index[:TOP_FEATURES][::-1]
fig, axes = plt.subplots(1, len(ids), figsize=(6 * len(ids), 0.35 * TOP_FEATURES + 1.5), sharey=True)
for ax, ident in zip(list(getattr(axes, "flat", [axes])), ids, strict=True):
    effects = contributions.loc[ident, order]
    ax.barh(order, effects, color=["tab:green" if e > 0 else "tab:red" for e in effects])
    record = scored.record(ident)
    ax.set_title(f"{ident}: score {record['score']:.2f} ({record['band']})")
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_xlabel("effect on the calibrated logit")
fig.tight_layout()

# %% [markdown]
# ## The reasons in words

# %%
for ident in ids:
    record = scored.record(ident)
    print(f"{ident}: {record['score']:.2f} ({record['band']})")
    for reason in record["reasons"]:
        print("  -", reason)

# %% [markdown]
# ## Where the evidence is
#
# The same rendering as `sourcecheck score --format html`: hover a highlight for its
# details; click a legend entry to hide or show that layer.

# %%
for ident in ids:
    display(HTML(scored.html(ident)))

# %% [markdown]
# ## Sentence by sentence
#
# Each sentence with the evidence found in it. An `unattributed_claim` with a
# `hedge:authorial` and no `attribution` is the pattern of unsourced prose.

# %%
for ident in ids:
    sentences = scored.sentences(ident)
    unsourced = sentences["evidence"].str.contains("unattributed_claim")
    print(f"{ident}: {len(sentences)} sentences, {unsourced.sum()} unattributed claims")
    display(sentences.head(12).style.set_properties(subset=["sentence"], **{"text-align": "left"}))

# %% [markdown]
# ## Evidence counts per kind

# %%
evidence = scored.evidence()
counts = evidence.groupby(["id", "kind"]).size().unstack(fill_value=0).T
counts.plot.barh(figsize=(7, 4), title="evidence spans per kind")
counts
