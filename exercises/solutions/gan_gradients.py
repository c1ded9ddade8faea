"""A worked solution of a Minimax exercise, in numpy, with the backward pass written by hand.

An exercise (`minimax export <lesson>`) gives two small networks, a generator G and a
discriminator D, as lists of steps, and one batch: noise z and data x. This script computes the
four quantities the exercise lists, with sigma the logistic function and D(.) the discriminator's
logit,

    discriminator_bce       = -mean log sigma(D(x)) - mean log(1 - sigma(D(G(z))))
    generator_minimax       =  mean log(1 - sigma(D(G(z))))
    generator_nonsaturating = -mean log sigma(D(G(z)))
    critic_wasserstein      =  mean D(G(z)) - mean D(x)

and the gradient of each with respect to every parameter of both networks, then saves them as
.npy files named like the exercise's, for `minimax compare` to check:

    minimax export saturation
    python3 exercises/solutions/gan_gradients.py exercises/saturation /tmp/mine
    minimax compare saturation /tmp/mine/*.npy

With --dtype float32 it computes in single precision, as a PyTorch model does by default.
"""

import argparse
import json
import os

import numpy as np


def log_sigmoid(t):
    """log sigma(t) = -log(1 + exp(-t)), without overflow for large |t|."""
    return -np.logaddexp(0, -t)


def sigmoid(t):
    return np.exp(log_sigmoid(t))


def forward(steps, x, arrays):
    """Runs a network's steps on a batch (one example per row).

    Returns the output and the tape: each step with the input it received, which is what the
    backward pass needs."""
    tape = []
    for step in steps:
        tape.append((step, x))
        op = step["op"]
        if op == "linear":
            # y = x W^T + b, with W of shape (out, in) as in PyTorch.
            x = x @ arrays[step["weight"]].T + arrays[step["bias"]]
        elif op == "leaky_relu":
            x = np.where(x > 0, x, step["slope"] * x)
        elif op == "relu":
            x = np.maximum(x, 0)
        elif op == "tanh":
            x = np.tanh(x)
        elif op == "sigmoid":
            x = sigmoid(x)
        else:
            raise ValueError(f"unknown step {op!r}")
    return x, tape


def backward(tape, grad_output, arrays, grads):
    """Pushes dL/d(output) back through the taped steps.

    Adds dL/dW and dL/db of every linear step to `grads` (a parameter may receive gradients
    from several passes: D sees both x and G(z)) and returns dL/d(input)."""
    g = grad_output
    for step, x in reversed(tape):
        op = step["op"]
        if op == "linear":
            weight = arrays[step["weight"]]
            grads[step["weight"]] += g.T @ x  # dL/dW[o, i] = sum over rows of g[r, o] x[r, i]
            grads[step["bias"]] += g.sum(axis=0)
            g = g @ weight
        elif op == "leaky_relu":
            g = g * np.where(x > 0, 1, step["slope"]).astype(g.dtype)
        elif op == "relu":
            g = g * (x > 0)
        elif op == "tanh":
            g = g * (1 - np.tanh(x) ** 2)
        elif op == "sigmoid":
            s = sigmoid(x)
            g = g * s * (1 - s)
    return g


def solve(manifest, arrays):
    """Each quantity's value and its gradients, by parameter file name."""
    generator = manifest["networks"]["generator"]
    discriminator = manifest["networks"]["discriminator"]
    z = arrays[manifest["inputs"]["z"]["file"]]
    x = arrays[manifest["inputs"]["x"]["file"]]
    n = x.shape[0]

    samples, generator_tape = forward(generator, z, arrays)
    real, real_tape = forward(discriminator, x, arrays)        # logits D(x), shape (n, 1)
    fake, fake_tape = forward(discriminator, samples, arrays)  # logits D(G(z))

    # Each quantity as (value, dL/d real logits, dL/d fake logits). With d/dt log sigma(t) =
    # sigma(-t) and log(1 - sigma(t)) = log sigma(-t):
    one = np.ones_like(real)
    quantities = {
        "discriminator_bce": (
            -log_sigmoid(real).mean() - log_sigmoid(-fake).mean(),
            -sigmoid(-real) / n,
            sigmoid(fake) / n,
        ),
        "generator_minimax": (log_sigmoid(-fake).mean(), 0 * real, -sigmoid(fake) / n),
        "generator_nonsaturating": (-log_sigmoid(fake).mean(), 0 * real, -sigmoid(-fake) / n),
        "critic_wasserstein": (fake.mean() - real.mean(), -one / n, one / n),
    }

    answers = {}
    parameter_files = [entry["file"] for entry in manifest["parameters"].values()]
    for name, (value, grad_real, grad_fake) in quantities.items():
        grads = {file: np.zeros_like(arrays[file]) for file in parameter_files}
        backward(real_tape, grad_real, arrays, grads)
        grad_samples = backward(fake_tape, grad_fake, arrays, grads)
        backward(generator_tape, grad_samples, arrays, grads)
        answers[name] = (value, grads)
    return answers


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("exercise", help="the folder minimax export wrote (with exercise.json)")
    parser.add_argument("output", help="the folder to write the answers into")
    parser.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    arguments = parser.parse_args()

    with open(os.path.join(arguments.exercise, "exercise.json"), encoding="utf-8") as file:
        manifest = json.load(file)
    files = [entry["file"] for entry in [*manifest["inputs"].values(), *manifest["parameters"].values()]]
    dtype = np.dtype(arguments.dtype)
    arrays = {file: np.load(os.path.join(arguments.exercise, file)).astype(dtype) for file in files}

    os.makedirs(arguments.output, exist_ok=True)
    by_file = {entry["file"]: name for name, entry in manifest["parameters"].items()}
    for name, (value, grads) in solve(manifest, arrays).items():
        np.save(os.path.join(arguments.output, f"{name}.npy"), np.asarray(value, dtype=dtype))  # its value_file
        for file, grad in grads.items():
            np.save(os.path.join(arguments.output, f"grad.{name}.{by_file[file]}.npy"), grad)
        print(f"{name} = {float(value):.10g}")


if __name__ == "__main__":
    main()
