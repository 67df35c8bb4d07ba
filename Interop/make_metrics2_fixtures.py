"""Writes Fixtures/sklearn/metrics2.json: scikit-learn's classification_report text (byte for
byte), multiclass one-vs-rest ROC AUC (macro, weighted, micro), precision/recall/F1 with a
pos_label other than 1, and scorer values by scikit-learn's scoring names. Compared by
Tests/EstimatorsTests/Metrics2Tests.swift.

Inputs are float32-exact numbers (SwiftLearn's tensors are Float32) handed to scikit-learn as float64.

Run: /work/venv-sk/bin/python Interop/make_metrics2_fixtures.py
     (needs scikit-learn==1.9.1, numpy==2.4.6, as in Interop/requirements.txt)
"""
import warnings

import numpy as np
import sklearn
from sklearn import metrics

from fixture_common import f32, sklearn_fixture_path, write_json

path = sklearn_fixture_path(__doc__, "metrics2.json")

warnings.simplefilter("ignore")
rng = np.random.default_rng(23)


def lst(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


reports = []


def report(y_true, y_pred, **kw):
    text = metrics.classification_report(np.asarray(y_true), np.asarray(y_pred), **kw)
    c = {"y_true": lst(y_true), "y_pred": lst(y_pred), "text": text}
    for k, v in kw.items():
        c[k] = lst(v) if k in ("labels", "sample_weight") else v
    reports.append(c)


ex_t, ex_p = [0, 1, 2, 0, 1, 2, 0, 0], [0, 2, 1, 0, 0, 2, 0, 1]
report(ex_t, ex_p)
report(ex_t, ex_p, digits=4)
report(ex_t, ex_p, target_names=["ant", "bird", "a much longer name"])
report(ex_t, ex_p, labels=[0, 2])
report(ex_t, ex_p, labels=[2, 0, 1, 3])
report([1, 0, 1, 1, 0, 1], [1, 1, 1, 0, 0, 1])
report([1, 0, 1, 1, 0, 1], [1, 1, 1, 0, 0, 1], sample_weight=[1, 2, 0.5, 1, 1, 3])
report([0, 0, 1, 1, 2], [0, 0, 0, 0, 0], zero_division=1)
yt = rng.integers(0, 12, size=60)
yp = np.where(rng.random(60) < 0.6, yt, rng.integers(0, 12, size=60))
report(yt, yp)

auc = []
for k, n in [(3, 8), (3, 40), (4, 50), (5, 30)]:
    y = rng.integers(0, k, size=n)
    y[:k] = np.arange(k)
    p = rng.random((n, k)).astype(np.float32) + np.eye(k, dtype=np.float32)[y] * 0.7
    p = (p / p.sum(axis=1, keepdims=True)).astype(np.float32)
    p = p.astype(np.float64)
    w = f32(rng.random(n) + 0.25)
    c = {"y_true": lst(y), "y_score": lst(p), "classes": k}
    for avg in ["macro", "weighted", "micro"]:
        c[avg] = metrics.roc_auc_score(y, p, multi_class="ovr", average=avg)
        c[avg + "_weighted_samples"] = metrics.roc_auc_score(y, p, multi_class="ovr", average=avg, sample_weight=w)
    c["sample_weight"] = lst(w)
    auc.append(c)
# The reference document's example (8 samples, 3 classes).
ref_y = [0, 1, 2, 1, 0, 2, 0, 2]

pos = []
for t, p, label in [([2, 5, 5, 2, 5, 2], [5, 5, 2, 2, 5, 5], 5), ([2, 5, 5, 2, 5, 2], [5, 5, 2, 2, 5, 5], 2),
                    ([0, 0, 0, 1], [0, 0, 1, 1], 0)]:
    pos.append({"y_true": lst(t), "y_pred": lst(p), "pos_label": label,
                "precision": metrics.precision_score(t, p, pos_label=label),
                "recall": metrics.recall_score(t, p, pos_label=label),
                "f1": metrics.f1_score(t, p, pos_label=label)})

# Scorers by name: the metric value as the scorer reports it (sign flipped for neg_*).
yt = f32(rng.normal(size=20))
yr = f32(yt + rng.normal(scale=0.3, size=20))
yc = rng.integers(0, 3, size=20)
ycp = np.where(rng.random(20) < 0.7, yc, (yc + 1) % 3)
scorer_values = {
    "r2": metrics.r2_score(yt, yr), "explained_variance": metrics.explained_variance_score(yt, yr),
    "neg_mean_squared_error": -metrics.mean_squared_error(yt, yr),
    "neg_root_mean_squared_error": -metrics.root_mean_squared_error(yt, yr),
    "neg_mean_absolute_error": -metrics.mean_absolute_error(yt, yr),
    "neg_median_absolute_error": -metrics.median_absolute_error(yt, yr),
    "accuracy": metrics.accuracy_score(yc, ycp), "balanced_accuracy": metrics.balanced_accuracy_score(yc, ycp),
    "f1_macro": metrics.f1_score(yc, ycp, average="macro"), "f1_micro": metrics.f1_score(yc, ycp, average="micro"),
    "f1_weighted": metrics.f1_score(yc, ycp, average="weighted"),
    "precision_macro": metrics.precision_score(yc, ycp, average="macro"),
    "recall_weighted": metrics.recall_score(yc, ycp, average="weighted"),
}
scorers = {"regression": {"y_true": lst(yt), "y_pred": lst(yr)},
           "classification": {"y_true": lst(yc), "y_pred": lst(ycp)}, "values": scorer_values}

# confusion_matrix(normalize=...): rows ('true'), columns ('pred') or everything ('all') sum to 1.
cm = []
for t, p_, w in [(ex_t, ex_p, None), (yc, ycp, None), (ex_t, ex_p, [1, 2, 0.5, 1, 1, 3, 1, 0.25])]:
    for how in ["true", "pred", "all"]:
        cm.append({"y_true": lst(t), "y_pred": lst(p_), "sample_weight": None if w is None else lst(w), "normalize": how,
                   "matrix": lst(metrics.confusion_matrix(t, p_, normalize=how, sample_weight=w))})

out = {"confusion_normalized": cm, "sklearn_version": sklearn.__version__, "numpy_version": np.__version__, "classification_reports": reports,
       "roc_auc_ovr": auc, "pos_label": pos, "scorers": scorers}
write_json(path, out, indent=1)
print(f"wrote {path}: {len(reports)} reports, {len(auc)} ROC AUC cases")
