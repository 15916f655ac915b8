#!/usr/bin/python3
"""SparseGen against PyTorch on the main job, side by side in one run.

Trains the USN paper's MLP (784 -> 250 ReLU, dropout 0.2 -> 10 softmax; Nadam 1e-3, batch 32) on the MNIST subset
shipped in data/mnist, for the same number of epochs and on the same number of threads, as:
  SparseGen: USN (Uniform, hidden density 0.1) with generated kernels, and the dense network with generated kernels
             (examples/SparseGen.Examples.Mnist, run with --json --threads N);
  PyTorch:   the dense MLP, the same MLP with its hidden weights multiplied by SparseGen's own USN mask (exported by
             examples/SparseGen.Examples.Topology --mtx), and the hidden layer as a torch.sparse COO matrix.
One thread runs pinned to core 0 (taskset -c 0) with torch.set_num_threads(1); N threads run unpinned with N.
Training seconds exclude the per-epoch test evaluation on both sides. Prints which BLAS PyTorch loaded (Debian's
python3-torch uses the system libblas.so.3: install libopenblas0-pthread, or it falls back to the reference BLAS,
several times slower) and the load average before and after.

Usage (from the repository root, after `dotnet build SparseGen.sln -c Release`):
  /usr/bin/python3 benchmarks/pytorch/mnist_mlp.py --threads 1 2 --epochs 10 --seeds 1 2 3
"""
import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(ROOT, "examples")
MNIST_DLL = os.path.join(EXAMPLES, "SparseGen.Examples.Mnist", "bin", "Release", "net10.0", "SparseGen.Examples.Mnist.dll")
TOPOLOGY_DLL = os.path.join(EXAMPLES, "SparseGen.Examples.Topology", "bin", "Release", "net10.0", "SparseGen.Examples.Topology.dll")
DATA = os.path.join(ROOT, "data", "mnist")


def read_idx(path):
    import numpy as np
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * k:8 + 4 * k], "big") for k in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def read_mask(path, inputs, units):
    """A Matrix Market coordinate pattern as the Topology example writes it: 1-based rows are outputs, columns inputs."""
    import numpy as np
    rows, cols = [], []
    with open(path) as f:
        header_done = False
        for line in f:
            if line.startswith("%"):
                continue
            parts = line.split()
            if not header_done:
                header_done = True
                assert int(parts[0]) == units and int(parts[1]) == inputs, f"{path}: expected {units} x {inputs}, got {parts[:2]}"
                continue
            rows.append(int(parts[0]) - 1)
            cols.append(int(parts[1]) - 1)
    return np.array(cols), np.array(rows)


def blas_loaded():
    with open("/proc/self/maps") as f:
        libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
    return ", ".join(sorted(os.path.realpath(l) for l in libs)) or "none found"


def torch_worker(model_name, threads, epochs, seed, mask_path):
    import numpy as np
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    x_train = read_idx(os.path.join(DATA, "train-images-idx3-ubyte.gz")).reshape(-1, 784).astype(np.float32)
    y_train = read_idx(os.path.join(DATA, "train-labels-idx1-ubyte.gz")).astype(np.int64)
    x_test = read_idx(os.path.join(DATA, "test-images-idx3-ubyte.gz")).reshape(-1, 784).astype(np.float32)
    y_test = read_idx(os.path.join(DATA, "test-labels-idx1-ubyte.gz")).astype(np.int64)
    mean, std = x_train.mean(), x_train.std()  # one mean and std for every pixel, as the SparseGen example
    x_train, x_test = torch.from_numpy((x_train - mean) / std), torch.from_numpy((x_test - mean) / std)
    y_train, y_test = torch.from_numpy(y_train), torch.from_numpy(y_test)

    def glorot(shape, edges, inputs, units):
        # Glorot uniform from the real sparse degrees (fan-in E / units, fan-out E / inputs), as SparseGen initialises.
        limit = (6.0 / (edges / units + edges / inputs)) ** 0.5
        return (torch.rand(shape) * 2 - 1) * limit

    out_w = torch.nn.Parameter(glorot((10, 250), 2500, 250, 10))
    out_b = torch.nn.Parameter(torch.zeros(10))
    hidden_b = torch.nn.Parameter(torch.zeros(250))
    if model_name == "dense":
        hidden_w = torch.nn.Parameter(glorot((250, 784), 784 * 250, 784, 250))

        def hidden(x):
            return F.linear(x, hidden_w, hidden_b)
    else:
        inputs, units = read_mask(mask_path, 784, 250)
        edges = len(inputs)
        if model_name == "masked":
            mask = torch.zeros(250, 784)
            mask[torch.from_numpy(units), torch.from_numpy(inputs)] = 1
            hidden_w = torch.nn.Parameter(glorot((250, 784), edges, 784, 250) * mask)

            def hidden(x):
                return F.linear(x, hidden_w * mask, hidden_b)
        else:  # torch.sparse: the hidden weights are the values of a COO matrix [250, 784]
            index = torch.from_numpy(np.stack([units, inputs]))
            hidden_w = torch.nn.Parameter(glorot((edges,), edges, 784, 250))

            def hidden(x):
                w = torch.sparse_coo_tensor(index, hidden_w, (250, 784)).coalesce()
                return torch.sparse.mm(w, x.t()).t() + hidden_b

    params = [hidden_w, hidden_b, out_w, out_b]
    optimizer = torch.optim.NAdam(params, lr=1e-3, eps=1e-7)  # Keras' epsilon; momentum_decay 0.004 as Keras' Nadam

    def forward(x, train):
        h = F.dropout(F.relu(hidden(x)), 0.2, train)
        return F.linear(h, out_w, out_b)

    seconds, accuracy, epoch_seconds = 0.0, 0.0, []
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(len(x_train))
        for s in range(0, len(order), 32):
            idx = order[s:s + 32]
            loss = F.cross_entropy(forward(x_train[idx], True), y_train[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        epoch_seconds.append(time.perf_counter() - start)
        seconds += epoch_seconds[-1]
        with torch.no_grad():
            accuracy = (forward(x_test, False).argmax(1) == y_test).float().mean().item()
    print(json.dumps({"train_seconds": seconds, "epoch_seconds": epoch_seconds, "test_accuracy": accuracy, "blas": blas_loaded(), "torch": torch.__version__, "threads": torch.get_num_threads()}))


def run(name, command, threads):
    """Runs one training process; returns its JSON summary with the process's wall time from launch to exit added."""
    pinned = ["taskset", "-c", "0"] if threads == 1 else []
    print(f"  {name}, {threads} thread(s)...", end="", file=sys.stderr, flush=True)
    start = time.perf_counter()
    result = subprocess.run(pinned + command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"error: {' '.join(command)} failed ({result.returncode}): {result.stderr.strip()[-500:]}")
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    summary["wall_seconds"] = wall
    print(f" {wall:.2f} s", file=sys.stderr, flush=True)
    return summary


def steady_epoch(summary):
    """The median epoch after the first (which carries the JIT's or the framework's warm-up)."""
    epochs = summary["epoch_seconds"]
    return statistics.median(epochs[1:]) if len(epochs) > 1 else epochs[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="thread counts to compare (1 runs pinned to core 0)")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1], help="seeds of weights, shuffling and dropout; each model runs once per seed")
    parser.add_argument("--densities", nargs="+", default=["0.1", "1.0"], help="hidden densities of the SparseGen runs (1.0 is the dense network)")
    parser.add_argument("--mnist", default=MNIST_DLL, help="the MNIST example to run: its built .dll (default) or a published executable, such as the Native AOT one")
    parser.add_argument("--models", nargs="+", choices=["dense", "masked", "sparse"], default=["dense", "masked", "sparse"], help="PyTorch models to run")
    parser.add_argument("--worker", choices=["dense", "masked", "sparse"], help=argparse.SUPPRESS)
    parser.add_argument("--mask", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        torch_worker(args.worker, args.threads[0], args.epochs, args.seeds[0], args.mask)
        return

    for dll in (args.mnist, TOPOLOGY_DLL):
        if not os.path.exists(dll):
            sys.exit(f"error: {dll} is missing; run `dotnet build SparseGen.sln -c Release` first (or publish the example you named)")
    mnist = ["dotnet", args.mnist] if args.mnist.endswith(".dll") else [args.mnist]
    mask = os.path.join("/tmp", f"sparsegen-usn-mask-{os.getpid()}.mtx")
    subprocess.run(["dotnet", TOPOLOGY_DLL, "--pattern", "Uniform", "--inputs", "784", "--units", "250", "--density", "0.1", "--seed", "42", "--mtx", mask],
                   check=True, capture_output=True)
    print(f"load average before: {' '.join(f'{l:.2f}' for l in os.getloadavg())}; {os.cpu_count()} logical cores")
    rows = []
    blas = torch_version = None
    for threads in args.threads:
        runs = {}
        for seed in args.seeds:
            for density in args.densities:
                name = "SparseGen dense, generated" if float(density) == 1.0 else f"SparseGen USN {density}, generated"
                runs.setdefault(name, []).append(run(name, mnist + ["--json", "--epochs", str(args.epochs), "--seed", str(seed), "--density", density, "--threads", str(threads)], threads))
            for name, worker in (("PyTorch dense", "dense"), ("PyTorch masked (USN 0.1 mask)", "masked"), ("PyTorch torch.sparse (USN 0.1)", "sparse")):
                if worker not in args.models:
                    continue
                runs.setdefault(name, []).append(run(name, [sys.executable, os.path.abspath(__file__), "--worker", worker, "--threads", str(threads), "--epochs", str(args.epochs), "--seeds", str(seed), "--mask", mask], threads))
                blas, torch_version = runs[name][-1]["blas"], runs[name][-1]["torch"]
        reference = runs.get("PyTorch dense")
        for name, rs in runs.items():
            seconds = statistics.median(r["train_seconds"] for r in rs)
            wall = statistics.median(r["wall_seconds"] for r in rs)
            steady = statistics.median(steady_epoch(r) for r in rs)
            accuracies = [100 * r["test_accuracy"] for r in rs]
            spread = f" ± {statistics.stdev(accuracies):.2f}" if len(accuracies) > 1 else ""
            ratio = f"{statistics.median(r['train_seconds'] for r in reference) / seconds:.1f}x" if reference else "-"
            wall_ratio = f"{statistics.median(r['wall_seconds'] for r in reference) / wall:.1f}x" if reference else "-"
            rows.append((name, threads, wall, seconds, steady, f"{statistics.mean(accuracies):.2f}{spread} %", ratio, wall_ratio))
    os.remove(mask)
    print(f"load average after: {' '.join(f'{l:.2f}' for l in os.getloadavg())}")
    print(f"PyTorch {torch_version}, BLAS loaded: {blas}")
    print()
    print(f"Seeds {' '.join(map(str, args.seeds))}: medians; whole run is the process from launch to exit (start-up, data loading, JIT,")
    print("per-epoch test evaluation included); training seconds exclude the evaluation; steady epoch is the median epoch after the first.")
    print(f"| model | threads | whole run s | training s ({args.epochs} epochs) | steady epoch s | test accuracy | PyTorch dense / this: training | whole run |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, threads, wall, seconds, steady, accuracy, ratio, wall_ratio in rows:
        print(f"| {name} | {threads} | {wall:.2f} | {seconds:.2f} | {steady:.3f} | {accuracy} | {ratio} | {wall_ratio} |")


if __name__ == "__main__":
    main()
