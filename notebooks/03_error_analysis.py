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
# # 03 · Error analysis: the worst misses, read sentence by sentence
#
# Out-of-fold scores (folds grouped by publisher, so each score comes from a model that
# never saw the article's outlet), then the worst misses of each publisher: label-1
# articles scored low and label-0 articles scored high. Each is read sentence by sentence
# with the evidence the extractors found, to tell a feature's blind spot from a label that
# is only a proxy (a veracity rating is not a sourcing rating).

# %% tags=["parameters"]
CORPUS = "buzzfeed_webis_2016"
FOLDS = 3
JOBS = 2
SEED = 0
PER_PUBLISHER = 1  # worst misses kept per publisher
TOP = 6  # misses read in full (half label 1, half label 0)
SENTENCES = 12  # sentences shown per article

# %%
import pandas as pd
from IPython.display import display

from sourcecheck.scoring import corpora, evaluation, training
from sourcecheck.scoring.api import score_frame

data = corpora.load_corpus(CORPUS)
features = training.corpus_features(data, n_jobs=JOBS)
result = evaluation.cross_validate(data, features, folds=FOLDS, seed=SEED, baseline=False)
oof = result.data[["id", "source", "label", "score"]].merge(data[["id", "title", "text"]], on="id")
oof["miss"] = (oof["label"] - oof["score"]).abs()
print(evaluation.format_text(result.summary()).split("\n\n")[1])

# %% [markdown]
# ## The worst misses across publishers

# %%
# Half of them label 1 scored lowest, half label 0 scored highest, from different publishers.
worst = pd.concat(
    oof[oof["label"] == label]
    .sort_values("miss", ascending=False)
    .groupby("source", sort=False)
    .head(PER_PUBLISHER)
    .head(TOP // 2)
    for label in (1, 0)
).reset_index(drop=True)
worst[["id", "source", "label", "score", "title"]].round(3)

# %% [markdown]
# ## Read them
#
# The evidence and contributions below come from the shipped model's extractors and
# weights; the score in each header is the out-of-fold one. Look for: attribution the
# extractor missed (a feature's blind spot), quotes or sources that are invented (no
# sourcing feature can see that), and articles whose rating is about truth, not sourcing.

# %%
explained = score_frame(worst[["id", "text", "title", "source"]])
for row in worst.itertuples():
    record = explained.record(row.id)
    print("=" * 100)
    print(f"{row.id} · {row.source} · label {row.label} · out-of-fold score {row.score:.2f}")
    print(f"title: {row.title}")
    for reason in record["reasons"]:
        print("  reason:", reason)
    top = explained.contributions().loc[row.id].sort_values(key=abs, ascending=False).head(5)
    print("  top effects:", ", ".join(f"{name} {value:+.2f}" for name, value in top.items()))
    sentences = explained.sentences(row.id).head(SENTENCES)
    display(sentences.style.set_properties(subset=["sentence"], **{"text-align": "left"}))

# %% [markdown]
# ## Evidence in the misses, by kind
#
# Spans per 100 words in the missed label-1 articles against the missed label-0 ones.

# %%
evidence = explained.evidence()
words = worst.set_index("id")["text"].str.split().str.len()
per_article = evidence.groupby(["id", "kind"]).size().unstack(fill_value=0)
rates = per_article.div(words.loc[per_article.index], axis=0) * 100
rates.groupby(worst.set_index("id")["label"]).mean().T.round(2)
