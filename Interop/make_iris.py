"""Writes Fixtures/data/iris.csv from scikit-learn's bundled copy of Fisher's iris data set.

Header + 150 rows: the four measurements in cm under scikit-learn's `feature_names`
("sepal length (cm)", ..., "petal width (cm)") and `target` (0 setosa, 1 versicolor,
2 virginica), in scikit-learn's row order, values exactly as scikit-learn stores them.
`swiftlearn-examples perceptron` reads it.

Rerun: /work/venv-sk/bin/python Interop/make_iris.py
       (or any venv with scikit-learn==1.9.1; the data set has not changed in years)
"""
import csv
import pathlib

from sklearn.datasets import load_iris

iris = load_iris()
out = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "data" / "iris.csv"
with out.open("w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(list(iris.feature_names) + ["target"])
    for row, target in zip(iris.data, iris.target):
        writer.writerow([repr(float(v)) for v in row] + [int(target)])
print(f"wrote {out} ({len(iris.data)} rows)")
