#!/usr/bin/env bash
# SparseGen on an NVIDIA GPU against PyTorch CUDA. Runs on a machine with the GPU, its driver, python3 and PyTorch
# with CUDA, and no .NET: the SparseGen programs are published self-contained beforehand (README.md here says how)
# into publish/mnist and publish/sparsegen. Writes one markdown table to stdout and to results.md.
#   bash benchmarks/gpu/run.sh            (PUBLISH=DIR to read the programs from elsewhere; EPOCHS=N for the 4096 runs)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
publish=${PUBLISH:-$here/publish}
mnist=$publish/mnist/SparseGen.Examples.Mnist
sparsegen=$publish/sparsegen/sparsegen
epochs=${EPOCHS:-3}
results=$here/results.md
logs=$here/logs
mkdir -p "$logs"

need() { # need FILE WHAT: FILE must be an executable file
  [ -x "$1" ] || { echo "run.sh: $2 not found at $1 (see benchmarks/gpu/README.md: publish it first)" >&2; exit 1; }
}
need "$mnist" "the MNIST example (dotnet publish examples/SparseGen.Examples.Mnist ...)"
need "$sparsegen" "the sparsegen tool (dotnet publish SparseGen.Cli ...)"
command -v nvidia-smi > /dev/null || { echo "run.sh: nvidia-smi not found: this script needs an NVIDIA GPU and its driver" >&2; exit 1; }
command -v python3 > /dev/null || { echo "run.sh: python3 not found" >&2; exit 1; }
python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' \
  || { echo "run.sh: PyTorch with CUDA is not usable here (python3 -c 'import torch; torch.cuda.is_available()')" >&2; exit 1; }

nvidia-smi
echo

# json FILE KEY: KEY of the JSON object on FILE's last line.
json() { python3 -c 'import json, sys; print(json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])[sys.argv[2]])' "$1" "$2"; }

# sparsegen_row WHAT ENGINE DENSITY BATCH SAMPLES LOG WALL: a table row from a --json run (train_seconds, epochs).
sparsegen_row() {
  local seconds ran
  seconds=$(json "$6" train_seconds)
  ran=$(json "$6" epochs)
  python3 -c 'import math, sys
what, engine, density, batch, samples, seconds, epochs, wall = sys.argv[1:]
batches = math.ceil(int(samples) / int(batch)) * int(epochs)
rate = int(samples) * int(epochs) / float(seconds)
print(f"| {what} | {engine} | {density} | {batch} | {float(seconds) * 1000 / batches:.3f} | {rate:,.0f} | {float(wall):.1f} |")' \
    "$1" "$2" "$3" "$4" "$5" "$seconds" "$ran" "$7"
}

# timed LOG COMMAND...: runs COMMAND, its output in LOG; prints the whole run's wall seconds.
timed() {
  local log=$1 start end
  shift
  start=$(date +%s.%N)
  "$@" > "$log" 2>&1 || { echo "run.sh: failed: $* (log: $log)" >&2; tail -n 5 "$log" >&2; exit 1; }
  end=$(date +%s.%N)
  python3 -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]))' "$start" "$end"
}

rows=()
train_samples=8000 # the shipped MNIST subset's training split

# 1. The MNIST main job (784-250-10, density 0.1, batch 32), one epoch, on the GPU and on the CPU.
for device in cuda cpu; do
  log=$logs/mnist-$device.log
  wall=$(timed "$log" "$mnist" --device "$device" --epochs 1 --json)
  rows+=("$(sparsegen_row "MNIST main job, 1 epoch, whole run" "SparseGen --device $device" 0.1 32 $train_samples "$log" "$wall")")
done

# The device path's correctness on this GPU (the xunit device tests need the .NET SDK, which this machine lacks):
# with the same seed the CUDA run's held-out accuracy must be within 0.5 points of the CPU run's (.ci/device-check
# does the same with ILGPU's CPU accelerator).
python3 -c 'import json, sys
gpu, cpu = (json.loads(open(f).read().strip().splitlines()[-1])["test_accuracy"] for f in sys.argv[1:3])
print(f"MNIST main job test accuracy: {gpu:.4f} on CUDA, {cpu:.4f} on the CPU")
sys.exit(0 if abs(gpu - cpu) <= 0.005 else 1)' "$logs/mnist-cuda.log" "$logs/mnist-cpu.log" \
  || { echo "run.sh: the CUDA run's accuracy is more than 0.5 points from the CPU's" >&2; exit 1; }

# 2. A 784-4096-4096-10 network (hidden Uniform, density 0.05 and 0.1), training throughput on the GPU.
for density in 0.05 0.1; do
  for batch in 32 1024; do
    log=$logs/train-4096-d$density-b$batch.log
    wall=$(timed "$log" "$sparsegen" train --device cuda --hidden 4096 4096 --pattern Uniform --density "$density" \
      --epochs "$epochs" --batch-size "$batch" --train-samples $train_samples --json)
    rows+=("$(sparsegen_row "784-4096-4096-10 training, $epochs epochs" "SparseGen --device cuda" "$density" "$batch" $train_samples "$log" "$wall")")
  done
done

# 3. PyTorch CUDA: dense, masked dense and torch.sparse (CSR), forward + backward of the same network.
torch_log=$logs/torch.log
python3 "$here/torch_sparse.py" > "$logs/torch-rows.md" 2> "$torch_log" || { cat "$torch_log" >&2; exit 1; }
mapfile -t torch_rows < "$logs/torch-rows.md"

{
  echo "# SparseGen on a GPU against PyTorch CUDA"
  echo
  echo "$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | head -n 1); $(grep -o 'PyTorch.*CUDA[^>]*' "$torch_log" | head -n 1); $(date -u +%Y-%m-%d)."
  echo "SparseGen rows: a whole training run (train_seconds: training with the optimizer step, transfers and the per-epoch test pass;"
  echo "ms per batch is train_seconds over the batches). PyTorch rows: forward + backward only, synchronized, after a warm-up."
  echo
  echo "| what | engine | density | batch | ms per batch | samples/s | wall s |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}" "${torch_rows[@]}"
} | tee "$results"
echo
echo "wrote $results (logs in $logs)"
