"""PyTorch side of `npm run bench:train` (scripts/bench-train.ts), on one CPU thread.

Reads one JSON command per line on stdin and answers one JSON line on stdout:
  {"cmd": "info"}                                   versions, BLAS, threads
  {"cmd": "train", "net": "book"|"mnist", "steps": N, "batch": 64}
                                                    N Adam steps on MNIST batches after 3 warm-up steps
  {"cmd": "matmul", "size": 1024, "reps": R}        GFLOP/s of a float32 matrix product
  {"cmd": "matmul", ..., "threads": T}              the same on T threads, per wall-clock second
  {"cmd": "dream", "dir": ..., "octaves": 3, "steps": 10, "size": 224}
                                                    DeepDream on Tiny Darknet (weights from the TF.js files)
  {"cmd": "tta", "seed": S, "target": 0.98, "epochs": 15}
                                                    the book recipe until test accuracy reaches target
Times are CPU seconds of this process (time.process_time), the fair clock on a shared machine.
The networks, data split and recipe follow scripts/train-book-cnn.ts and scripts/train-nets.ts.
"""

import gzip
import json
import math
import os
import re
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def load_mnist():
    base = os.path.join(ROOT, "public", "data", "mnist")
    with open(os.path.join(base, "meta.json")) as f:
        meta = json.load(f)
    raw = open(os.path.join(base, "images.u8.gz"), "rb").read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    images = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 1, 28, 28)
    labels = np.frombuffer(open(os.path.join(base, "labels.u8"), "rb").read(), dtype=np.uint8)

    def split(name):
        s = meta["splits"][name]
        x = torch.from_numpy(images[s["offset"]: s["offset"] + s["count"]].astype(np.float32) / 255.0)
        y = torch.from_numpy(labels[s["offset"]: s["offset"] + s["count"]].astype(np.int64))
        return x, y

    return {name: split(name) for name in ("train", "validation", "test")}


def he_normal_(w):
    # Keras he_normal: a normal truncated at two deviations, scaled so its deviation is sqrt(2 / fan_in).
    std = math.sqrt(2.0 / w[0].numel()) / 0.87962566103423978
    nn.init.trunc_normal_(w, std=std, a=-2 * std, b=2 * std)


def build(net):
    if net == "book":
        model = nn.Sequential(
            nn.Conv2d(1, 20, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(20, 50, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(800, 128), nn.ReLU(), nn.Dropout(0.4), nn.Linear(128, 10))
        weighted = [m for m in model if isinstance(m, (nn.Conv2d, nn.Linear))]
        for m in weighted:
            nn.init.zeros_(m.bias)
            he_normal_(m.weight)
        nn.init.xavier_uniform_(weighted[-1].weight)  # the softmax layer: Glorot, as in buildBookCnn
        return model
    if net == "mnist":
        return nn.Sequential(
            nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(400, 10))
    raise ValueError(f"unknown net {net}")


DATA = None


def data():
    global DATA
    if DATA is None:
        DATA = load_mnist()
    return DATA


def train(net, steps, batch):
    x, y = data()["train"]
    torch.manual_seed(1)
    model = build(net)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    order = torch.randperm(x.shape[0])

    def step(i):
        idx = order[(i * batch) % (x.shape[0] - batch):][:batch]
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x[idx]), y[idx])
        loss.backward()
        opt.step()
        return loss.item()

    for i in range(3):
        step(i)
    t0, w0 = time.process_time(), time.perf_counter()
    for i in range(steps):
        step(i + 3)
    return {"steps": steps, "cpuSeconds": time.process_time() - t0, "wallSeconds": time.perf_counter() - w0}


def matmul(size, reps, threads=1):
    """GFLOP/s per CPU-second on one thread; with threads > 1, per wall-clock second (the machine's
    own parallel speed-up, which bench:train prints beside the threaded WASM figures)."""
    torch.set_num_threads(threads)
    try:
        a = torch.randn(size, size)
        b = torch.randn(size, size)
        for _ in range(2):
            a @ b
        t0 = time.process_time()
        w0 = time.perf_counter()
        for _ in range(reps):
            a @ b
        cpu = time.process_time() - t0
        wall = time.perf_counter() - w0
    finally:
        torch.set_num_threads(1)
    seconds = cpu if threads == 1 else wall
    return {"gflops": 2 * size ** 3 * reps / seconds / 1e9, "cpuSeconds": cpu, "wallSeconds": wall}


# ---- DeepDream on Tiny Darknet, rebuilt from the TF.js layers model ------------------------------

def load_darknet(directory, stop_at):
    with open(os.path.join(directory, "model.json")) as f:
        model_json = json.load(f)
    weights = {}
    for group in model_json["weightsManifest"]:
        buf = b"".join(open(os.path.join(directory, p), "rb").read() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            n = int(np.prod(spec["shape"])) if spec["shape"] else 1
            weights[spec["name"]] = np.frombuffer(buf, dtype=np.float32, count=n, offset=offset).reshape(spec["shape"])
            offset += 4 * n
    layers = []
    for layer in model_json["modelTopology"]["model_config"]["config"]["layers"]:
        kind, cfg, name = layer["class_name"], layer["config"], layer["config"]["name"]
        if kind == "Conv2D":
            w = torch.from_numpy(weights[f"{name}/kernel"].transpose(3, 2, 0, 1).copy())
            conv = nn.Conv2d(w.shape[1], w.shape[0], tuple(cfg["kernel_size"]), padding="same", bias=cfg["use_bias"])
            conv.weight.data = w
            if cfg["use_bias"]:
                conv.bias.data = torch.from_numpy(weights[f"{name}/bias"].copy())
            layers.append(conv)
        elif kind == "BatchNormalization":
            bn = nn.BatchNorm2d(weights[f"{name}/gamma"].shape[0], eps=cfg["epsilon"])
            bn.weight.data = torch.from_numpy(weights[f"{name}/gamma"].copy())
            bn.bias.data = torch.from_numpy(weights[f"{name}/beta"].copy())
            bn.running_mean = torch.from_numpy(weights[f"{name}/moving_mean"].copy())
            bn.running_var = torch.from_numpy(weights[f"{name}/moving_variance"].copy())
            layers.append(bn)
        elif kind == "LeakyReLU":
            layers.append(nn.LeakyReLU(cfg["alpha"]))
        elif kind == "MaxPooling2D":
            layers.append(nn.MaxPool2d(2, 2, ceil_mode=True))  # 'same' with even sizes = ceil mode
        if name == stop_at:
            break
    model = nn.Sequential(*layers).eval()
    for p in model.parameters():
        p.requires_grad_(False)
    return model


def dream(directory, octaves, steps, size, layer="leaky_re_lu_8"):
    features = load_darknet(directory, layer)
    gen = torch.Generator().manual_seed(1)
    image = torch.rand(1, 3, size, size, generator=gen)
    sizes = [round(size * 1.4 ** -i) for i in range(octaves - 1, -1, -1)]
    t0 = time.process_time()
    detail = torch.zeros(1, 3, sizes[0], sizes[0])
    for s in sizes:
        base = F.interpolate(image, size=(s, s), mode="bilinear", align_corners=True)
        current = (base + F.interpolate(detail, size=(s, s), mode="bilinear", align_corners=True)).clamp(0, 1)
        for _ in range(steps):
            dy, dx = [int(v) for v in torch.randint(-32, 33, (2,), generator=gen)]
            shifted = torch.roll(current, (dy, dx), (2, 3)).requires_grad_(True)
            features(shifted).mean().backward()
            g = shifted.grad
            g = g / (g.abs().mean() + 1e-8)
            current = torch.roll((shifted.detach() + 0.01 * g).clamp(0, 1), (-dy, -dx), (2, 3))
        detail = current - base
    result = (image + F.interpolate(detail, size=(size, size), mode="bilinear", align_corners=True)).clamp(0, 1)
    result.sum().item()
    return {"cpuSeconds": time.process_time() - t0}


# ---- Time to a test accuracy with the book recipe ------------------------------------------------

AUG = {"rot": 12.0, "smin": 0.9, "smax": 1.1, "shear": 0.15, "shift": 2.5}


def augment(x, gen):
    """Random rotation, scale, shear and shift about the centre, bilinear, black outside (as augmentInto)."""
    n = x.shape[0]
    u = torch.rand(n, 5, generator=gen)
    angle = (u[:, 0] * 2 - 1) * AUG["rot"] * math.pi / 180
    scale = AUG["smin"] + u[:, 1] * (AUG["smax"] - AUG["smin"])
    shear = (u[:, 2] * 2 - 1) * AUG["shear"]
    tx = (u[:, 3] * 2 - 1) * AUG["shift"]
    ty = (u[:, 4] * 2 - 1) * AUG["shift"]
    c, s = torch.cos(angle), torch.sin(angle)
    m = torch.stack([torch.stack([c * scale, (c * shear - s) * scale], 1), torch.stack([s * scale, (s * shear + c) * scale], 1)], 1)
    inv = torch.linalg.inv(m)
    shift = torch.stack([tx, ty], 1) / 13.5
    theta = torch.cat([inv, -(inv @ shift.unsqueeze(2))], 2)
    grid = F.affine_grid(theta, list(x.shape), align_corners=True)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=True)


def learning_rate(epoch, epochs, peak):
    if epochs <= 1:
        return peak
    if epoch == 1:
        return peak / 3
    t = (epoch - 2) / max(1, epochs - 2)
    return peak * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * t)))


def tta(seed, target, epochs, batch=64, peak=2e-3):
    d = data()
    x, y = d["train"]
    xt, yt = d["test"]
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    model = build("book")
    opt = torch.optim.Adam(model.parameters(), lr=peak)
    t0 = time.process_time()
    history = []
    for epoch in range(1, epochs + 1):
        for group in opt.param_groups:
            group["lr"] = learning_rate(epoch, epochs, peak)
        model.train()
        order = torch.randperm(x.shape[0], generator=gen)
        for start in range(0, x.shape[0], batch):
            idx = order[start: start + batch]
            opt.zero_grad(set_to_none=True)
            F.cross_entropy(model(augment(x[idx], gen)), y[idx]).backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            acc = (model(xt).argmax(1) == yt).float().mean().item()
        history.append({"epoch": epoch, "testAccuracy": acc, "cpuSeconds": time.process_time() - t0})
        if acc >= target:
            return {"reached": True, "epoch": epoch, "cpuSeconds": time.process_time() - t0, "history": history}
    return {"reached": False, "epoch": epochs, "cpuSeconds": time.process_time() - t0, "history": history}


def info():
    found = re.search(r"BLAS_INFO=([^,]+)", torch.__config__.show())
    blas = found.group(1) if found else "unknown"
    # Debian's torch links the system libblas; say which library that resolves to.
    for link in ("/etc/alternatives/libblas.so.3-x86_64-linux-gnu", "/etc/alternatives/libblas.so.3-aarch64-linux-gnu"):
        if os.path.exists(link):
            blas += f" -> {os.path.realpath(link)}"
    return {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas, "python": sys.version.split()[0]}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        cmd = json.loads(line)
        try:
            kind = cmd["cmd"]
            if kind == "info":
                out = info()
            elif kind == "train":
                out = train(cmd["net"], cmd["steps"], cmd.get("batch", 64))
            elif kind == "matmul":
                out = matmul(cmd.get("size", 1024), cmd.get("reps", 10), cmd.get("threads", 1))
            elif kind == "dream":
                out = dream(cmd["dir"], cmd.get("octaves", 3), cmd.get("steps", 10), cmd.get("size", 224))
            elif kind == "tta":
                out = tta(cmd.get("seed", 1234), cmd.get("target", 0.98), cmd.get("epochs", 15))
            else:
                out = {"error": f"unknown command {kind}"}
        except Exception as e:  # report, keep serving
            out = {"error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
