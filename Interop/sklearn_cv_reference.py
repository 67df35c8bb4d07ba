"""Writes Fixtures/sklearn/cv_reference.json: scikit-learn's cross-validated R² of the
`swiftlearn-examples cross-validation` pipeline, which scripts/check-acceptance and
Tests/EstimatorsTests/CrossValidationReferenceTests.swift compare ours against
(|ours - sklearn| <= 0.03). Interop/check_sklearn_fixtures.py regenerates it (--out DIR) in CI.

The pipeline is Pipeline([("scaler", StandardScaler()), ("mlp", MLPRegressor(
hidden_layer_sizes=[30], solver="adam", max_iter=20, random_state=seed))]) scored by
cross_val_score with KFold(5) (no shuffling) on Fixtures/data/california_housing.csv (inputs
rounded to float32 first, as SwiftLearn reads them). The reference is the mean over seeds 0..4
of each seed's mean fold R²; the per-seed fold scores are kept too.

Run: /work/venv-sk/bin/python Interop/sklearn_cv_reference.py
     (scikit-learn==1.9.1, numpy as in Interop/requirements.txt)
"""
import pathlib
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import KFold, cross_val_score
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from fixture_common import sklearn_fixture_path, write_json

path = sklearn_fixture_path(__doc__, "cv_reference.json")

root = pathlib.Path(__file__).resolve().parent.parent
data = np.loadtxt(root / "Fixtures/data/california_housing.csv", delimiter=",", skiprows=1)
x = data[:, :8].astype(np.float32)
y = data[:, 8].astype(np.float32)

seeds = list(range(5))
per_seed = []
for seed in seeds:
    pipeline = Pipeline([("scaler", StandardScaler()),
                         ("mlp", MLPRegressor(hidden_layer_sizes=[30], solver="adam", max_iter=20, random_state=seed))])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        scores = cross_val_score(pipeline, x, y, cv=KFold(n_splits=5), scoring="r2")
    per_seed.append([float(s) for s in scores])
    print(f"seed {seed}: folds {np.round(scores, 4).tolist()} mean {scores.mean():.4f}")

means = [float(np.mean(s)) for s in per_seed]
out = {
    "sklearn_version": sklearn.__version__,
    "numpy_version": np.__version__,
    "pipeline": "StandardScaler + MLPRegressor(hidden_layer_sizes=[30], solver='adam', max_iter=20)",
    "cv": "KFold(n_splits=5, shuffle=False)",
    "seeds": seeds,
    "fold_r2_per_seed": per_seed,
    "mean_r2_per_seed": means,
    "fold_r2_mean_over_seeds": [float(v) for v in np.mean(per_seed, axis=0)],
    "r2": float(np.mean(means)),
}
write_json(path, out, indent=2)
print(f"r2 {out['r2']:.4f} -> {path}")
