import gzip, json, struct, sys
import numpy as np

def load(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__")
    dtypes = {"F32": np.float32, "I32": np.int32}
    tensors = {name: np.frombuffer(data[t["data_offsets"][0]:t["data_offsets"][1]], dtype=dtypes[t["dtype"]]).reshape(t["shape"])
               for name, t in header.items()}
    return meta, tensors

meta, t = load(sys.argv[1])
layers = []
for name in meta["model.layers"].split(","):
    W = np.zeros((int(meta[f"{name}.units"]), int(meta[f"{name}.inputs"])), np.float32)
    edges = t[f"{name}.edges"]                     # [E, 2]: input, output of each weight
    W[edges[:, 1], edges[:, 0]] = t[f"{name}.weight"]
    layers.append((W, t[f"{name}.bias"], meta[f"{name}.activation"]))
    print(name, meta[f"{name}.pattern"], "density", meta[f"{name}.density"], "W", W.shape, "nonzeros", int((W != 0).sum()))

# Classify the test digits with numpy alone, as the C# model does.
with gzip.open("data/mnist/test-images-idx3-ubyte.gz") as f:
    x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784) / np.float32(255)
with gzip.open("data/mnist/test-labels-idx1-ubyte.gz") as f:
    y = np.frombuffer(f.read(), np.uint8, offset=8)
a = (x - float(meta["preprocessing.mean"])) / float(meta["preprocessing.std"])
for W, b, activation in layers:
    a = a @ W.T + b
    a = np.maximum(a, 0) if activation == "Relu" else a
print("numpy test accuracy", (a.argmax(axis=1) == y).mean(), "checkpoint says", meta["test_accuracy"])
