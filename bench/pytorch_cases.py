"""PyTorch side of `pnpm bench`: the same cases as cases/*.mjs, printed as JSON lines.

Run with Debian's PyTorch (/usr/bin/python3). Usage: pytorch_cases.py THREADS CASE [CASE...]
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    """The CIFAR-10 tutorial network."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


class Block(nn.Module):
    def __init__(self, inp, out, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inp, out, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(out)
        self.conv2 = nn.Conv2d(out, out, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(out)
        self.pad = out // 4 if stride != 1 or inp != out else 0

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        s = F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, self.pad, self.pad)) if self.pad else x
        return F.relu(y + s)


def resnet20():
    layers = [nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()]
    inp = 16
    for out, stride in ((16, 1), (32, 2), (64, 2)):
        for i in range(3):
            layers.append(Block(inp, out, stride if i == 0 else 1))
            inp = out
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10)]
    return nn.Sequential(*layers)


def timed(fn, warmup, min_seconds=2.0):
    for _ in range(warmup):
        fn()
    n, start = 0, time.perf_counter()
    while True:
        fn()
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return n / elapsed


def train_rate(model, batch, lr=0.001):
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    x = torch.randn(batch, 3, 32, 32)
    y = torch.randint(0, 10, (batch,))
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    return timed(step, 5)


def case_sgemm_1024():
    a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
    return timed(lambda: torch.mm(a, b), 3) * 2 * 1024 ** 3 / 1e9


def case_tutorial_b4():
    return train_rate(Net(), 4)


def case_tutorial_b64():
    return train_rate(Net(), 64)


def case_resnet20_train_b64():
    return train_rate(resnet20(), 64, lr=0.1) * 64


def case_resnet20_infer_b256():
    model = resnet20().eval()
    x = torch.randn(256, 3, 32, 32)
    with torch.no_grad():
        return timed(lambda: model(x), 2) * 256


def case_conv3x3():
    x = torch.randn(64, 64, 32, 32, requires_grad=True)
    w = torch.randn(64, 64, 3, 3, requires_grad=True)

    def step():
        F.conv2d(x, w, padding=1).sum().backward()

    return 1000 / timed(step, 2)


def cifar_batch_images(root):
    """All training images of the binary batches as PIL images, with labels."""
    import os
    import numpy as np
    from PIL import Image

    images, labels = [], []
    for i in range(1, 6):
        raw = np.fromfile(os.path.join(root, "cifar-10-batches-bin", f"data_batch_{i}.bin"), dtype=np.uint8)
        records = raw.reshape(-1, 3073)
        labels += records[:, 0].tolist()
        pixels = records[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
        images += [Image.fromarray(p) for p in pixels]
    return images, labels


class CifarImages(torch.utils.data.Dataset):
    def __init__(self, images, labels, transform):
        self.images, self.labels, self.transform = images, labels, transform

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        return self.transform(self.images[i]), self.labels[i]


def augment_rate(num_workers):
    import os
    import torchvision.transforms as T

    root = os.environ.get("TAIMATSU_BENCH_CIFAR10")
    if not root:
        return None
    images, labels = cifar_batch_images(root)
    transform = T.Compose([
        T.RandomCrop(32, padding=4),
        T.RandomHorizontalFlip(),
        T.ToTensor(),
        T.Normalize((0.4914, 0.4822, 0.4465), (0.247, 0.243, 0.261)),
    ])
    data = torch.utils.data.Subset(CifarImages(images, labels, transform), range(10000))
    loader = torch.utils.data.DataLoader(data, batch_size=128, shuffle=True, num_workers=num_workers)
    start, seen = time.perf_counter(), 0
    for x, _ in loader:
        seen += x.shape[0]
    return seen / (time.perf_counter() - start)


CASES = {
    "cifar10-augment-workers0": lambda: augment_rate(0),
    "cifar10-augment-workers2": lambda: augment_rate(2),
    "sgemm-1024": case_sgemm_1024,
    "tutorial-cnn-train-b4": case_tutorial_b4,
    "tutorial-cnn-train-b64": case_tutorial_b64,
    "resnet20-train-b64": case_resnet20_train_b64,
    "resnet20-infer-b256": case_resnet20_infer_b256,
    "conv3x3-64-32x32-b64-fwdbwd": case_conv3x3,
}

if __name__ == "__main__":
    torch.manual_seed(0)
    torch.set_num_threads(int(sys.argv[1]))
    for name in sys.argv[2:]:
        value = CASES[name]() if name in CASES else None
        if value is not None:
            print(json.dumps({"name": name, "value": value}), flush=True)
