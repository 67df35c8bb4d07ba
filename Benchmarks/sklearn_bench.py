"""The estimator workload of Benchmarks/RESULTS.md, scikit-learn side (Benchmarks/SwiftBench/EstimatorBench.swift
is SwiftLearn's).

California housing (Fixtures/data/california_housing.csv) as float32, a Pipeline of StandardScaler and
MLPRegressor(hidden_layer_sizes=(30,), solver='adam', max_iter=20, random_state=0):
  cv5_<j>_s     cross_val_score with KFold(5) (no shuffling), n_jobs = 1 or 2
  grid12_<j>_s  GridSearchCV over hidden_layer_sizes {(30,), (50,)} x learning_rate_init {1e-3, 3e-3},
                cv=KFold(3), refit=True (13 fits), n_jobs = 1 or 2
Each figure: one untimed warm-up (it also starts the joblib worker processes), then the median of
BENCH_REPEATS (default 3) timed runs. Prints one `<figure> <value>` line per figure; Benchmarks/run
pairs them with SwiftLearn's. Run by Benchmarks/run in its venv (scikit-learn==1.9.1); alone:
    python Benchmarks/sklearn_bench.py
"""
import os
import pathlib
import statistics
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

# max_iter=20 stops before convergence on purpose (the same 20 epochs as SwiftLearn's side).
warnings.filterwarnings("ignore", category=ConvergenceWarning)
os.environ["PYTHONWARNINGS"] = "ignore::UserWarning"  # the joblib workers (ConvergenceWarning is a UserWarning)

REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
csv = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "data" / "california_housing.csv"
data = np.loadtxt(csv, delimiter=",", skiprows=1, dtype=np.float32)
X, y = data[:, :-1], data[:, -1]


def pipeline():
    return Pipeline([("scaler", StandardScaler()),
                     ("mlp", MLPRegressor(hidden_layer_sizes=(30,), solver="adam", max_iter=20, random_state=0))])


def median_seconds(figure, body):
    """The median wall-clock seconds of REPEATS runs after a warm-up; notes this process's CPU
    seconds per run too (with n_jobs=2 the fits run in joblib's worker processes, not counted)."""
    body()  # warm-up
    runs = []
    cpu_start = time.process_time()
    for _ in range(REPEATS):
        start = time.perf_counter()
        body()
        runs.append(time.perf_counter() - start)
    cpu = (time.process_time() - cpu_start) / max(REPEATS, 1)
    note(f"# estimators: {figure} wall {[f'{r:.3f}' for r in runs]} s, CPU {cpu:.3f} s per run (this process)")
    return statistics.median(runs)


def note(text):
    print(text, file=sys.stderr, flush=True)


note(f"# estimators: California housing {list(X.shape)} {X.dtype}")
try:
    from threadpoolctl import threadpool_info
    note("# estimators: " + ", ".join(f"{i['internal_api']} {i.get('architecture', '')} {i['num_threads']} thread(s)" for i in threadpool_info()))
except ImportError:
    pass
note(f"# estimators: full-data fit ran {pipeline().fit(X, y)[-1].n_iter_} epochs")
for jobs in (1, 2):
    scores = []
    figure = f"cv5_{jobs}job{'' if jobs == 1 else 's'}_s"
    s = median_seconds(figure, lambda: scores.__setitem__(slice(None), cross_val_score(pipeline(), X, y, cv=KFold(5), n_jobs=jobs)))
    note(f"# estimators: cv5 {jobs} job(s) r2 per fold {[f'{v:.4f}' for v in scores]}")
    print(f"{figure} {s}", flush=True)

grid = {"mlp__hidden_layer_sizes": [(30,), (50,)], "mlp__learning_rate_init": [1e-3, 3e-3]}
for jobs in (1, 2):
    best = []
    def search():
        result = GridSearchCV(pipeline(), grid, cv=KFold(3), refit=True, n_jobs=jobs).fit(X, y)
        best[:] = [result.best_params_, result.best_score_]
    figure = f"grid12_{jobs}job{'' if jobs == 1 else 's'}_s"
    s = median_seconds(figure, search)
    note(f"# estimators: grid12 {jobs} job(s) best {best[0]} {best[1]:.4f}")
    print(f"{figure} {s}", flush=True)
