"""A topology learned outside SparseGen: train a dense MLP with numpy, prune it by magnitude, write Matrix Market.

Trains a 784-250-10 MLP (ReLU, softmax, no biases) on the MNIST subset in data/mnist with Adam, keeps the largest
--density fraction of the hidden layer's weights by magnitude (the output layer stays dense), fine-tunes the kept
weights with the pruned ones held at zero, and writes each layer with scipy.io.mmwrite as a real coordinate file
(rows are units, columns inputs): hidden.mtx and output.mtx. Their values are the weights, so SparseGen's model
compiled from them (examples/SparseGen.Examples.Learned, docs/learned-topologies.md) needs no checkpoint.

    python3 docs/prune_to_mtx.py --out learned/pruned
"""
import argparse
import gzip
import os
import sys

import numpy as np
import scipy.io
import scipy.sparse


def idx(path, offset):
    with gzip.open(path) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def forward(x, weights):
    """Activations of each layer for a batch x [n, 784]: ReLU hidden, softmax output."""
    h = np.maximum(x @ weights[0].T, 0)
    z = h @ weights[1].T
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return h, z / z.sum(axis=1, keepdims=True)


def train(x, y, weights, masks, epochs, rng, lr=1e-3, batch=32):
    """Adam (Kingma and Ba 2015, Algorithm 1) on cross-entropy; masked weights stay zero."""
    m = [np.zeros_like(w) for w in weights]
    v = [np.zeros_like(w) for w in weights]
    step = 0
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch):
            b = order[start:start + batch]
            h, p = forward(x[b], weights)
            dz = p.copy()
            dz[np.arange(len(b)), y[b]] -= 1
            dz /= len(b)
            dh = (dz @ weights[1]) * (h > 0)
            grads = [dh.T @ x[b], dz.T @ h]
            step += 1
            for k in range(2):
                m[k] = 0.9 * m[k] + 0.1 * grads[k]
                v[k] = 0.999 * v[k] + 0.001 * grads[k] ** 2
                weights[k] -= lr * (m[k] / (1 - 0.9 ** step)) / (np.sqrt(v[k] / (1 - 0.999 ** step)) + 1e-7)
                weights[k] *= masks[k]


def accuracy(x, y, weights):
    return float((forward(x, weights)[1].argmax(axis=1) == y).mean())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="folder for hidden.mtx and output.mtx (created if missing)")
    parser.add_argument("--data", default="data/mnist", help="folder with the gzip IDX files (default: data/mnist)")
    parser.add_argument("--density", type=float, default=0.1, help="fraction of the hidden layer's weights kept, in (0, 1]")
    parser.add_argument("--epochs", type=int, default=10, help="epochs of dense training (then half as many of fine-tuning)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not 0 < args.density <= 1:
        sys.exit(f"error: --density {args.density} is not in (0, 1]")

    x = idx(os.path.join(args.data, "train-images-idx3-ubyte.gz"), 16).reshape(-1, 784) / np.float32(255)
    y = idx(os.path.join(args.data, "train-labels-idx1-ubyte.gz"), 8)
    tx = idx(os.path.join(args.data, "test-images-idx3-ubyte.gz"), 16).reshape(-1, 784) / np.float32(255)
    ty = idx(os.path.join(args.data, "test-labels-idx1-ubyte.gz"), 8)
    # One mean and std over every training pixel, as SparseGen's examples standardise (FeatureScaler.FitStandard).
    mean, std = x.mean(dtype=np.float64), x.std(dtype=np.float64)
    x = ((x - mean) / std).astype(np.float32)
    tx = ((tx - mean) / std).astype(np.float32)

    rng = np.random.default_rng(args.seed)
    weights = [rng.uniform(-1, 1, (250, 784)) * np.sqrt(6 / (784 + 250)), rng.uniform(-1, 1, (10, 250)) * np.sqrt(6 / 260)]
    weights = [w.astype(np.float32) for w in weights]
    masks = [np.ones_like(w) for w in weights]
    train(x, y, weights, masks, args.epochs, rng)
    print(f"dense 784-250-10 MLP: test accuracy {accuracy(tx, ty, weights):.4f}")

    keep = int(round(args.density * weights[0].size))
    threshold = np.sort(np.abs(weights[0]), axis=None)[-keep]
    masks[0] = ((np.abs(weights[0]) >= threshold) & (weights[0] != 0)).astype(np.float32)
    weights[0] *= masks[0]
    print(f"pruned the hidden layer by magnitude to {int(masks[0].sum())} of {weights[0].size} weights: test accuracy {accuracy(tx, ty, weights):.4f}")
    train(x, y, weights, masks, max(1, args.epochs // 2), rng)
    print(f"fine-tuned: test accuracy {accuracy(tx, ty, weights):.4f}")

    os.makedirs(args.out, exist_ok=True)
    for name, w in (("hidden", weights[0]), ("output", weights[1])):
        path = os.path.join(args.out, name + ".mtx")
        # float64 copies of the float32 weights, written with 17 digits, read back exactly.
        scipy.io.mmwrite(path, scipy.sparse.coo_matrix(w.astype(np.float64)), comment=f"{name} layer of a magnitude-pruned numpy MLP (seed {args.seed})",
                         field="real", precision=17, symmetry="general")
        print(f"wrote {path}: {w.shape[0]} x {w.shape[1]}, {np.count_nonzero(w)} edges")
    print(f"preprocessing: mean {mean:.6f}, std {std:.6f} of the training pixels; the model has no biases")


if __name__ == "__main__":
    main()
