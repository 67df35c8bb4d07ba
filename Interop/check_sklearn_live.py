"""Recomputes with the real scikit-learn what SwiftLearn computed in DIR/swiftlearn.json (written by
the Swift test `writesValuesForSklearnToCheck`, Tests/EstimatorsTests/SklearnLiveExportTests.swift,
when SWIFTLEARN_SKLEARN_OUT=DIR) and compares:

- perceptron: Perceptron(**params) fitted on the same x, y and sample weights (shuffle off):
  coef_, intercept_ and decision_function to 1e-10 (relative to max(1, |value|)), n_iter_,
  classes_ and predict exactly;
- splits: KFold, StratifiedKFold and GroupKFold (unshuffled, and GroupKFold seeded, whose shuffle
  is NumPy's RandomState on both sides): every train and test index set exactly, in order;
  ShuffleSplit (our shuffle is SwiftLearn's generator, not NumPy's stream): scikit-learn's train
  and test sizes exactly, sets disjoint, within range and without repeats;
- metrics: accuracy, balanced accuracy, precision/recall/F1 (binary, micro, macro, weighted),
  confusion matrix, log loss, ROC AUC (binary, one-vs-rest macro/weighted/micro), R², explained
  variance, MSE, RMSE, MAE, median absolute error: to 1e-6 (relative to max(1, |value|)).

Every difference is printed with the case and what differs; the exit status is 1 if any.

Run (scikit-learn==1.9.1, numpy==2.4.6, as in Interop/requirements.txt):
    SWIFTLEARN_SKLEARN_OUT=/tmp/live swift test --disable-xctest --filter writesValuesForSklearnToCheck
    python Interop/check_sklearn_live.py /tmp/live
scripts/interop runs both in CI.
"""
import argparse
import json
import math
import pathlib
import sys
import warnings

import numpy as np
from sklearn import metrics
from sklearn.linear_model import Perceptron
from sklearn.model_selection import GroupKFold, KFold, ShuffleSplit, StratifiedKFold

PERCEPTRON_TOL = 1e-10
METRIC_TOL = 1e-6

problems = []


def close(ours, theirs, tol):
    if math.isnan(ours) or math.isnan(theirs):
        return math.isnan(ours) and math.isnan(theirs)
    return abs(ours - theirs) <= tol * max(1.0, abs(theirs))


def compare_floats(where, ours, theirs, tol):
    ours, theirs = np.asarray(ours, dtype=np.float64).ravel(), np.asarray(theirs, dtype=np.float64).ravel()
    if ours.shape != theirs.shape:
        problems.append(f"{where}: ours has {ours.size} values, scikit-learn {theirs.size}")
        return
    for i, (a, b) in enumerate(zip(map(float, ours), map(float, theirs))):
        if not close(a, b, tol):
            at = f"[{i}]" if ours.size > 1 else ""
            problems.append(f"{where}{at}: ours {a!r}, scikit-learn {b!r} (difference {abs(a - b):.3g})")


def compare_exact(where, ours, theirs):
    ours, theirs = [v for v in ours], [v for v in theirs]
    if ours != theirs:
        problems.append(f"{where}: ours {ours}, scikit-learn {theirs}")


def check_perceptron(case):
    where = f"perceptron {case['name']}"
    x = np.asarray(case["x"], dtype=np.float64).reshape(case["shape"])
    y = np.asarray(case["y"], dtype=np.float64)
    w = None if case["sample_weight"] is None else np.asarray(case["sample_weight"], dtype=np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf = Perceptron(**case["params"]).fit(x, y, sample_weight=w)
    compare_floats(f"{where} coef_", case["coef"], clf.coef_, PERCEPTRON_TOL)
    compare_floats(f"{where} intercept_", case["intercept"], clf.intercept_, PERCEPTRON_TOL)
    # Our decision_function output is Float32 (scores are Double inside, rounded on output).
    compare_floats(f"{where} decision_function", case["decision_function"],
                   clf.decision_function(x).astype(np.float32), PERCEPTRON_TOL)
    compare_exact(f"{where} n_iter_", [case["n_iter"]], [int(clf.n_iter_)])
    compare_exact(f"{where} classes_", case["classes"], [float(c) for c in clf.classes_])
    compare_exact(f"{where} predict", case["predict"], [float(v) for v in clf.predict(x)])
    return where


def check_split(case):
    n, k = case["n"], case["n_splits"]
    x = np.zeros((n, 1))
    kind = case["kind"]
    if kind == "KFold":
        where, splits = f"KFold(n_splits={k}) n={n}", KFold(k).split(x)
    elif kind == "StratifiedKFold":
        where, splits = f"StratifiedKFold(n_splits={k}) n={n}", StratifiedKFold(k).split(x, np.asarray(case["y"]))
    elif kind == "GroupKFold":
        where = f"GroupKFold(n_splits={k}, shuffle={case['shuffle']}, random_state={case['random_state']}) n={n}"
        splitter = GroupKFold(k, shuffle=case["shuffle"], random_state=case["random_state"])
        splits = splitter.split(x, groups=np.asarray(case["groups"]))
    elif kind == "ShuffleSplit":
        where = f"ShuffleSplit(test_size={case['test_size']}, train_size={case['train_size']}) n={n}"
        theirs = list(ShuffleSplit(k, test_size=case["test_size"], train_size=case["train_size"], random_state=0).split(x))
        if len(theirs) != len(case["folds"]):
            problems.append(f"{where}: ours {len(case['folds'])} splits, scikit-learn {len(theirs)}")
        for i, (fold, (train, test)) in enumerate(zip(case["folds"], theirs)):
            compare_exact(f"{where} split {i} (train size, test size)",
                          [len(fold["train"]), len(fold["test"])], [len(train), len(test)])
            both = fold["train"] + fold["test"]
            if len(set(both)) != len(both) or not all(0 <= j < n for j in both):
                problems.append(f"{where} split {i}: train and test overlap, repeat or leave 0..<{n}")
        return where
    else:
        problems.append(f"unknown splitter kind {kind!r}")
        return kind
    theirs = list(splits)
    if len(theirs) != len(case["folds"]):
        problems.append(f"{where}: ours {len(case['folds'])} folds, scikit-learn {len(theirs)}")
    for i, (fold, (train, test)) in enumerate(zip(case["folds"], theirs)):
        compare_exact(f"{where} fold {i} train", fold["train"], [int(j) for j in train])
        compare_exact(f"{where} fold {i} test", fold["test"], [int(j) for j in test])
    return where


FUNCTIONS = {
    "r2": metrics.r2_score, "explained_variance": metrics.explained_variance_score,
    "mean_squared_error": metrics.mean_squared_error, "root_mean_squared_error": metrics.root_mean_squared_error,
    "mean_absolute_error": metrics.mean_absolute_error, "median_absolute_error": metrics.median_absolute_error,
    "accuracy": metrics.accuracy_score, "balanced_accuracy": metrics.balanced_accuracy_score,
    "precision": metrics.precision_score, "recall": metrics.recall_score, "f1": metrics.f1_score,
    "log_loss": metrics.log_loss, "roc_auc": metrics.roc_auc_score, "confusion_matrix": metrics.confusion_matrix,
}


def check_metric(case, index):
    name, kwargs = case["name"], dict(case["kwargs"])
    arguments = [f"{k}={v!r}" for k, v in kwargs.items()] + (["sample_weight"] if case["sample_weight"] is not None else [])
    where = f"metrics[{index}] {name}({', '.join(arguments)}) n={len(case['y_true'])}"
    y_true = np.asarray(case["y_true"], dtype=np.float64)
    y_pred = np.asarray(case["y_pred"], dtype=np.float64).reshape(case["shape"])
    if case["sample_weight"] is not None:
        kwargs["sample_weight"] = np.asarray(case["sample_weight"], dtype=np.float64)
    if name in ("precision", "recall", "f1"):
        kwargs["zero_division"] = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = FUNCTIONS[name](y_true, y_pred, **kwargs)
    if name == "confusion_matrix":
        compare_floats(where, case["matrix"], theirs, METRIC_TOL)
    else:
        compare_floats(where, [case["value"]], [float(theirs)], METRIC_TOL)
    return where


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="the folder SWIFTLEARN_SKLEARN_OUT named (holds swiftlearn.json)")
    args = parser.parse_args()
    ours = json.loads((pathlib.Path(args.folder) / "swiftlearn.json").read_text())
    counts = {}
    for section, check in [("perceptron", check_perceptron), ("splits", check_split)]:
        for case in ours[section]:
            try:
                check(case)
            except Exception as error:  # noqa: BLE001 - a scikit-learn refusal is a reported difference
                problems.append(f"{section} {case.get('name', case.get('kind'))}: scikit-learn raised {error!r}")
        counts[section] = len(ours[section])
    for i, case in enumerate(ours["metrics"]):
        try:
            check_metric(case, i)
        except Exception as error:  # noqa: BLE001
            problems.append(f"metrics[{i}] {case['name']}: scikit-learn raised {error!r}")
    counts["metrics"] = len(ours["metrics"])
    if not all(counts.values()):
        problems.append(f"empty section(s) in swiftlearn.json: {counts}")
    for problem in problems:
        print(problem)
    summary = ", ".join(f"{v} {k}" for k, v in counts.items())
    if problems:
        print(f"check_sklearn_live: {len(problems)} difference(s) from scikit-learn ({summary} cases)")
        return 1
    print(f"check_sklearn_live: ours equals scikit-learn on {summary} cases", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
