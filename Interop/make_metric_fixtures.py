"""Writes Fixtures/keras/metrics.json: what real Keras 3 (JAX backend) computes for the stateful
metrics, the cross-entropies from logits and a small fit reporting precision/recall/auc, for the
Swift tests (MetricKerasTests.swift, CustomLossTests.swift).

- "metrics": each metric object updated with 3 scripted batches (y_true, y_pred, optional
  sample_weight); the result after every batch (Keras accumulates over batches).
- "logits_losses": BinaryCrossentropy / CategoricalCrossentropy / SparseCategoricalCrossentropy
  with from_logits=True: the reduced loss and its gradient with respect to the logits
  (jax.grad), with and without sample weights.
- "keras_losses": poisson, log_cosh, hinge, squared_hinge, kl_divergence, msle, mape: loss and
  gradient with respect to the predictions.
- "fit": a Dense(4, relu) -> Dense(1, sigmoid) binary classifier fitted 3 epochs (SGD 0.1, batch
  16, no shuffle, validation_split 0.25) with metrics ["precision", "recall", "auc"]: initial
  weights, data and Keras' history.

Run: KERAS_BACKEND=jax /work/venv-keras/bin/python Interop/make_metric_fixtures.py
     (keras==3.15.1, jax, numpy: `pip install keras==3.15.1 jax jaxlib numpy`)
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

rng = np.random.default_rng(7)


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


def f32(a):
    # Values exactly representable in float32 on both sides.
    return np.asarray(a, dtype=np.float32)


def probabilities(shape):
    return f32(np.round(rng.uniform(0, 1, shape), 4))


def binary_labels(shape):
    return f32(rng.integers(0, 2, shape))


def one_hot(n, k):
    return f32(np.eye(k)[rng.integers(0, k, n)])


def sparse(n, k):
    return f32(rng.integers(0, k, (n,)))


def softmax_rows(n, k):
    x = rng.normal(size=(n, k))
    p = np.exp(x) / np.exp(x).sum(-1, keepdims=True)
    return f32(np.round(p, 4))


# (name, constructor, batches factory); constructor gets no arguments.
def binary_batches(weighted=False):
    out = []
    for n in (6, 5, 7):
        b = {"y_true": binary_labels((n, 1)), "y_pred": probabilities((n, 1))}
        if weighted:
            b["sample_weight"] = f32(np.round(rng.uniform(0.2, 2, (n,)), 2))
        out.append(b)
    # A prediction exactly on a threshold, 0 and 1 (bucket edges).
    out[0]["y_pred"][:3, 0] = [0.5, 0.0, 1.0]
    return out


def logit_batches():
    return [{"y_true": binary_labels((n, 1)), "y_pred": f32(np.round(rng.normal(scale=2, size=(n, 1)), 3))} for n in (6, 5, 7)]


def multilabel_batches():
    return [{"y_true": binary_labels((n, 3)), "y_pred": probabilities((n, 3))} for n in (4, 5, 3)]


def categorical_batches():
    return [{"y_true": one_hot(n, 6), "y_pred": softmax_rows(n, 6)} for n in (5, 4, 6)]


def sparse_batches():
    return [{"y_true": sparse(n, 6), "y_pred": softmax_rows(n, 6)} for n in (5, 4, 6)]


def regression_batches(weighted=False):
    out = []
    for n in (4, 6, 3):
        b = {"y_true": f32(np.round(rng.normal(size=(n, 2)), 3)), "y_pred": f32(np.round(rng.normal(size=(n, 2)), 3))}
        if weighted:
            b["sample_weight"] = f32(np.round(rng.uniform(0.2, 2, (n,)), 2))
        out.append(b)
    return out


M = keras.metrics
CASES = {
    "precision": (lambda: M.Precision(), binary_batches),
    "recall": (lambda: M.Recall(), binary_batches),
    "precision_weighted": (lambda: M.Precision(), lambda: binary_batches(True)),
    "recall_threshold_0.3": (lambda: M.Recall(thresholds=0.3), binary_batches),
    "precision_multilabel": (lambda: M.Precision(), multilabel_batches),
    "precision_class_id_1": (lambda: M.Precision(class_id=1), multilabel_batches),
    "recall_class_id_2": (lambda: M.Recall(class_id=2, thresholds=0.2), categorical_batches),
    "precision_top_k_2": (lambda: M.Precision(top_k=2), categorical_batches),
    "recall_top_k_2": (lambda: M.Recall(top_k=2), categorical_batches),
    "auc_roc": (lambda: M.AUC(), binary_batches),
    "auc_pr": (lambda: M.AUC(curve="PR"), binary_batches),
    "auc_roc_weighted": (lambda: M.AUC(), lambda: binary_batches(True)),
    "auc_pr_weighted": (lambda: M.AUC(curve="PR"), lambda: binary_batches(True)),
    "auc_roc_minoring": (lambda: M.AUC(summation_method="minoring"), binary_batches),
    "auc_pr_majoring": (lambda: M.AUC(curve="PR", summation_method="majoring"), binary_batches),
    "auc_roc_10_thresholds": (lambda: M.AUC(num_thresholds=10), binary_batches),
    "auc_from_logits": (lambda: M.AUC(from_logits=True), logit_batches),
    "auc_pr_from_logits": (lambda: M.AUC(curve="PR", from_logits=True), logit_batches),
    "binary_crossentropy_from_logits": (lambda: M.BinaryCrossentropy(from_logits=True), logit_batches),
    "categorical_crossentropy_from_logits": (lambda: M.CategoricalCrossentropy(from_logits=True), lambda: [
        {"y_true": one_hot(n, 4), "y_pred": f32(np.round(rng.normal(scale=2, size=(n, 4)), 3))} for n in (5, 3, 4)]),
    "sparse_categorical_crossentropy": (lambda: M.SparseCategoricalCrossentropy(), sparse_batches),
    "auc_multilabel_flat": (lambda: M.AUC(), multilabel_batches),
    "top_k_categorical_accuracy_k2": (lambda: M.TopKCategoricalAccuracy(k=2), categorical_batches),
    "top_k_categorical_accuracy": (lambda: M.TopKCategoricalAccuracy(), categorical_batches),
    "sparse_top_k_categorical_accuracy_k2": (lambda: M.SparseTopKCategoricalAccuracy(k=2), sparse_batches),
    "root_mean_squared_error": (lambda: M.RootMeanSquaredError(), regression_batches),
    "root_mean_squared_error_weighted": (lambda: M.RootMeanSquaredError(), lambda: regression_batches(True)),
}


def metric_case(make, batches):
    metric = make()
    recorded = []
    for b in batches():
        metric.update_state(b["y_true"], b["y_pred"], sample_weight=b.get("sample_weight"))
        entry = {k: floats(v) for k, v in b.items()}
        entry.update({k + "_shape": list(v.shape) for k, v in b.items()})
        entry["result"] = float(metric.result())
        recorded.append(entry)
    return {"name": metric.name, "batches": recorded}


def logits_case(loss, y, x, w=None):
    def total(logits):
        return loss(y, logits, sample_weight=w)
    value, grad = jax.value_and_grad(total)(jnp.asarray(x))
    return {"y_true": floats(y), "y_true_shape": list(y.shape), "logits": floats(x), "logits_shape": list(x.shape),
            "sample_weight": None if w is None else floats(w), "loss": float(value), "gradient": floats(grad)}


def logits_losses():
    L = keras.losses
    x_bin = f32(np.round(rng.normal(scale=3, size=(5, 3)), 3))
    x_bin[0, :] = [40.0, -40.0, 0.0]  # saturated logits stay finite
    y_bin = binary_labels((5, 3))
    x_cat = f32(np.round(rng.normal(scale=3, size=(4, 5)), 3))
    x_cat[0, :] = [60.0, -30.0, 0.0, 1.0, 59.0]
    y_cat, y_sparse = one_hot(4, 5), sparse(4, 5)
    w = f32([0.5, 2.0, 1.0, 0.25])
    return {
        "binary": logits_case(L.BinaryCrossentropy(from_logits=True), y_bin, x_bin),
        "binary_soft_targets": logits_case(L.BinaryCrossentropy(from_logits=True), f32(np.round(rng.uniform(size=(5, 3)), 3)), x_bin),
        "binary_single_output": logits_case(L.BinaryCrossentropy(from_logits=True), binary_labels((5, 1)), x_bin[:, :1]),
        "categorical": logits_case(L.CategoricalCrossentropy(from_logits=True), y_cat, x_cat),
        "categorical_weighted": logits_case(L.CategoricalCrossentropy(from_logits=True), y_cat, x_cat, w),
        "sparse_categorical": logits_case(L.SparseCategoricalCrossentropy(from_logits=True), y_sparse, x_cat),
        "sparse_categorical_weighted": logits_case(L.SparseCategoricalCrossentropy(from_logits=True), y_sparse, x_cat, w),
    }


def keras_losses():
    L = keras.losses
    pos = lambda: f32(np.round(rng.uniform(0.05, 3, (4, 3)), 3))  # noqa: E731
    signed = lambda: f32(np.round(rng.normal(size=(4, 3)), 3))  # noqa: E731
    return {
        "poisson": logits_case(L.Poisson(), pos(), pos()),
        "log_cosh": logits_case(L.LogCosh(), signed(), signed()),
        "hinge": logits_case(L.Hinge(), binary_labels((4, 3)), signed()),
        "hinge_signed_labels": logits_case(L.Hinge(), f32(rng.choice([-1.0, 1.0], (4, 3))), signed()),
        "squared_hinge": logits_case(L.SquaredHinge(), binary_labels((4, 3)), signed()),
        "kl_divergence": logits_case(L.KLDivergence(), softmax_rows(4, 3), softmax_rows(4, 3)),
        "mean_squared_logarithmic_error": logits_case(L.MeanSquaredLogarithmicError(), pos(), pos()),
        "mean_absolute_percentage_error": logits_case(L.MeanAbsolutePercentageError(), pos(), signed(), f32([0.5, 2.0, 1.0, 0.25])),
    }


def fit_case():
    keras.utils.set_random_seed(3)
    n = 64
    x = f32(np.round(rng.normal(size=(n, 3)), 3))
    y = f32((x[:, 0] - 0.5 * x[:, 1] + 0.3 * rng.normal(size=n) > 0).astype(np.float32)[:, None])
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    initial = [w.numpy() if hasattr(w, "numpy") else np.asarray(w) for w in model.get_weights()]
    model.compile(loss="binary_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.1),
                  metrics=["precision", "recall", "auc"])
    history = model.fit(x, y, batch_size=16, epochs=3, shuffle=False, validation_split=0.25, verbose=0)
    return {"x": floats(x), "x_shape": list(x.shape), "y": floats(y), "y_shape": list(y.shape),
            "initial_weights": [floats(w) for w in initial], "weight_shapes": [list(w.shape) for w in initial],
            "history": {k: [float(v) for v in vs] for k, vs in history.history.items()}}


def main():
    out = {"keras_version": keras.__version__, "backend": keras.backend.backend(),
           "metrics": {name: metric_case(make, batches) for name, (make, batches) in CASES.items()},
           "logits_losses": logits_losses(), "fit": fit_case(), "keras_losses": keras_losses()}
    path = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "keras" / "metrics.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
