"""PyTorch on CUDA: forward + backward of a 784-4096-4096-10 MLP, dense, masked dense and torch.sparse (CSR).

The two hidden layers are sparse at the given density (the output layer is dense in every form), ReLU between
layers, cross-entropy on random labels. Prints markdown table rows:
| what | engine | density | batch | ms per batch | samples/s | wall s |
"""
import sys
import time

import torch

SIZES = [784, 4096, 4096, 10]
DENSITIES = [0.05, 0.1]
BATCHES = [32, 1024, 16384]


def mask(out_features, in_features, density, gen):
    """A random mask with exactly round(density * out * in) edges."""
    total = out_features * in_features
    edges = round(density * total)
    flat = torch.zeros(total, dtype=torch.bool)
    flat[torch.randperm(total, generator=gen)[:edges]] = True
    return flat.view(out_features, in_features)


class CsrLinearFn(torch.autograd.Function):
    """y = x W^T with W in CSR; dx = dy W through the transposed CSR, dW = dy^T x sampled at W's edges."""

    @staticmethod
    def forward(ctx, values, x, layer):
        w = torch.sparse_csr_tensor(layer.crow, layer.col, values, size=layer.shape)
        ctx.save_for_backward(values, x)
        ctx.layer = layer
        return (w @ x.t()).t()

    @staticmethod
    def backward(ctx, dy):
        values, x = ctx.saved_tensors
        layer = ctx.layer
        wt = torch.sparse_csr_tensor(layer.tcrow, layer.tcol, values[layer.perm], size=(layer.shape[1], layer.shape[0]))
        dx = (wt @ dy.t()).t()
        pattern = torch.sparse_csr_tensor(layer.crow, layer.col, torch.zeros_like(values), size=layer.shape)
        dw = torch.sparse.sampled_addmm(pattern, dy.t().contiguous(), x.contiguous(), beta=0.0, alpha=1.0).values()
        return dw, dx, None


class Layer(torch.nn.Module):
    def __init__(self, in_features, out_features, density, form, gen):
        super().__init__()
        self.form = form
        self.shape = (out_features, in_features)
        weight = torch.randn(out_features, in_features, generator=gen) * (2.0 / in_features) ** 0.5
        self.bias = torch.nn.Parameter(torch.zeros(out_features))
        m = mask(out_features, in_features, density, gen) if density < 1 else torch.ones(out_features, in_features, dtype=torch.bool)
        if form == "csr":
            rows, cols = m.nonzero(as_tuple=True)  # row-major order: CSR order
            self.values = torch.nn.Parameter(weight[rows, cols])
            counts = torch.bincount(rows, minlength=out_features)
            self.register_buffer("crow", torch.cat([torch.zeros(1, dtype=torch.long), counts.cumsum(0)]))
            self.register_buffer("col", cols)
            perm = torch.argsort(cols * out_features + rows)  # the same edges ordered by input, then unit
            tcounts = torch.bincount(cols, minlength=in_features)
            self.register_buffer("perm", perm)
            self.register_buffer("tcrow", torch.cat([torch.zeros(1, dtype=torch.long), tcounts.cumsum(0)]))
            self.register_buffer("tcol", rows[perm])
        else:
            self.weight = torch.nn.Parameter(weight * m)
            self.register_buffer("mask", m.float())

    def forward(self, x):
        if self.form == "csr":
            return CsrLinearFn.apply(self.values, x, self) + self.bias
        w = self.weight * self.mask if self.form == "masked" else self.weight
        return torch.nn.functional.linear(x, w, self.bias)


def network(density, form, device):
    gen = torch.Generator().manual_seed(42)
    layers = []
    for k in range(len(SIZES) - 1):
        hidden = k < len(SIZES) - 2
        layers.append(Layer(SIZES[k], SIZES[k + 1], density if hidden else 1.0, form if hidden else "dense", gen))
    return torch.nn.ModuleList(layers).to(device)


def step(layers, x, y):
    for p in layers.parameters():
        p.grad = None
    h = x
    for k, layer in enumerate(layers):
        h = layer(h)
        if k < len(layers) - 1:
            h = torch.relu(h)
    torch.nn.functional.cross_entropy(h, y).backward()


def time_form(form, density, batch, device):
    layers = network(density, form, device)
    x = torch.randn(batch, SIZES[0], device=device)
    y = torch.randint(0, SIZES[-1], (batch,), device=device)
    for _ in range(3):  # warm-up: kernels chosen and loaded, memory pools filled
        step(layers, x, y)
    torch.cuda.synchronize()
    iterations = 100 if batch <= 1024 else 20
    start = time.perf_counter()
    for _ in range(iterations):
        step(layers, x, y)
    torch.cuda.synchronize()
    seconds = (time.perf_counter() - start) / iterations
    return seconds * 1000, batch / seconds


def main():
    if not torch.cuda.is_available():
        sys.exit("torch_sparse.py: PyTorch sees no CUDA device (torch.cuda.is_available() is False)")
    device = torch.device("cuda")
    print(f"<!-- PyTorch {torch.__version__}, CUDA {torch.version.cuda}, {torch.cuda.get_device_name(0)} -->", file=sys.stderr)
    cases = [("dense", 1.0)] + [(form, d) for d in DENSITIES for form in ("masked", "csr")]
    for batch in BATCHES:
        for form, density in cases:
            name = {"dense": "PyTorch dense", "masked": "PyTorch masked dense", "csr": "PyTorch torch.sparse CSR"}[form]
            try:
                ms, rate = time_form(form, density, batch, device)
                print(f"| 784-4096-4096-10 forward+backward | {name} | {density} | {batch} | {ms:.3f} | {rate:,.0f} | |", flush=True)
            except (RuntimeError, NotImplementedError) as e:  # e.g. no sampled_addmm for CSR in this PyTorch, or out of memory
                reason = str(e).splitlines()[0][:120].replace("|", "/")
                print(f"| 784-4096-4096-10 forward+backward | {name} | {density} | {batch} | failed: {reason} | | |", flush=True)
            torch.cuda.empty_cache()


if __name__ == "__main__":
    main()
