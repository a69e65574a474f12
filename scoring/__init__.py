"""Scoring: loading articles, the model, training, evaluation, reports and the CLI."""
