#!/usr/bin/env python3
"""Runs the SET example for several variants and seeds and prints the docs/set.md tables (mean ± sample std).

Every run is one process of examples/SparseGen.Examples.Set with --json; its last line is appended to --out
(JSON lines), so an interrupted sweep can be read back with --report-only. Build first:
    dotnet build examples/SparseGen.Examples.Set -c Release
Examples:
    python3 docs/set_experiments.py --variants set static dense --seeds 1 2 3 --out mnist.jsonl
    python3 docs/set_experiments.py --data /path/to/fashion --epochs 10 --out fashion.jsonl
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "examples", "SparseGen.Examples.Set", "bin", "Release", "net10.0", "SparseGen.Examples.Set.dll")
FLAGS = {"set": [], "static": ["--static"], "dense": ["--dense"], "npset": ["--npset"]}


def run(args, variant, seed):
    command = ["dotnet", args.example, "--epochs", str(args.epochs), "--seed", str(seed), "--json", *FLAGS[variant], *args.extra]
    if args.data:
        command += ["--data", args.data]
    print("$ " + " ".join(command), file=sys.stderr, flush=True)
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"run failed ({result.returncode}): {result.stderr.strip()}")
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    summary["seed"] = seed
    return summary


def spread(values, scale=1.0, digits=2):
    values = [v * scale for v in values]
    mean = statistics.fmean(values)
    std = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{mean:.{digits}f} ± {std:.{digits}f}"


def report(rows):
    print("| variant | runs | test accuracy % (last epoch) | best test accuracy % | hidden neurons left | parameters | s/epoch | evolution s/epoch | CPU s/epoch |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for variant in dict.fromkeys(r["variant"] for r in rows):
        group = [r for r in rows if r["variant"] == variant]
        neurons = [sum(r["neurons"]) for r in group]
        print(f"| {variant} | {len(group)} | {spread([r['test_accuracy'] for r in group], 100)} "
              f"| {spread([r['best_test_accuracy'] for r in group], 100)} | {spread(neurons, digits=0)} "
              f"| {spread([r['parameters'] for r in group], digits=0)} | {spread([r['seconds_per_epoch'] for r in group], digits=3)} "
              f"| {spread([r['evolution_seconds_per_epoch'] for r in group], digits=3)} "
              f"| {spread([r['cpu_seconds_per_epoch'] for r in group], digits=3) if all('cpu_seconds_per_epoch' in r for r in group) else 'n/a'} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="folder of train-*/test-* IDX files (default: the example's MNIST subset)")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--variants", nargs="+", choices=sorted(FLAGS), default=["set", "static", "dense"])
    parser.add_argument("--out", required=True, help="JSON lines file the runs are appended to")
    parser.add_argument("--example", default=EXAMPLE, help="the built example (a copy keeps a long sweep safe from rebuilds)")
    parser.add_argument("--report-only", action="store_true", help="print the table of the runs already in --out")
    parser.add_argument("extra", nargs="*", help="more example options, after --")
    args = parser.parse_args()
    if not args.report_only:
        for seed in args.seeds:
            for variant in args.variants:
                summary = run(args, variant, seed)
                with open(args.out, "a", encoding="utf-8") as out:
                    out.write(json.dumps(summary) + "\n")
    with open(args.out, encoding="utf-8") as lines:
        report([json.loads(line) for line in lines if line.strip()])


if __name__ == "__main__":
    main()
