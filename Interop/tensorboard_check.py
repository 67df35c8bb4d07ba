#!/usr/bin/env python3
"""Checks that TensorBoard itself reads the event files SwiftLearn's TensorBoard callback writes.

Run by scripts/interop (which makes the venv from Interop/requirements.txt). By hand, from the
repository root, with that venv's python:

    SWIFTLEARN_TB_OUT=/tmp/swiftlearn-tb swift test --disable-xctest --filter writeLogFolderForInteropCheck
    python Interop/tensorboard_check.py /tmp/swiftlearn-tb [--server]

The Swift test trains a small model with TensorBoard(updateFrequency: .batches(3),
histogramFrequency: 2) and writes `expected.json` (History, batch logs, weight sizes) next to the
`train`/`validation` folders. This script loads both folders with TensorBoard's EventAccumulator
and compares:
  - every `epoch_*` scalar (train and validation) with the History: steps 0..E-1, values equal
    as float32;
  - `epoch_learning_rate`, `evaluation_*_vs_iterations`;
  - every `batch_*` scalar with the batch logs at global steps N, 2N, ...;
  - the `keras` model-graph summary (step 0, plugin `graph_keras_model`), converted by
    TensorBoard's own Graphs-plugin code (`keras_util.keras_model_to_graph_def`) into one node
    per layer;
  - every weight histogram: tags `<path>/histogram`, steps, [k, 3] shape, bucket counts summing to
    the weight's size, edges increasing.
With --server it also starts a real `tensorboard --logdir` on a free local port and checks, over
its HTTP API, the epoch scalars (Scalars dashboard), the histogram bucket counts (Histograms
dashboard) and the conceptual graph (Graphs dashboard).
Exits 0 and prints "OK ..." on success, 1 with the list of failures otherwise.
"""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import numpy as np
from tensorboard.backend.event_processing import event_accumulator
from tensorboard.plugins.graph import keras_util
from tensorboard.util import tensor_util


def load(folder):
    # Keep every tensor event (the default keeps only 10 per tag).
    acc = event_accumulator.EventAccumulator(folder, size_guidance={event_accumulator.TENSORS: 0})
    acc.Reload()
    return acc


def series(acc, tag, plugin):
    """[(step, ndarray)] of a tensor-summary tag written with `plugin`, or None if absent."""
    if tag not in acc.Tags()["tensors"]:
        return None
    if acc.SummaryMetadata(tag).plugin_data.plugin_name != plugin:
        return None
    return [(e.step, tensor_util.make_ndarray(e.tensor_proto)) for e in acc.Tensors(tag)]


def check_server(root, expected, failures):
    """Serves `root` with a real TensorBoard and reads the dashboards' data over HTTP."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "tensorboard.main", "--logdir", root, "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/data/plugin"

    def get(path, **query):
        url = f"{base}/{path}?" + urllib.parse.urlencode(query)
        with urllib.request.urlopen(url, timeout=10) as r:
            return json.loads(r.read())

    checked = 0
    try:
        epochs = expected["epochs"]
        deadline = time.time() + 90
        while True:  # wait until the server has loaded every epoch
            try:
                if len(get("scalars/scalars", run="train", tag="epoch_loss")) == len(epochs):
                    break
            except Exception:
                pass
            if time.time() > deadline or proc.poll() is not None:
                failures.append("server: TensorBoard did not serve train/epoch_loss within 90 s")
                return 0
            time.sleep(0.5)
        for key, values in expected["history"].items():
            run, tag = ("validation", "epoch_" + key[4:]) if key.startswith("val_") else ("train", "epoch_" + key)
            got = [(step, value) for _, step, value in get("scalars/scalars", run=run, tag=tag)]
            want = [(e, float(v)) for e, v in zip(epochs, values)]
            if [(s, float(np.float32(v))) for s, v in got] != want:
                failures.append(f"server {run}/{tag}: {got} != {want}")
            checked += len(want)
        for path, size in expected["weights"].items():
            got = get("histograms/histograms", run="train", tag=path + "/histogram")
            if [step for _, step, _ in got] != expected["histogram_steps"]:
                failures.append(f"server {path}/histogram: steps {[step for _, step, _ in got]}")
            for _, step, buckets in got:
                if sum(b[2] for b in buckets) != size:
                    failures.append(f"server {path}/histogram step {step}: counts sum to {sum(b[2] for b in buckets)}, not {size}")
                checked += 1
        info = get("graphs/info")
        if not info.get("train", {}).get("tags", {}).get("keras", {}).get("conceptual_graph"):
            failures.append(f"server: no conceptual graph 'keras' for run train: {info}")
        checked += 1
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return checked


def main():
    args = [a for a in sys.argv[1:] if a != "--server"]
    if len(args) != 1:
        print(__doc__)
        return 2
    root = args[0]
    with open(os.path.join(root, "expected.json")) as f:
        expected = json.load(f)
    train = load(os.path.join(root, "train"))
    validation = load(os.path.join(root, "validation"))
    failures = []
    checked = 0

    def check_scalars(acc, tag, want, where):
        nonlocal checked
        got = series(acc, tag, "scalars")
        if got is None:
            failures.append(f"{where}: no scalar tag {tag!r} (tags: {acc.Tags()['tensors']})")
            return
        got_pairs = [(s, np.float32(v)) for s, v in got]
        want_pairs = [(s, np.float32(v)) for s, v in want]
        if [s for s, _ in got_pairs] != [s for s, _ in want_pairs]:
            failures.append(f"{where} {tag}: steps {[s for s, _ in got_pairs]} != {[s for s, _ in want_pairs]}")
        elif any(g != w for (_, g), (_, w) in zip(got_pairs, want_pairs)):
            failures.append(f"{where} {tag}: values {[float(g) for _, g in got_pairs]} != {[float(w) for _, w in want_pairs]}")
        checked += len(want_pairs)

    epochs = expected["epochs"]
    history = expected["history"]
    for key, values in history.items():
        if key.startswith("val_"):
            check_scalars(validation, "epoch_" + key[4:], list(zip(epochs, values)), "validation")
            check_scalars(validation, f"evaluation_{key[4:]}_vs_iterations",
                          list(zip(expected["evaluation_steps"], values)), "validation")
        else:
            check_scalars(train, "epoch_" + key, list(zip(epochs, values)), "train")
    check_scalars(train, "epoch_learning_rate", [(e, expected["learning_rate"]) for e in epochs], "train")

    every = expected["batch_every"]
    batches = [b for b in expected["batches"] if b["step"] % every == 0]
    for key in batches[0]["logs"]:
        check_scalars(train, "batch_" + key, [(b["step"], b["logs"][key]) for b in batches], "train")

    for path, size in expected["weights"].items():
        tag = path + "/histogram"
        got = series(train, tag, "histograms")
        if got is None:
            failures.append(f"train: no histogram tag {tag!r}")
            continue
        if [s for s, _ in got] != expected["histogram_steps"]:
            failures.append(f"{tag}: steps {[s for s, _ in got]} != {expected['histogram_steps']}")
        for step, buckets in got:
            checked += 1
            if buckets.shape != (30, 3) or buckets.dtype != np.float64:
                failures.append(f"{tag} step {step}: shape {buckets.shape} dtype {buckets.dtype}, expected (30, 3) float64")
                continue
            if buckets[:, 2].sum() != size:
                failures.append(f"{tag} step {step}: counts sum to {buckets[:, 2].sum()}, the weight has {size}")
            if not (np.all(buckets[:, 0] < buckets[:, 1]) and np.all(buckets[1:, 0] == buckets[:-1, 1])):
                failures.append(f"{tag} step {step}: bucket edges are not increasing and contiguous")

    graph = series(train, "keras", "graph_keras_model")
    if graph is None or [s for s, _ in graph] != [0]:
        failures.append(f"train: no 'keras' graph_keras_model summary at step 0 (got {graph and [s for s, _ in graph]})")
    else:
        config = json.loads(graph[0][1].item())
        nodes = keras_util.keras_model_to_graph_def(config).node
        names = [n.name.split("/")[-1] for n in nodes]
        layers = [layer["config"]["name"] for layer in config["config"]["layers"]]
        if names != layers:
            failures.append(f"keras graph: TensorBoard made nodes {names}, the config has layers {layers}")
        checked += 1

    served = check_server(root, expected, failures) if "--server" in sys.argv[1:] else None

    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    print(f"OK: TensorBoard read {checked} scalar points, histograms and the model graph "
          f"({len(train.Tags()['tensors'])} train tags, {len(validation.Tags()['tensors'])} validation tags) "
          f"matching SwiftLearn's History, batch logs and weights"
          + (f"; a live TensorBoard server served {served} of them the same" if served is not None else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
