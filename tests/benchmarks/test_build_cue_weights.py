"""The cue-weight build's choice of threshold (the rest needs PolNeAR and runs as a job)."""

from __future__ import annotations

from benchmarks.build_cue_weights import smoothed_best


def test_smoothed_best_takes_the_middle_of_a_flat_top() -> None:
    # the arg-max (-0.375, by 0.0001) sits at the plateau's edge; the smoothed one does not
    grid = [(-0.625, 0.7818), (-0.5, 0.7841), (-0.375, 0.7849), (-0.25, 0.7848), (-0.125, 0.7848)]
    scored = [(f, 0.1, t) for t, f in [*grid, (0.0, 0.7835), (0.125, 0.7796)]]
    assert smoothed_best(scored) == (0.7848, 0.1, -0.25)


def test_smoothed_best_compares_each_c_on_its_own_grid() -> None:
    scored = [(0.70, 1.0, 0.0), (0.71, 1.0, 0.5), (0.80, 0.1, 0.0), (0.79, 0.1, 0.5)]
    assert smoothed_best(scored) == (0.80, 0.1, 0.0)


def test_smoothed_best_with_one_threshold_is_that_one() -> None:
    assert smoothed_best([(0.5, 0.1, -0.25)]) == (0.5, 0.1, -0.25)
