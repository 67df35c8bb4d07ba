"""Regenerates every committed scikit-learn fixture (Fixtures/sklearn/*.json) with the real
scikit-learn into a temporary folder and compares it with the committed file, so the numbers the
Swift Estimators tests check against are known to be scikit-learn's own, not hand-edited or stale.

Integers, strings, booleans, nulls and the shape of every list and object must be equal exactly
(index sets, classes, n_iter, classification report text); floats to 1e-12 relative
(|a - b| <= 1e-12 * max(1, |b|), NaN equal to NaN). Every difference is printed with its file and
JSON path (e.g. `estimators.json: $.perceptron[3].coef[0][1]: committed 0.5, regenerated 0.6`);
the exit status is 1 if there is any, 2 if a generator fails.

Version fields (sklearn_version, numpy_version) are compared too: the fixtures must come from the
pinned versions.

Run (scikit-learn==1.9.1, numpy==2.4.6, scipy==1.17.1, as in Interop/requirements.txt):
    python Interop/check_sklearn_fixtures.py            # all generators
    python Interop/check_sklearn_fixtures.py --only make_search_fixtures.py
scripts/interop runs it in CI.
"""
import argparse
import json
import math
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Generator script (in Interop/) -> the fixture it writes (in Fixtures/sklearn/).
GENERATORS = {
    "make_sklearn_fixtures.py": "estimators.json",
    "make_perceptron_fixtures.py": "perceptron.json",
    "make_prep_fixtures.py": "preprocessing.json",
    "make_metrics2_fixtures.py": "metrics2.json",
    "make_search_fixtures.py": "search.json",
    "make_mlp_fixtures.py": "mlp.json",
    "sklearn_cv_reference.py": "cv_reference.json",
}
RTOL = 1e-12


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def compare(committed, regenerated, path, diffs):
    """Appends (json path, message) for every difference between the two JSON values."""
    if isinstance(committed, float) or isinstance(regenerated, float):
        numeric = (float, int)
        if (not isinstance(committed, numeric) or not isinstance(regenerated, numeric)
                or isinstance(committed, bool) or isinstance(regenerated, bool)):
            diffs.append((path, f"committed {committed!r}, regenerated {regenerated!r}"))
            return
        a, b = float(committed), float(regenerated)
        if math.isnan(a) or math.isnan(b):
            if not (math.isnan(a) and math.isnan(b)):
                diffs.append((path, f"committed {a!r}, regenerated {b!r}"))
        elif math.isinf(a) or math.isinf(b):
            if a != b:
                diffs.append((path, f"committed {a!r}, regenerated {b!r}"))
        elif abs(a - b) > RTOL * max(1.0, abs(a)):
            diffs.append((path, f"committed {a!r}, regenerated {b!r} (difference {abs(a - b):.3g})"))
        return
    if type(committed) is not type(regenerated):
        diffs.append((path, f"committed {type(committed).__name__} {committed!r:.80}, "
                            f"regenerated {type(regenerated).__name__} {regenerated!r:.80}"))
        return
    if isinstance(committed, dict):
        for key in committed.keys() - regenerated.keys():
            diffs.append((f"{path}.{key}", "only in the committed file"))
        for key in regenerated.keys() - committed.keys():
            diffs.append((f"{path}.{key}", "only in the regenerated file"))
        for key in committed.keys() & regenerated.keys():
            compare(committed[key], regenerated[key], f"{path}.{key}", diffs)
    elif isinstance(committed, list):
        if len(committed) != len(regenerated):
            diffs.append((path, f"committed {len(committed)} items, regenerated {len(regenerated)}"))
        for i, (a, b) in enumerate(zip(committed, regenerated)):
            compare(a, b, f"{path}[{i}]", diffs)
    elif committed != regenerated:  # int, str, bool, None: exact
        diffs.append((path, f"committed {committed!r}, regenerated {regenerated!r}"))


def load(path):
    # Python's json reads NaN/Infinity, which json.dumps writes for non-finite floats.
    return json.loads(path.read_text())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=sorted(GENERATORS),
                        help="check only this generator (repeatable)")
    parser.add_argument("--fixtures", default=str(ROOT / "Fixtures" / "sklearn"),
                        help="folder of the committed fixtures (default: Fixtures/sklearn)")
    args = parser.parse_args()
    committed_dir = pathlib.Path(args.fixtures)
    total = 0
    failed_generators = []
    with tempfile.TemporaryDirectory(prefix="sklearn-fixtures-") as tmp:
        for script, name in GENERATORS.items():
            if args.only and script not in args.only:
                continue
            start = time.monotonic()
            run = subprocess.run([sys.executable, str(ROOT / "Interop" / script), "--out", tmp],
                                 capture_output=True, text=True, cwd=ROOT)
            seconds = time.monotonic() - start
            if run.returncode != 0:
                print(f"{name}: Interop/{script} FAILED (exit {run.returncode}):\n{run.stderr[-2000:]}")
                failed_generators.append(script)
                continue
            committed_path, regenerated_path = committed_dir / name, pathlib.Path(tmp) / name
            if not committed_path.exists():
                print(f"{name}: no committed file at {committed_path}")
                total += 1
                continue
            diffs = []
            compare(load(committed_path), load(regenerated_path), "$", diffs)
            for path, message in diffs:
                print(f"{name}: {path}: {message}")
            total += len(diffs)
            verdict = "equal" if not diffs else f"{len(diffs)} difference(s)"
            print(f"{name}: {verdict} (Interop/{script}, {seconds:.1f} s)", file=sys.stderr)
    if failed_generators:
        print(f"check_sklearn_fixtures: {len(failed_generators)} generator(s) failed: {', '.join(failed_generators)}")
        return 2
    if total:
        print(f"check_sklearn_fixtures: {total} difference(s) between committed and regenerated fixtures")
        return 1
    print("check_sklearn_fixtures: every fixture equals what scikit-learn regenerates", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
