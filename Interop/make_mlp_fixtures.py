"""Writes Fixtures/sklearn/mlp.json: short MLPRegressor / MLPClassifier runs of real scikit-learn
that the Swift tests (Tests/EstimatorsTests/MLP*Tests.swift) replay from the same initial weights.

Each run records the initial coefs_/intercepts_ scikit-learn drew (captured from `_init_coef`),
then trains with shuffle=False, so the whole trajectory is deterministic: the Swift side injects
those initial weights and must reproduce coefs_, intercepts_, loss_curve_ and n_iter_. Inputs are
rounded to float32 first (SwiftLearn's tensors are Float32) and handed to scikit-learn as float64.
It also records a sanity check on real data (iris accuracy, diabetes R², fixed split).

Run: /work/venv-sk/bin/python Interop/make_mlp_fixtures.py   (scikit-learn==1.9.1, numpy==2.4.6)
"""
import warnings

import numpy as np
import sklearn
from sklearn.datasets import load_diabetes, load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler

from fixture_common import f32, sklearn_fixture_path, write_json

path = sklearn_fixture_path(__doc__, "mlp.json")

warnings.simplefilter("ignore", ConvergenceWarning)
rng = np.random.default_rng(7)


def run(est, x, y, name, task, sample_weight=None):
    captured = []
    original = est._init_coef

    def capture(fan_in, fan_out, dtype):
        w, b = original(fan_in, fan_out, dtype)
        captured.append((w.copy(), b.copy()))
        return w, b

    est._init_coef = capture
    est.fit(x, y, sample_weight=sample_weight)
    params = {k: (list(v) if isinstance(v, tuple) else v) for k, v in est.get_params().items()}
    out = {
        "name": name, "task": task, "params": params,
        "x": x.ravel().tolist(), "x_shape": list(x.shape), "y": np.asarray(y).ravel().tolist(),
        "initial_coefs": [w.ravel().tolist() for w, _ in captured],
        "initial_intercepts": [b.tolist() for _, b in captured],
        "coefs": [w.ravel().tolist() for w in est.coefs_],
        "intercepts": [b.tolist() for b in est.intercepts_],
        "loss_curve": list(est.loss_curve_), "n_iter": int(est.n_iter_), "t": int(est.t_),
        "best_loss": est.best_loss_, "out_activation": est.out_activation_,
        "final_learning_rate": float(getattr(est._optimizer, "learning_rate", np.nan)),
        "predictions": est.predict(x).tolist(),
        "sample_weight": None if sample_weight is None else list(sample_weight),
    }
    if task != "regression":
        out["classes"] = est.classes_.tolist()
        out["proba"] = est.predict_proba(x).ravel().tolist()
    return out


x20 = f32(rng.normal(size=(20, 3)))
y20 = f32(x20 @ [1.5, -2.0, 0.5] + 0.3 * rng.normal(size=20))
x24 = f32(rng.normal(size=(24, 2)))
y_bin = (x24[:, 0] + x24[:, 1] > 0).astype(int)
x30 = f32(rng.normal(size=(30, 4)))
y_multi = np.argmax(x30[:, :3], axis=1) * 2 + 1  # labels 1, 3, 5
w20 = f32(rng.uniform(0.5, 3.0, size=20))  # full batches: scikit-learn's per-batch Σw is the total
w30 = f32(rng.uniform(0.5, 3.0, size=30))

runs = [
    run(MLPRegressor(hidden_layer_sizes=(4,), activation="tanh", solver="sgd", learning_rate_init=0.05, alpha=0.01,
                     batch_size=8, max_iter=4, shuffle=False, random_state=0), x20, y20, "reg_sgd_nesterov", "regression"),
    run(MLPRegressor(hidden_layer_sizes=(5,), activation="relu", solver="sgd", learning_rate="invscaling",
                     learning_rate_init=0.1, power_t=0.5, momentum=0.5, nesterovs_momentum=False, alpha=0.001,
                     batch_size=6, max_iter=3, shuffle=False, random_state=1), x20, y20, "reg_sgd_invscaling", "regression"),
    run(MLPRegressor(hidden_layer_sizes=(5, 3), activation="relu", solver="adam", learning_rate_init=0.01, alpha=0.001,
                     batch_size=7, max_iter=5, shuffle=False, random_state=2), x20, y20, "reg_adam", "regression"),
    run(MLPRegressor(hidden_layer_sizes=(3,), activation="identity", solver="adam", learning_rate_init=0.01,
                     tol=1e3, n_iter_no_change=3, max_iter=50, shuffle=False, random_state=3), x20, y20, "reg_adam_tol_stop", "regression"),
    run(MLPRegressor(hidden_layer_sizes=(3,), activation="tanh", solver="sgd", learning_rate="adaptive",
                     learning_rate_init=0.001, tol=1e3, n_iter_no_change=2, max_iter=60, shuffle=False, random_state=4),
        x20, y20, "reg_sgd_adaptive", "regression"),
    run(MLPClassifier(hidden_layer_sizes=(4,), activation="logistic", solver="adam", learning_rate_init=0.05, alpha=0.01,
                      batch_size=10, max_iter=4, shuffle=False, random_state=5), x24, y_bin, "clf_binary_adam", "binary"),
    run(MLPClassifier(hidden_layer_sizes=(5,), activation="tanh", solver="sgd", learning_rate_init=0.1, alpha=0.001,
                      batch_size=10, max_iter=4, shuffle=False, random_state=6), x30, y_multi, "clf_multiclass_sgd", "multiclass"),
    run(MLPRegressor(hidden_layer_sizes=(4,), activation="tanh", solver="adam", learning_rate_init=0.02, alpha=0.05,
                     max_iter=5, shuffle=False, random_state=7), x20, y20, "reg_adam_sample_weight", "regression", w20),
    run(MLPClassifier(hidden_layer_sizes=(5,), activation="relu", solver="sgd", learning_rate_init=0.1, alpha=0.05,
                      max_iter=4, shuffle=False, random_state=8), x30, y_multi, "clf_sgd_sample_weight", "multiclass", w30),
]

# Sanity on real data: standardized, fixed split, default hyperparameters but a few settings.
iris = load_iris()
idx = np.random.default_rng(0).permutation(150)
xi = f32(StandardScaler().fit_transform(iris.data))[idx]
yi = iris.target[idx]
diab = load_diabetes()
idd = np.random.default_rng(1).permutation(len(diab.target))
xd = f32(StandardScaler().fit_transform(diab.data))[idd]
yd = f32(diab.target)[idd]
sanity = {
    "iris_x": xi.ravel().tolist(), "iris_y": yi.tolist(), "iris_train": 100,
    "iris_accuracy": [float(MLPClassifier(hidden_layer_sizes=(10,), max_iter=300, learning_rate_init=0.01, random_state=s)
                             .fit(xi[:100], yi[:100]).score(xi[100:], yi[100:])) for s in range(3)],
    "diabetes_x": xd.ravel().tolist(), "diabetes_y": yd.tolist(), "diabetes_train": 350,
    "diabetes_r2": [float(MLPRegressor(hidden_layer_sizes=(20,), max_iter=500, learning_rate_init=0.01, random_state=s)
                          .fit(xd[:350], yd[:350]).score(xd[350:], yd[350:])) for s in range(3)],
}

root = {"sklearn_version": sklearn.__version__, "runs": runs, "sanity": sanity}
write_json(path, root, indent=None, separators=(",", ":"))
print(f"wrote {path} ({path.stat().st_size} bytes)")
for r in runs:
    print(r["name"], "n_iter", r["n_iter"], "loss", r["loss_curve"][-1], "lr", r["final_learning_rate"])
print("iris", sanity["iris_accuracy"], "diabetes", sanity["diabetes_r2"])
