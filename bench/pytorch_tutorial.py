"""PyTorch's CIFAR-10 tutorial on the same extracted binary batches, for timing against `pnpm tutorial`.

Usage: /usr/bin/python3 bench/pytorch_tutorial.py CIFAR10_ROOT THREADS [SEED]
Runs the tutorial as written (torchvision transforms, DataLoader batch 4, shuffle, 2 workers, SGD lr 0.001
momentum 0.9, 2 epochs) and prints the training time and the test accuracy.
"""
import sys
import time

import torch
import torch.nn as nn
import torch.optim as optim
import torchvision.transforms as T

from pytorch_cases import CifarImages, Net, cifar_batch_images


def test_images(root):
    import os
    import numpy as np
    from PIL import Image

    raw = np.fromfile(os.path.join(root, "cifar-10-batches-bin", "test_batch.bin"), dtype=np.uint8).reshape(-1, 3073)
    pixels = raw[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    return [Image.fromarray(p) for p in pixels], raw[:, 0].tolist()


def main():
    root, threads = sys.argv[1], int(sys.argv[2])
    torch.manual_seed(int(sys.argv[3]) if len(sys.argv) > 3 else 0)
    torch.set_num_threads(threads)
    transform = T.Compose([T.ToTensor(), T.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
    trainset = CifarImages(*cifar_batch_images(root), transform)
    testset = CifarImages(*test_images(root), transform)
    trainloader = torch.utils.data.DataLoader(trainset, batch_size=4, shuffle=True, num_workers=2)
    testloader = torch.utils.data.DataLoader(testset, batch_size=4, shuffle=False, num_workers=2)
    net = Net()
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)
    start = time.perf_counter()
    for epoch in range(2):
        running = 0.0
        for i, (inputs, labels) in enumerate(trainloader):
            optimizer.zero_grad()
            loss = criterion(net(inputs), labels)
            loss.backward()
            optimizer.step()
            running += loss.item()
            if i % 2000 == 1999:
                print(f"[{epoch + 1}, {i + 1:5d}] loss: {running / 2000:.3f}", flush=True)
                running = 0.0
    print(f"training: {time.perf_counter() - start:.1f} s")
    correct = total = 0
    with torch.no_grad():
        for images, labels in testloader:
            correct += (net(images).argmax(1) == labels).sum().item()
            total += labels.size(0)
    print(f"accuracy: {100 * correct / total:.2f} %")


if __name__ == "__main__":
    main()
