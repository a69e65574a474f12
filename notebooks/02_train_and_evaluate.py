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
# # 02 · Train and evaluate, folds grouped by publisher
#
# Cross-validation where no publisher is ever in the training and the test part of one
# fold (a model that saw an outlet learns the outlet, not the writing), the TF-IDF +
# logistic regression baseline on the same folds, the reliability diagram, and what each
# feature does. The labels are veracity ratings, a proxy for sourcing: read the corpus's
# PROVENANCE.md.
#
# Features are cached on disk (`.cache/features`, keyed by the texts and the feature
# code), so a second run skips extraction.

# %% tags=["parameters"]
CORPUS = "buzzfeed_webis_2016"  # a built-in corpus name, or a labelled JSONL/CSV/Parquet path
FOLDS = 5  # publisher-grouped folds, as the model card; 0 = leave one publisher out
JOBS = 2
SEED = 0

# %%
import tempfile
from pathlib import Path

import pandas as pd
from IPython.display import Image, display
from sklearn.metrics import roc_auc_score

from sourcecheck.scoring import corpora, evaluation, training

data = corpora.load_corpus(CORPUS)
features = training.corpus_features(data, n_jobs=JOBS)
print(f"{len(data)} articles, {data['source'].nunique()} publishers, {features.shape[1]} features")
data.groupby("source")["label"].agg(articles="size", share_label_1="mean").round(2)

# %% [markdown]
# ## Cross-validated metrics, beside the baseline

# %%
result = evaluation.cross_validate(data, features, folds=FOLDS, seed=SEED, baseline=True)
summary = result.summary()
print(evaluation.format_text(summary))

# %% [markdown]
# ## Per publisher
#
# AUC within a publisher is the harder test: it cannot be won by telling outlets apart.
# Read it with the counts: a publisher with a handful of articles of one label (politico
# and abc have two label-0 articles each) gives an AUC that is mostly noise, and where it
# is under 0.5 the model ranks that outlet's articles the wrong way round: a failure, not
# a finding.

# %%
result.per_publisher().round(3)

# %% [markdown]
# ## ROC, reliability diagram, feature effects
#
# The same plots as `sourcecheck evaluate --plots`. In the reliability diagram a calibrated
# model follows the diagonal: of the articles scored about 0.7, about 70% are labelled 1.

# %%
plots = Path(tempfile.mkdtemp(prefix="sourcecheck-plots-"))
for path in evaluation.plot(result, plots):
    display(Image(filename=str(path)))

# %% [markdown]
# ## What each feature does
#
# `effect_per_sd`: the calibrated logit change for one standard deviation more of the
# feature, all else equal (the model fitted on the whole corpus). `auc_alone`: how well the
# feature ranks the articles by itself (0.5 = not at all; under 0.5 = higher means less
# reliable). `missing_effect`: the push when the feature cannot be measured.

# %%
alone = {
    name: roc_auc_score(data["label"], features[name].fillna(features[name].median()))
    for name in features.columns
}
effects = result.effects.assign(auc_alone=result.effects["feature"].map(alone))
effects.round(3)

# %% [markdown]
# ## What the bag of words learns instead
#
# The baseline's heaviest terms: often outlet names, boilerplate and topics. Compare the
# two honestly: on BuzzFeed-Webis the baseline ranks about as well as the model or better
# (its AUC above, and in the model card with 5 folds and leave one publisher out), but its
# scores are not calibrated (its ECE above), and what it ranks by is the outlet and the
# topic, not the sourcing. How far that carries to unseen outlets depends on the fold
# layout: with 3 folds it dropped to 0.59 on BuzzFeed-Webis, and on FakeNewsNet's many
# small publishers it ranked worse than chance (0.29, model card), where the model kept
# 0.64. Run with `FOLDS = 3` or `CORPUS = "fakenewsnet_v1"` to see it.

# %%
terms = result.baseline_terms
pd.concat(
    [terms.head(15).reset_index(drop=True), terms.tail(15)[::-1].reset_index(drop=True)],
    axis=1,
    keys=["towards label 0", "towards label 1"],
)
