"""Writes Fixtures/sklearn/perceptron.json: scikit-learn Perceptron fits that the Swift tests
(Tests/EstimatorsTests/PerceptronPenaltyTests.swift) must reproduce to 1e-10: every penalty,
class_weight 'balanced' and per-class dictionaries, sample weights, early stopping, warm start,
binary and multiclass, with shuffling off and on (SwiftLearn ports NumPy's RandomState, so the
shuffle seeds and the early-stopping split are scikit-learn's own), and string class labels.

Every input is rounded to float32 first (SwiftLearn's tensors are Float32) and handed to
scikit-learn as float64, so both sides see exactly the same numbers.

Rerun (scikit-learn==1.9.1, numpy==2.4.6, as in /work/venv-sk):
    python Interop/make_perceptron_fixtures.py
"""
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import Perceptron

from fixture_common import f32, sklearn_fixture_path, write_json

path = sklearn_fixture_path(__doc__, "perceptron.json")

rng = np.random.default_rng(2024)


def lst(a):
    return None if a is None else [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def blobs(n_per_class, centers, spread, decimals=1):
    xs, ys = [], []
    for label, c in enumerate(centers):
        xs.append(rng.normal(c, spread, size=(n_per_class[label], len(c))))
        ys.append(np.full(n_per_class[label], label))
    return f32(np.round(np.vstack(xs), decimals)), f32(np.concatenate(ys))


# Separable petals (binary), three overlapping classes, and a noisy 4-feature binary problem.
Xb, yb = blobs([25, 25], [(1.5, 0.25), (4.5, 1.4)], (0.2, 0.1))
Xm, ym = blobs([20, 20, 20], [(1.5, 0.25), (4.3, 1.3), (5.0, 1.7)], (0.35, 0.2))
Xn = f32(np.round(rng.normal(size=(80, 4)), 2))
yn = f32((Xn @ np.array([1.0, -2.0, 0.5, 0.0]) + 0.3 + rng.normal(scale=0.8, size=80) > 0).astype(float))
# Imbalanced binary (40 vs 12) and multiclass (30/15/9) for class weights.
Xi, yi = blobs([40, 12], [(0.0, 0.0), (1.0, 0.8)], (0.7, 0.7), decimals=2)
Xk, yk = blobs([30, 15, 9], [(0.0, 0.0), (1.5, 0.5), (0.5, 1.8)], (0.6, 0.6), decimals=2)
wn = f32(np.round(rng.uniform(0.2, 2.0, size=len(yn)), 3))

datasets = {"binary": (Xb, yb), "multiclass": (Xm, ym), "noisy": (Xn, yn), "imbalanced": (Xi, yi),
            "imbalanced3": (Xk, yk)}

cases = []


def add(name, data, params, sample_weight=None, warm_first=None, labels=None):
    X, y = datasets[data]
    target = y if labels is None else np.array([labels[int(v)] for v in y])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf = Perceptron(**params)
        if warm_first is not None:  # a first fit with other params, then the warm refit
            clf.set_params(**warm_first).fit(X, target, sample_weight=sample_weight)
            clf.set_params(**params)
        clf.fit(X, target, sample_weight=sample_weight)
    cases.append({
        "name": name, "data": data, "params": params, "warm_first": warm_first,
        "sample_weight": lst(sample_weight), "labels": labels,
        "coef": [[float(v) for v in row] for row in clf.coef_], "intercept": lst(clf.intercept_),
        "n_iter": int(clf.n_iter_), "t": float(clf.t_),
        "classes": [str(c) for c in clf.classes_] if labels is not None else lst(clf.classes_),
        "decision_function": lst(clf.decision_function(X[:10])),
        "predict": [str(c) for c in clf.predict(X)] if labels is not None else lst(clf.predict(X)),
        "score": float(clf.score(X, target, sample_weight=sample_weight)),
    })


for shuffle in (False, True):
    tag = "shuffle" if shuffle else "noshuffle"
    base = dict(shuffle=shuffle, random_state=7)
    for data in ("binary", "multiclass", "noisy"):
        add(f"{data}_none_{tag}", data, dict(base))
        add(f"{data}_l2_{tag}", data, dict(base, penalty="l2", alpha=0.01))
        add(f"{data}_l1_{tag}", data, dict(base, penalty="l1", alpha=0.01))
        add(f"{data}_elasticnet_{tag}", data, dict(base, penalty="elasticnet", alpha=0.02, l1_ratio=0.4))
    add(f"noisy_l2_strong_{tag}", "noisy", dict(base, penalty="l2", alpha=0.3, eta0=0.5, max_iter=30))
    add(f"noisy_l2_zeroing_{tag}", "noisy", dict(base, penalty="l2", alpha=1.0, max_iter=12))
    add(f"noisy_elasticnet_tol_none_{tag}", "noisy",
        dict(base, penalty="elasticnet", alpha=0.005, l1_ratio=0.7, tol=None, max_iter=25, eta0=0.3))
    add(f"imbalanced_balanced_{tag}", "imbalanced", dict(base, class_weight="balanced"))
    add(f"imbalanced_dict_{tag}", "imbalanced", dict(base, class_weight={0: 0.5, 1: 3.0}))
    add(f"imbalanced3_balanced_{tag}", "imbalanced3", dict(base, class_weight="balanced"))
    add(f"imbalanced3_dict_{tag}", "imbalanced3", dict(base, class_weight={2: 4.0}, penalty="l2", alpha=0.001))
    add(f"noisy_weighted_balanced_{tag}", "noisy", dict(base, class_weight="balanced", eta0=0.7), sample_weight=wn)
    add(f"noisy_early_{tag}", "noisy", dict(base, early_stopping=True))
    add(f"noisy_early_l2_{tag}", "noisy",
        dict(base, early_stopping=True, validation_fraction=0.25, penalty="l2", alpha=0.05, n_iter_no_change=3))
    add(f"multiclass_early_{tag}", "multiclass", dict(base, early_stopping=True, validation_fraction=0.2))
    add(f"imbalanced3_early_weighted_{tag}", "imbalanced3",
        dict(base, early_stopping=True, class_weight="balanced", penalty="l1", alpha=0.001))
    add(f"noisy_warm_{tag}", "noisy", dict(base, warm_start=True, max_iter=4, penalty="l2", alpha=0.01),
        warm_first=dict(max_iter=3, tol=None))
    add(f"multiclass_warm_{tag}", "multiclass", dict(base, warm_start=True, max_iter=3, tol=None),
        warm_first=dict(max_iter=2))
    add(f"multiclass_strings_{tag}", "multiclass", dict(base, penalty="l2", alpha=0.001),
        labels=["setosa", "versicolor", "virginica"][::-1])
for seed in (0, 3, 12345):
    add(f"multiclass_shuffle_rs{seed}", "multiclass", dict(random_state=seed))
    add(f"noisy_shuffle_early_rs{seed}", "noisy", dict(random_state=seed, early_stopping=True))

out = {
    "sklearn_version": sklearn.__version__, "numpy_version": np.__version__,
    "datasets": {k: {"x": lst(X), "shape": list(X.shape), "y": lst(y)} for k, (X, y) in datasets.items()},
    "cases": cases,
}
write_json(path, out, indent=1)
print(f"wrote {path} ({len(cases)} cases)")
