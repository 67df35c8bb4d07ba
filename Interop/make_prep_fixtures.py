"""Writes Fixtures/sklearn/preprocessing.json: what real scikit-learn's preprocessing transformers
(StandardScaler, MinMaxScaler, OneHotEncoder, LabelEncoder, SimpleImputer), ColumnTransformer,
Pipeline printing and TransformedTargetRegressor give on small inputs, edge cases included
(constant and all-NaN columns, unknown categories, dropped categories, clipping, sample weights).
The Swift tests in Tests/EstimatorsTests/Preprocessing*Tests.swift and Pipeline*Tests.swift
compare against it.

Inputs are float32-exact numbers (SwiftLearn's tensors are Float32) handed to scikit-learn as float64.

Run: /work/venv-sk/bin/python Interop/make_prep_fixtures.py
     (needs scikit-learn==1.9.1, numpy==2.4.6, as in Interop/requirements.txt)
"""
import warnings

import numpy as np
import sklearn
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import LabelEncoder, MinMaxScaler, OneHotEncoder, StandardScaler

from fixture_common import f32, sklearn_fixture_path, write_json

path = sklearn_fixture_path(__doc__, "preprocessing.json")

warnings.simplefilter("ignore")
rng = np.random.default_rng(5)


def mat(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "values": [None if np.isnan(v) else float(v) for v in a.ravel()]}


def vec(a):
    return None if a is None else [None if np.isnan(v) else float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


cases = []


def case(kind, params, x_fit, x_new=None, sample_weight=None, inverse=True, attrs=()):
    est = {"StandardScaler": StandardScaler, "MinMaxScaler": MinMaxScaler, "OneHotEncoder": OneHotEncoder,
           "SimpleImputer": SimpleImputer}[kind]
    kw = dict(params)
    if kind == "OneHotEncoder":
        kw["sparse_output"] = False
    if kind == "MinMaxScaler" and "feature_range" in kw:
        kw["feature_range"] = tuple(kw["feature_range"])
    t = est(**kw)
    x_fit = f32(x_fit)
    x_new = x_fit if x_new is None else f32(x_new)
    if sample_weight is None:
        t.fit(x_fit)
    else:
        t.fit(x_fit, sample_weight=f32(sample_weight))
    out = t.transform(x_new)
    c = {"kind": kind, "params": params, "fit": mat(x_fit), "x": mat(x_new), "out": mat(out),
         "sample_weight": vec(sample_weight)}
    if inverse:
        c["inverse"] = mat(t.inverse_transform(out).astype(np.float64))
    for a in attrs:
        c[a] = vec(getattr(t, a))
    c["repr"] = repr(t).replace(", sparse_output=False", "").replace("sparse_output=False, ", "").replace("(sparse_output=False)", "()")
    cases.append(c)


X = [[1, 5, 2], [2, 5, 4], [3, 5, 9]]
R = f32(rng.normal(3, 2, size=(7, 4)))
R[:, 3] = 4.25
case("StandardScaler", {}, X, attrs=("mean_", "var_", "scale_"))
case("StandardScaler", {}, R, attrs=("mean_", "var_", "scale_"))
case("StandardScaler", {"with_mean": False}, R, attrs=("mean_", "scale_"))
case("StandardScaler", {"with_std": False}, X, x_new=[[0, 1, 2], [7, 8, 9]], attrs=("mean_",))
case("StandardScaler", {}, [[1, np.nan], [2, 4], [np.nan, 6], [5, 6]], attrs=("mean_", "var_", "scale_"))
case("StandardScaler", {}, R, sample_weight=[1, 2, 0.5, 3, 1, 0, 2], attrs=("mean_", "var_", "scale_"))
case("MinMaxScaler", {}, X, x_new=[[4, 5, 0], [1, 5, 2]], attrs=("data_min_", "data_max_", "scale_", "min_"))
case("MinMaxScaler", {"clip": True}, X, x_new=[[4, 5, 0], [1, 5, 2]], inverse=False)
case("MinMaxScaler", {"feature_range": [-1, 1]}, R, attrs=("scale_", "min_"))
case("MinMaxScaler", {"feature_range": [-0.5, 2.5]}, R, attrs=("scale_", "min_"))
case("MinMaxScaler", {}, [[1, np.nan], [3, 2], [np.nan, 6]], attrs=("data_min_", "data_max_"))
C = [[1, 10, 0], [3, 20, 1], [2, 10, 1], [1, 30, 0], [3, 10, 0]]
case("OneHotEncoder", {}, C, x_new=[[2, 30, 1], [1, 10, 0]])
case("OneHotEncoder", {"drop": "first"}, C, x_new=[[2, 30, 1], [1, 10, 0]])
case("OneHotEncoder", {"drop": "if_binary"}, C, x_new=[[2, 30, 1], [1, 10, 0]])
case("OneHotEncoder", {"handle_unknown": "ignore"}, C, x_new=[[7, 30, 1], [1, 99, 0]])
case("OneHotEncoder", {"handle_unknown": "ignore", "drop": "first"}, C, x_new=[[7, 30, 1], [1, 99, 0]], inverse=False)
I = [[1, np.nan, 3], [np.nan, 4, 3], [7, 6, np.nan], [7, np.nan, 5]]
for s in ["mean", "median", "most_frequent"]:
    case("SimpleImputer", {"strategy": s}, I, inverse=False, attrs=("statistics_",))
case("SimpleImputer", {"strategy": "constant", "fill_value": -1.5}, I, inverse=False)
E = [[np.nan, 1, 2], [np.nan, np.nan, 3], [np.nan, 5, 3], [np.nan, 2, 2]]
case("SimpleImputer", {}, E, inverse=False)
case("SimpleImputer", {"keep_empty_features": True}, E, inverse=False)
case("SimpleImputer", {"add_indicator": True, "strategy": "median"}, I, x_new=[[np.nan, np.nan, np.nan], [1, 2, 3]], inverse=False)
case("SimpleImputer", {"strategy": "most_frequent"}, [[2, 1], [1, 1], [2, 3], [1, 3], [np.nan, np.nan]], inverse=False, attrs=("statistics_",))

le = LabelEncoder().fit([10, -1, 3, 10])
labels = {"y": [10, -1, 3, 10], "classes": vec(le.classes_), "encoded": vec(le.transform([3, 10, -1])),
          "decoded": vec(le.inverse_transform([2, 0]))}

# ColumnTransformer: column index lists to transformers, remainder drop or passthrough.
CX = f32([[1, 10, 0, 5.5], [3, 20, 1, 6.5], [2, 10, 1, 7.5], [1, 30, 0, 8]])
column = []
for remainder in ["drop", "passthrough"]:
    ct = ColumnTransformer([("scale", StandardScaler(), [1, 3]), ("onehot", OneHotEncoder(sparse_output=False), [0])],
                           remainder=remainder)
    column.append({"remainder": remainder, "x": mat(CX), "out": mat(ct.fit_transform(CX))})

# Pipeline printing (pprint at width 80, as scikit-learn prints estimators).
reprs = [
    repr(Pipeline([("scaler", StandardScaler()), ("imputer", SimpleImputer())])),
    repr(Pipeline([("standardscaler", StandardScaler()), ("mlpregressor", MLPRegressor(hidden_layer_sizes=(30,), max_iter=20))])),
    repr(Pipeline([("scale", StandardScaler(with_mean=False)), ("minmax", MinMaxScaler(clip=True)),
                   ("imputer", SimpleImputer(strategy="median"))])),
    repr(Pipeline([("a_rather_long_step_name", StandardScaler(with_mean=False, with_std=False)),
                   ("another_long_name", SimpleImputer(add_indicator=True, keep_empty_features=True, strategy="most_frequent"))])),
]

# Line-breaking boundaries: step names of every length from 1 to 40.
sweep = [repr(Pipeline([("s" * k, StandardScaler(with_mean=False)),
                        ("i" * (41 - k), SimpleImputer(strategy="median", add_indicator=k % 2 == 0))]))
         for k in range(1, 41)]

# TransformedTargetRegressor: LinearRegression on a scaled target, predictions in the original space.
tx = f32(rng.normal(size=(12, 2)))
ty = f32(3 * tx[:, 0] - 2 * tx[:, 1] + 10 + rng.normal(scale=0.1, size=12))
ttr = TransformedTargetRegressor(regressor=LinearRegression(), transformer=StandardScaler()).fit(tx, ty)
target = {"x": mat(tx), "y": vec(ty), "pred": vec(ttr.predict(tx)), "score": float(ttr.score(tx, ty)),
          "coef": vec(ttr.regressor_.coef_), "intercept": float(ttr.regressor_.intercept_)}

# Pipeline(StandardScaler, LinearRegression): predictions and R² on new rows.
pipe = Pipeline([("scaler", StandardScaler()), ("ols", LinearRegression())]).fit(tx[:8], ty[:8])
pipeline_fit = {"x_train": mat(tx[:8]), "y_train": vec(ty[:8]), "x_test": mat(tx[8:]), "y_test": vec(ty[8:]),
                "pred": vec(pipe.predict(tx[8:])), "score": float(pipe.score(tx[8:], ty[8:]))}

# cross_val_score of the pipeline, unshuffled 3-fold, two scorers.
from sklearn.model_selection import KFold, cross_val_score  # noqa: E402
cv_pipe = Pipeline([("scaler", StandardScaler()), ("ols", LinearRegression())])
pipeline_cv = {name: [float(v) for v in cross_val_score(cv_pipe, tx, ty, cv=KFold(3), scoring=name)]
               for name in ["r2", "neg_mean_squared_error"]}

composite_reprs = {
    "column_transformer": repr(ColumnTransformer([("scale", StandardScaler(), [1, 3]), ("onehot", OneHotEncoder(), [0])],
                                                 remainder="passthrough")),
    "transformed_target": repr(TransformedTargetRegressor(regressor=LinearRegression(), transformer=StandardScaler())),
}

out = {"pipeline_fit": pipeline_fit, "pipeline_cv": pipeline_cv, "composite_reprs": composite_reprs, "sklearn_version": sklearn.__version__, "numpy_version": np.__version__, "transformers": cases,
       "label_encoder": labels, "column_transformer": column, "pipeline_reprs": reprs, "pipeline_repr_sweep": sweep, "transformed_target": target}
write_json(path, out, indent=1)
print(f"wrote {path}: {len(cases)} transformer cases")
