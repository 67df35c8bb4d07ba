"""Writes Fixtures/keras/optimizers.json: what real Keras 3 (JAX backend) computes for the
optimizers, learning-rate schedules and their configs (OptimizerKerasTests.swift,
OptimizerScheduleTests.swift, OptimizerConfigTests.swift).

- "steps": for each case (an optimizer class and keyword arguments, some with clipping, weight
  decay or a schedule), two variables, the gradients of three steps and the variables' values
  after each `optimizer.apply`.
- "schedules": each schedule's config and its value at several steps (as the optimizer evaluates
  it at `iterations`).
- "configs": `keras.optimizers.X().get_config()` for every optimizer with its defaults.

Run: KERAS_BACKEND=jax /work/venv-keras/bin/python Interop/make_optimizer_fixtures.py
     (needs keras==3.15.1, jax, numpy: `pip install keras==3.15.1 jax jaxlib numpy`)
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

sched = keras.optimizers.schedules


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


# Two variables (a kernel and a bias) and three steps of gradients: large enough that clipnorm 1,
# clipvalue 0.5 and global_clipnorm 1.5 all clip, with signs that change between steps.
KERNEL = np.array([[0.5, -1.25, 2.0], [-0.75, 0.1, 1.5]], dtype=np.float32)
BIAS = np.array([0.2, -0.3, 0.05], dtype=np.float32)
GRADIENTS = [
    (np.array([[0.9, -0.4, 1.3], [0.05, -0.8, 0.6]], dtype=np.float32),
     np.array([0.3, -0.7, 0.0], dtype=np.float32)),
    (np.array([[-0.2, 0.5, 0.7], [1.1, -0.3, -0.9]], dtype=np.float32),
     np.array([-0.6, 0.2, 0.4], dtype=np.float32)),
    (np.array([[0.4, 0.4, -1.6], [-0.5, 0.25, 0.1]], dtype=np.float32),
     np.array([0.1, 0.9, -0.35], dtype=np.float32)),
]

SCHEDULE = {"class_name": "ExponentialDecay",
            "config": {"initial_learning_rate": 0.05, "decay_steps": 2, "decay_rate": 0.5}}

COMMON = {
    "plain": {},
    "clipnorm": {"clipnorm": 1.0},
    "clipvalue": {"clipvalue": 0.5},
    "global_clipnorm": {"global_clipnorm": 1.5},
    "weight_decay": {"weight_decay": 0.1},
    "schedule": {"learning_rate": SCHEDULE},
}

OPTIMIZERS = {
    "SGD": [{"learning_rate": 0.1}, {"learning_rate": 0.1, "momentum": 0.9},
            {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}],
    "Adam": [{"learning_rate": 0.01}, {"learning_rate": 0.01, "amsgrad": True}],
    "AdamW": [{"learning_rate": 0.01}, {"learning_rate": 0.01, "weight_decay": 0.05, "amsgrad": True}],
    "Nadam": [{"learning_rate": 0.01}, {"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.99}],
    "RMSprop": [{"learning_rate": 0.01}, {"learning_rate": 0.01, "momentum": 0.9},
                {"learning_rate": 0.01, "centered": True},
                {"learning_rate": 0.01, "rho": 0.8, "momentum": 0.5, "centered": True, "epsilon": 1e-3}],
    "Adagrad": [{"learning_rate": 0.1}, {"learning_rate": 0.1, "initial_accumulator_value": 0.5, "epsilon": 1e-3}],
    "Adadelta": [{"learning_rate": 1.0}, {"learning_rate": 1.0, "rho": 0.8, "epsilon": 1e-3}],
    "Adamax": [{"learning_rate": 0.01}, {"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.99}],
    "Ftrl": [{"learning_rate": 0.1},
             {"learning_rate": 0.1, "learning_rate_power": -0.7, "initial_accumulator_value": 0.2,
              "l1_regularization_strength": 0.01, "l2_regularization_strength": 0.02,
              "l2_shrinkage_regularization_strength": 0.03, "beta": 0.1}],
}


def make_schedule(spec):
    return getattr(sched, spec["class_name"])(**spec["config"])


def run(class_name, kwargs):
    args = dict(kwargs)
    if isinstance(args.get("learning_rate"), dict):
        args["learning_rate"] = make_schedule(args["learning_rate"])
    optimizer = getattr(keras.optimizers, class_name)(**args)
    kernel = keras.Variable(KERNEL, name="kernel")
    bias = keras.Variable(BIAS, name="bias")
    steps = []
    for gk, gb in GRADIENTS:
        optimizer.apply([gk, gb], [kernel, bias])
        steps.append([floats(kernel.numpy()), floats(bias.numpy())])
    return steps


def step_cases():
    cases = []
    for class_name, variants in OPTIMIZERS.items():
        for i, base in enumerate(variants):
            extras = COMMON.items() if i == 0 else [("plain", {})]
            for label, extra in extras:
                kwargs = {**base, **extra}
                cases.append({"name": f"{class_name}/{i}/{label}", "class_name": class_name,
                              "kwargs": kwargs, "steps": run(class_name, kwargs)})
    return cases


SCHEDULES = [
    {"class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 3, "decay_rate": 0.7}},
    {"class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 3, "decay_rate": 0.7, "staircase": True}},
    {"class_name": "PiecewiseConstantDecay", "config": {"boundaries": [2, 5, 9], "values": [1.0, 0.5, 0.1, 0.01]}},
    {"class_name": "PiecewiseConstantDecay", "config": {"boundaries": [4], "values": [0.3, 0.03]}},
    {"class_name": "PolynomialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 10}},
    {"class_name": "PolynomialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 4, "end_learning_rate": 0.01, "power": 2.0, "cycle": True}},
    {"class_name": "InverseTimeDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5}},
    {"class_name": "InverseTimeDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5, "staircase": True}},
    {"class_name": "CosineDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 10}},
    {"class_name": "CosineDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 10, "alpha": 0.2}},
    {"class_name": "CosineDecay", "config": {"initial_learning_rate": 0.0, "decay_steps": 8, "alpha": 0.1, "warmup_target": 0.2, "warmup_steps": 4}},
]
SCHEDULE_STEPS = [0, 1, 2, 3, 4, 5, 7, 9, 10, 11, 13, 20, 100, 1000]


def schedule_cases():
    cases = []
    for spec in SCHEDULES:
        s = make_schedule(spec)
        values = [float(np.float32(s(np.int32(step)))) for step in SCHEDULE_STEPS]
        cases.append({**spec, "full_config": s.get_config(), "steps": SCHEDULE_STEPS, "values": values})
    return cases


def configs():
    out = {}
    for class_name in OPTIMIZERS:
        out[class_name] = getattr(keras.optimizers, class_name)().get_config()
    with_schedule = keras.optimizers.SGD(learning_rate=make_schedule(SCHEDULE)).get_config()
    out["SGD with schedule"] = with_schedule
    return out


def main():
    assert keras.__version__ == "3.15.1", keras.__version__
    assert keras.backend.backend() == "jax"
    data = {"keras_version": keras.__version__, "backend": keras.backend.backend(),
            "kernel": floats(KERNEL), "kernel_shape": list(KERNEL.shape),
            "bias": floats(BIAS), "bias_shape": list(BIAS.shape),
            "gradients": [[floats(gk), floats(gb)] for gk, gb in GRADIENTS],
            "steps": step_cases(), "schedules": schedule_cases(), "configs": configs()}
    path = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "keras" / "optimizers.json"
    path.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {path}: {len(data['steps'])} step cases, {len(data['schedules'])} schedules")


if __name__ == "__main__":
    main()
