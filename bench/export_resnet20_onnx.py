"""Writes pytorch_cases.py's ResNet-20 (eval mode, random weights, any batch size) as ONNX, for the
onnxruntime-web baseline of `pnpm bench`. Usage: export_resnet20_onnx.py OUT.onnx"""
import sys

import torch

from pytorch_cases import resnet20

if __name__ == "__main__":
    torch.manual_seed(0)
    model = resnet20().eval()
    x = torch.randn(1, 3, 32, 32)
    torch.onnx.export(model, x, sys.argv[1], input_names=["x"], output_names=["y"], dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=13)
