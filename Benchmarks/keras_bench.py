"""The benchmark workload of Benchmarks/RESULTS.md, Keras 3 (JAX backend) side.

Prints one `<figure> <value>` line per figure; Benchmarks/run pairs them with SwiftLearn's.
"""
import os
import resource
import statistics
import time

os.environ.setdefault("KERAS_BACKEND", "jax")
import numpy as np  # noqa: E402
import keras  # noqa: E402

EPOCHS = int(os.environ.get("BENCH_EPOCHS", "4"))
rng = np.random.default_rng(42)
X = rng.random((55000, 784), dtype=np.float32)
y = rng.integers(0, 10, 55000).astype(np.int32)


class EpochTimer(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.seconds = []

    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self.start)


def make_model():
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(300, activation="relu"),
        keras.layers.Dense(100, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.01))
    return model


for batch_size in (32, 256):
    model = make_model()
    timer = EpochTimer()
    model.fit(X, y, batch_size=batch_size, epochs=EPOCHS, verbose=0, callbacks=[timer])
    print(f"epoch_bs{batch_size}_s {statistics.median(timer.seconds[1:])}", flush=True)

model = make_model()
model.fit(X[:1000], y[:1000], epochs=1, verbose=0)
one = X[:1]
model.predict(one, verbose=0)
blocks = []
for _ in range(7):
    start = time.perf_counter()
    for _ in range(200):
        model.predict(one, verbose=0)
    blocks.append((time.perf_counter() - start) / 200 * 1e6)
print(f"predict_1row_us {statistics.median(blocks)}", flush=True)

ten_k = X[:10000]
model.predict(ten_k, verbose=0)
runs = []
for _ in range(7):
    start = time.perf_counter()
    model.predict(ten_k, verbose=0)
    runs.append(time.perf_counter() - start)
print(f"predict_10k_s {statistics.median(runs)}", flush=True)
print(f"peak_rss_mib {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}", flush=True)
