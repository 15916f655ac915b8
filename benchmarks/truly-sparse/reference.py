"""Times the truly sparse reference implementation (Curci, Mocanu & Pechenizkiy 2021, arXiv 2102.01732; its
sequential SET-MLP, set_mlp_sequential.py) on the data and recipe SparseGen's SET example runs, for docs/scale.md.

The reference is not part of SparseGen: clone it and pass its folder.

    git clone https://github.com/SelimaC/large-scale-sparse-neural-networks /tmp/lssnn
    /usr/bin/python3 benchmarks/truly-sparse/reference.py --repo /tmp/lssnn --hidden 100000 \
        --train-samples 2000 --test-samples 1000 --epochs 2 --threads 1

It builds the reference's 784-H-H-H-10 SET_MLP (All-ReLU slopes -0.6, 0.6, -0.6, softmax, epsilon 20) and trains it with
the reference's own forward, backward, update and evolution methods (SGD with momentum 0.9, learning rate 0.01,
batch 128, dropout 0.3, weight decay 0.0002, zeta 0.3), in the loop of its fit() without its extra per-epoch
evaluation of the whole training set. The data are the first N images of each split of the IDX files in --data,
standardised per feature as the reference's loader does. Prints one line per epoch and a JSON summary last.
"""
import argparse
import gzip
import json
import os
import sys
import time


def read_idx(path):
    import numpy as np
    with (gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * k:8 + 4 * k], "big") for k in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(folder, train, test):
    import numpy as np

    def split(prefixes, kind, count):
        for prefix in prefixes:
            for suffix in ("-idx3-ubyte" if kind == "images" else "-idx1-ubyte", ):
                for ext in (".gz", ""):
                    path = os.path.join(folder, f"{prefix}-{kind}{suffix}{ext}")
                    if os.path.exists(path):
                        return read_idx(path)[:count]
        sys.exit(f"reference.py: no {prefixes[0]} {kind} file in {folder}")

    x_train = split(["train"], "images", train).reshape(train, -1).astype(np.float32)
    x_test = split(["test", "t10k"], "images", test).reshape(test, -1).astype(np.float32)
    y_train = np.eye(10, dtype=np.float32)[split(["train"], "labels", train)]
    y_test = np.eye(10, dtype=np.float32)[split(["test", "t10k"], "labels", test)]
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    std[std == 0] = 1  # a pixel that is 0 in every image of a subset (the reference divides by 0 there)
    return (x_train - mean) / std, y_train, (x_test - mean) / std, y_test


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", required=True, help="a clone of SelimaC/large-scale-sparse-neural-networks")
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--hidden", type=int, default=1000)
    parser.add_argument("--train-samples", type=int, default=2000)
    parser.add_argument("--test-samples", type=int, default=1000, help="a multiple of 100 (the reference predicts in batches of 100)")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="Numba's and OpenBLAS's threads")
    parser.add_argument("--init", default="auto", choices=["auto", "he_uniform", "normal"],
                        help="the reference's initialisers; he_uniform draws a dense H x H mask (8 H^2 bytes), so auto takes normal above H = 20,000")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.test_samples % 100:
        parser.error("--test-samples must be a multiple of 100")

    os.environ["NUMBA_NUM_THREADS"] = str(args.threads)
    os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
    sys.path.insert(0, os.path.abspath(args.repo))
    os.chdir(args.repo)
    import types
    import numpy as np
    # The reference's data loader imports Keras and pandas for other data sets; this driver loads the data itself.
    sys.modules["utils.load_data"] = types.SimpleNamespace(load_fashion_mnist_data=None)
    import set_mlp_sequential as ref
    from utils.nn_functions import AlternatedLeftReLU, Softmax, CrossEntropy

    np.random.seed(args.seed)
    x, y, x_test, y_test = load(args.data, args.train_samples, args.test_samples)
    init = args.init if args.init != "auto" else ("he_uniform" if args.hidden <= 20000 else "normal")
    start = time.perf_counter()
    net = ref.SET_MLP((784, args.hidden, args.hidden, args.hidden, 10),
                      (AlternatedLeftReLU(-0.6), AlternatedLeftReLU(0.6), AlternatedLeftReLU(-0.6), Softmax), epsilon=20, weight_init=init)
    build = time.perf_counter() - start
    net.loss, net.learning_rate, net.momentum, net.weight_decay = CrossEntropy(), 0.01, 0.9, 0.0002
    net.zeta, net.dropout_rate, net.save_filename = 0.3, 0.3, os.path.join("/tmp", f"reference-{os.getpid()}")
    batch = 128
    epochs = []
    for epoch in range(args.epochs):
        order = np.arange(x.shape[0])
        np.random.shuffle(order)
        xs, ys = x[order], y[order]
        t0 = time.perf_counter()
        for j in range(x.shape[0] // batch):
            z, a, masks = net._feed_forward(xs[j * batch:(j + 1) * batch], True)
            net._back_prop(z, a, masks, ys[j * batch:(j + 1) * batch])
        t1 = time.perf_counter()
        accuracy, _ = net.predict(x_test, y_test)
        t2 = time.perf_counter()
        if epoch < args.epochs - 1:
            net.weights_evolution_II(epoch)
        t3 = time.perf_counter()
        epochs.append({"epoch": epoch + 1, "train_seconds": t1 - t0, "test_seconds": t2 - t1, "evolution_seconds": t3 - t2, "test_accuracy": accuracy})
        print(f"epoch {epoch + 1}/{args.epochs}  train {t1 - t0:.2f} s  test {t2 - t1:.2f} s  evolution {t3 - t2:.2f} s  test accuracy {accuracy:.4f}", flush=True)

    edges = [int(net.w[k].nnz) for k in sorted(net.w)]
    print(json.dumps({"implementation": "truly-sparse reference (set_mlp_sequential.py)", "hidden": args.hidden, "edges": edges,
                      "init": init, "build_seconds": build, "threads": args.threads, "epochs": epochs}))


if __name__ == "__main__":
    main()
