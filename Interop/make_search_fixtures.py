"""Writes Fixtures/sklearn/search.json: values computed by real scikit-learn that the Swift
search and splitter tests compare against: GroupKFold / RepeatedKFold /
RepeatedStratifiedKFold index sets, ParameterGrid order, the successive-halving schedule
(n_candidates_, n_resources_ per iteration) for several settings, and a GridSearchCV over
Perceptron(shuffle=False) whose cv_results_ the Swift GridSearch must reproduce.

Inputs are rounded to float32 first (SwiftLearn's tensors are Float32) so both sides see the
same numbers.

Run: /work/venv-sk/bin/python Interop/make_search_fixtures.py
     (scikit-learn==1.9.1, numpy as in Interop/requirements.txt)
"""
import numpy as np
import sklearn
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.linear_model import Perceptron, Ridge
from sklearn.model_selection import (GridSearchCV, GroupKFold, HalvingGridSearchCV, ParameterGrid,
                                     RepeatedKFold, RepeatedStratifiedKFold)

from fixture_common import sklearn_fixture_path, write_json

path = sklearn_fixture_path(__doc__, "search.json")

out = {"sklearn_version": sklearn.__version__, "numpy_version": np.__version__}


def tv(v):
    """A value tagged with its Python type, so the Swift side needs no JSON type guessing."""
    if isinstance(v, (bool, np.bool_)):
        return ["b", bool(v)]
    if isinstance(v, (int, np.integer)):
        return ["i", int(v)]
    if isinstance(v, (float, np.floating)):
        return ["f", float(v)]
    return ["s", str(v)]


def typed(d):
    return {k: ([tv(x) for x in v] if isinstance(v, list) else tv(v)) for k, v in sorted(d.items())}


def folds(splitter, X, y=None, groups=None):
    return [{"train": [int(i) for i in tr], "test": [int(i) for i in te]}
            for tr, te in splitter.split(X, y, groups)]


# ---------------------------------------------------------------- splitters
splits = []
g1 = [0, 0, 0, 0, 1, 1, 1, 2, 2, 3]
rng = np.random.default_rng(5)
g2 = [int(v) for v in rng.integers(0, 7, size=23)]
for groups, k in [(g1, 3), (g2, 4), (g2, 3)]:
    X = np.zeros((len(groups), 1))
    splits.append({"kind": "GroupKFold", "n_splits": k, "groups": groups, "shuffle": False,
                   "folds": folds(GroupKFold(k), X, groups=groups)})
    splits.append({"kind": "GroupKFold", "n_splits": k, "groups": groups, "shuffle": True, "random_state": 0,
                   "folds": folds(GroupKFold(k, shuffle=True, random_state=0), X, groups=groups)})
for n, k, r, seed in [(10, 2, 2, 0), (23, 4, 3, 7), (7, 3, 2, 123456)]:
    X = np.zeros((n, 1))
    splits.append({"kind": "RepeatedKFold", "n": n, "n_splits": k, "n_repeats": r, "random_state": seed,
                   "folds": folds(RepeatedKFold(n_splits=k, n_repeats=r, random_state=seed), X)})
for y, k, r, seed in [([0] * 6 + [1] * 4, 2, 3, 0), ([1, 1, 0, 2, 2, 0, 0, 1, 2, 0, 1, 2, 0], 3, 2, 42)]:
    X = np.zeros((len(y), 1))
    splits.append({"kind": "RepeatedStratifiedKFold", "y": y, "n_splits": k, "n_repeats": r, "random_state": seed,
                   "folds": folds(RepeatedStratifiedKFold(n_splits=k, n_repeats=r, random_state=seed), X, y)})
out["splits"] = splits

# ---------------------------------------------------------------- ParameterGrid order
grid = [{"b": [1, 2], "a": ["x", "y"], "c": [10.0, 0.1, 1.0]}, {"d": [True, False]}]
out["parameter_grid"] = {"grid": [typed(g) for g in grid], "candidates": [typed(p) for p in ParameterGrid(grid)]}

# ---------------------------------------------------------------- halving schedules
schedules = []
rng = np.random.default_rng(3)
for n, n_cand, factor, min_res, max_res, aggressive in [
        (1000, 12, 3, "exhaust", "auto", False), (1000, 12, 3, "smallest", "auto", False),
        (1000, 12, 3, 100, 500, False), (1000, 12, 3, 100, 500, True), (200, 20, 2, "exhaust", "auto", False),
        (730, 30, 3, "exhaust", "auto", False), (900, 7, 4, "smallest", "auto", True), (600, 9, 3, 20, "auto", False)]:
    X = rng.normal(size=(n, 2))
    y = X[:, 0] + 0.1 * rng.normal(size=n)
    s = HalvingGridSearchCV(Ridge(), {"alpha": list(np.logspace(-3, 3, n_cand))}, factor=factor, cv=5,
                            min_resources=min_res, max_resources=max_res, aggressive_elimination=aggressive,
                            random_state=0).fit(X, y)
    schedules.append({"n_samples": n, "n_candidates": n_cand, "factor": factor, "min_resources": min_res,
                      "max_resources": max_res, "aggressive": aggressive, "smallest": 10,
                      "n_required_iterations": int(s.n_required_iterations_),
                      "n_possible_iterations": int(s.n_possible_iterations_), "n_iterations": int(s.n_iterations_),
                      "min_resources_": int(s.min_resources_), "max_resources_": int(s.max_resources_),
                      "n_candidates_": [int(v) for v in s.n_candidates_],
                      "n_resources_": [int(v) for v in s.n_resources_]})
out["halving_schedules"] = schedules

# ---------------------------------------------------------------- GridSearchCV over Perceptron
rng = np.random.default_rng(21)
X = rng.normal(size=(60, 3)).astype(np.float32).astype(np.float64)
y = (X[:, 0] - 0.7 * X[:, 1] + 0.5 * rng.normal(size=60) > 0.2).astype(np.float64)
param_grid = {"fit_intercept": [True, False], "eta0": [0.001, 0.1, 1.0]}
gs = GridSearchCV(Perceptron(shuffle=False, max_iter=50), param_grid, return_train_score=True).fit(X, y)
r = gs.cv_results_
out["grid_search"] = {
    "x": [float(v) for v in X.ravel()], "shape": list(X.shape), "y": [float(v) for v in y],
    "fixed": {"shuffle": False, "max_iter": 50}, "param_grid": typed(param_grid),
    "params": [typed(p) for p in r["params"]],
    "keys": list(r.keys()),
    # Scores as repr strings: Foundation's JSON parser on Linux rounds some doubles wrongly.
    "split_test": [[repr(float(r[f"split{i}_test_score"][c])) for i in range(5)] for c in range(len(r["params"]))],
    "mean_test_score": [repr(float(v)) for v in r["mean_test_score"]],
    "std_test_score": [repr(float(v)) for v in r["std_test_score"]],
    "rank_test_score": [int(v) for v in r["rank_test_score"]],
    "mean_train_score": [repr(float(v)) for v in r["mean_train_score"]],
    "best_index": int(gs.best_index_), "best_score": repr(float(gs.best_score_)),
    "best_params": typed(gs.best_params_),
    "best_coef": [float(v) for v in gs.best_estimator_.coef_.ravel()],
}

write_json(path, out, indent=1)
print("wrote", path)
