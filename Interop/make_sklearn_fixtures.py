"""Writes Fixtures/sklearn/estimators.json: values computed by real scikit-learn that the Swift
Estimators tests compare against (metrics, unshuffled CV splitters, Perceptron fits).

Every input is first rounded to float32 (SwiftLearn's tensors are Float32) and then handed to
scikit-learn as float64, so both sides see exactly the same numbers.

Run: python Interop/make_sklearn_fixtures.py   (needs scikit-learn==1.9.1, numpy)
"""
import numpy as np
import sklearn
from sklearn import metrics
from sklearn.linear_model import Perceptron
from sklearn.model_selection import KFold, StratifiedKFold, train_test_split

from fixture_common import f32, sklearn_fixture_path, write_json

path = sklearn_fixture_path(__doc__, "estimators.json")

rng = np.random.default_rng(11)


def lst(a):
    return None if a is None else [float(v) for v in np.asarray(a).ravel()]


out = {"sklearn_version": sklearn.__version__, "numpy_version": np.__version__}

# ---------------------------------------------------------------- metrics
cases = []


def case(name, y_true, y_pred, value, sample_weight=None, **kwargs):
    cases.append({
        "name": name, "y_true": lst(y_true), "y_pred": lst(y_pred),
        "shape": list(np.asarray(y_pred).shape), "sample_weight": lst(sample_weight),
        "kwargs": kwargs, "value": float(value),
    })


# Regression: the reference example, a random weighted problem, constant targets.
reg = [
    (f32([3, -0.5, 2, 7]), f32([2.5, 0, 2, 8]), None),
    (f32(rng.normal(size=20)), f32(rng.normal(size=20)), f32(rng.uniform(0.1, 2, size=20))),
    (f32(rng.normal(size=7)), f32(rng.normal(size=7)), None),
    (f32([2, 2, 2]), f32([2, 2, 2]), None),
    (f32([2, 2, 2]), f32([2, 2, 3]), None),
    (f32([1, 2, 3]), f32([2, 3, 4]), None),
]
for yt, yp, w in reg:
    case("r2", yt, yp, metrics.r2_score(yt, yp, sample_weight=w), w)
    case("explained_variance", yt, yp, metrics.explained_variance_score(yt, yp, sample_weight=w), w)
    case("mse", yt, yp, metrics.mean_squared_error(yt, yp, sample_weight=w), w)
    case("rmse", yt, yp, metrics.root_mean_squared_error(yt, yp, sample_weight=w), w)
    case("mae", yt, yp, metrics.mean_absolute_error(yt, yp, sample_weight=w), w)
    if w is None:
        case("median_absolute_error", yt, yp, metrics.median_absolute_error(yt, yp))

# Classification: the reference example, a random weighted 3-class problem, binary problems.
yt_ex = f32([0, 1, 2, 0, 1, 2, 0, 0])
yp_ex = f32([0, 2, 1, 0, 0, 2, 0, 1])
yt3 = f32(rng.integers(0, 3, size=30))
yp3 = f32(np.where(rng.uniform(size=30) < 0.6, yt3, rng.integers(0, 3, size=30)))
w3 = f32(rng.uniform(0.1, 2, size=30))
ytb = f32(rng.integers(0, 2, size=20))
ypb = f32(np.where(rng.uniform(size=20) < 0.7, ytb, 1 - ytb))
wb = f32(rng.uniform(0.1, 2, size=20))
for yt, yp, w in [(yt_ex, yp_ex, None), (yt3, yp3, None), (yt3, yp3, w3), (ytb, ypb, None), (ytb, ypb, wb),
                  (f32([0, 1, 2]), f32([0, 1, 1]), None), (f32([0, 0, 1, 1]), f32([0, 2, 1, 1]), None)]:
    case("accuracy", yt, yp, metrics.accuracy_score(yt, yp, sample_weight=w), w)
    case("accuracy", yt, yp, metrics.accuracy_score(yt, yp, normalize=False, sample_weight=w), w, normalize=False)
    case("balanced_accuracy", yt, yp, metrics.balanced_accuracy_score(yt, yp, sample_weight=w), w)
    case("balanced_accuracy", yt, yp, metrics.balanced_accuracy_score(yt, yp, sample_weight=w, adjusted=True), w, adjusted=True)
    averages = ["micro", "macro", "weighted"] + (["binary"] if len(np.unique(np.r_[yt, yp])) <= 2 else [])
    for avg in averages:
        for name, fn in [("precision", metrics.precision_score), ("recall", metrics.recall_score), ("f1", metrics.f1_score)]:
            case(name, yt, yp, fn(yt, yp, average=avg, sample_weight=w, zero_division=0), w, average=avg)
    cm = metrics.confusion_matrix(yt, yp, sample_weight=w)
    cases.append({"name": "confusion_matrix", "y_true": lst(yt), "y_pred": lst(yp), "sample_weight": lst(w),
                  "kwargs": {}, "matrix": [[float(v) for v in row] for row in cm]})
cm = metrics.confusion_matrix(yt_ex, yp_ex, labels=[2, 0, 1])
cases.append({"name": "confusion_matrix", "y_true": lst(yt_ex), "y_pred": lst(yp_ex), "sample_weight": None,
              "kwargs": {"labels": [2.0, 0.0, 1.0]}, "matrix": [[float(v) for v in row] for row in cm]})

# Log loss: probabilities are float32 (as SwiftLearn's), so sklearn clips with float32's eps, and
# it also computes in float32: "value" is that float32 result; "value_f64" (where no clipping
# happens) is sklearn on the same numbers as float64, which SwiftLearn's Double sums must match.


def log_loss_case(yt, p, w=None, **kw):
    p = np.asarray(p, dtype=np.float32)
    case("log_loss", yt, p.astype(np.float64), metrics.log_loss(yt, p, sample_weight=w, **kw), w, **kw)
    eps = np.finfo(np.float32).eps
    full = np.c_[1 - p, p] if p.ndim == 1 else p
    if full.min() >= eps and full.max() <= 1 - eps:
        cases[-1]["value_f64"] = float(metrics.log_loss(yt, full.astype(np.float64), sample_weight=w, **kw))


p3 = rng.uniform(0.05, 1, size=(30, 3)).astype(np.float32)
p3 /= p3.sum(axis=1, keepdims=True)
for w in [None, w3]:
    log_loss_case(yt3, p3, w)
log_loss_case(yt3, p3, w3, normalize=False)
log_loss_case(ytb, rng.uniform(0, 1, size=20))
log_loss_case([0, 1], [[1, 0], [1, 0]])
log_loss_case(f32([0, 1, 1]), [.1, .8, .7])

# Binary ROC AUC, with ties (scores rounded to one decimal) and weights.
sb = f32(np.round(rng.uniform(size=20), 1))
for yt, s, w in [(f32([0, 0, 1, 1]), f32([.1, .4, .35, .8]), None), (ytb, sb, None), (ytb, sb, wb),
                 (f32(2 + 3 * ytb), sb, None)]:
    case("roc_auc", yt, s, metrics.roc_auc_score(yt, s, sample_weight=w), w)
out["metrics"] = cases

# ---------------------------------------------------------------- unshuffled splitters
splits = []
for n, k in [(10, 3), (11, 4), (7, 7), (23, 5)]:
    splits.append({"kind": "kfold", "n": n, "k": k, "y": None,
                   "test": [[int(i) for i in te] for _, te in KFold(k).split(np.zeros((n, 1)))]})
for y, k in [([0] * 6 + [1] * 4, 3), ([1, 1, 0, 0, 0, 0, 0, 0, 1, 1], 3), ([0] * 7 + [1] * 3, 3),
             (list(rng.integers(0, 3, size=25)), 4), ([2, 0, 1] * 5 + [1] * 4, 5)]:
    splits.append({"kind": "stratified_kfold", "n": len(y), "k": k, "y": [float(v) for v in y],
                   "test": [[int(i) for i in te] for _, te in StratifiedKFold(k).split(np.zeros((len(y), 1)), y)]})
tr, te = train_test_split(np.arange(10), shuffle=False)
splits.append({"kind": "train_test_split_noshuffle", "n": 10, "train": [int(i) for i in tr], "test": [int(i) for i in te]})
out["splits"] = splits

# ---------------------------------------------------------------- Perceptron


def xorshift_seeds(random_state, n_classes):
    """The per-problem xorshift32 seeds sklearn's SGD shuffling uses (reference §2)."""
    def seed_of(rs):
        rs = np.random.RandomState(rs) if not isinstance(rs, np.random.RandomState) else rs
        rs.randint(1, np.iinfo(np.int32).max)  # the dataset seed, unused for sequential passes
        return int(rs.randint(np.iinfo(np.int32).max))
    if n_classes <= 2:
        return [seed_of(random_state)]
    seeds = np.random.RandomState(random_state).randint(np.iinfo(np.int32).max, size=n_classes)
    return [seed_of(int(s)) for s in seeds]


def petals(n_per_class, centers, spread):
    xs, ys = [], []
    for label, (cx, cy) in enumerate(centers):
        xs.append(np.c_[rng.normal(cx, spread[0], n_per_class), rng.normal(cy, spread[1], n_per_class)])
        ys.append(np.full(n_per_class, label))
    return f32(np.round(np.vstack(xs), 1)), f32(np.concatenate(ys))


perceptron = []
Xb, yb = petals(25, [(1.5, 0.25), (4.5, 1.4)], (0.2, 0.1))
Xm, ym = petals(20, [(1.5, 0.25), (4.3, 1.3), (5.6, 2.0)], (0.3, 0.15))
try:
    from sklearn.datasets import load_iris
    iris = load_iris()
    Xi, yi = f32(iris.data[:, 2:4]), f32(iris.target == 0)
except Exception:  # noqa: BLE001
    Xi = yi = None
problems = [
    ("binary_noshuffle", Xb, yb, dict(shuffle=False), None),
    ("binary_weighted_noshuffle", Xb, yb, dict(shuffle=False, eta0=0.5), f32(rng.uniform(0.5, 2, size=len(yb)))),
    ("multiclass_noshuffle", Xm, ym, dict(shuffle=False), None),
    ("multiclass_tol_none", Xm, ym, dict(shuffle=False, tol=None, max_iter=15, fit_intercept=False), None),
    ("binary_shuffle_rs0", Xb, yb, dict(shuffle=True, random_state=0), None),
    ("multiclass_shuffle_rs3", Xm, ym, dict(shuffle=True, random_state=3), None),
]
if Xi is not None:
    problems.append(("iris_petal_setosa_noshuffle", Xi, yi, dict(shuffle=False, random_state=42), None))
for name, X, y, kw, w in problems:
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf = Perceptron(**kw).fit(X, y, sample_weight=w)
    perceptron.append({
        "name": name, "x": lst(X), "shape": list(X.shape), "y": lst(y), "sample_weight": lst(w),
        "params": {k: v for k, v in kw.items()},
        "xorshift_seeds": xorshift_seeds(kw.get("random_state", 0), len(np.unique(y))),
        "coef": [[float(v) for v in row] for row in clf.coef_], "intercept": lst(clf.intercept_),
        "n_iter": int(clf.n_iter_), "t": float(clf.t_), "classes": lst(clf.classes_),
        "decision_function": lst(clf.decision_function(X[:5])), "predict": lst(clf.predict(X)),
        "score": float(clf.score(X, y)),
    })
out["perceptron"] = perceptron

# ---------------------------------------------------------------- cross-validation (unshuffled, deterministic)
from sklearn.model_selection import cross_val_score, cross_validate  # noqa: E402

cv_cases = []
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    r = cross_validate(Perceptron(shuffle=False), Xm, ym, cv=StratifiedKFold(3), scoring=["accuracy", "f1_macro"],
                       return_train_score=True)
    cv_cases.append({"problem": "multiclass_noshuffle", "cv": "stratified3", "scoring": ["accuracy", "f1_macro"],
                     **{k: lst(v) for k, v in r.items() if k.startswith(("test_", "train_"))}})
    cv_cases.append({"problem": "binary_noshuffle", "cv": "kfold5", "scoring": [],
                     "test_score": lst(cross_val_score(Perceptron(shuffle=False), Xb, yb, cv=KFold(5)))})
    cv_cases.append({"problem": "multiclass_noshuffle", "cv": "default", "scoring": [],
                     "test_score": lst(cross_val_score(Perceptron(shuffle=False), Xm, ym))})
out["cross_validation"] = cv_cases

write_json(path, out, indent=None, separators=(",", ":"))
print(f"wrote {path} ({path.stat().st_size} bytes)")
