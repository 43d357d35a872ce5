"""A tiny per-slice classifier used to test bring-your-own models: ultrasound vs radiograph.

    /usr/bin/python3 ml/slice-classifier/train.py --data <shared data folder> --out server/model/__fixtures__/classifier

Writes model.onnx ([N, 1, 64, 64] display values scaled to [0, 1] -> [N, 2] class probabilities)
and model.json in Concord's model config format. Seconds on a CPU.
"""
import argparse
import glob
import json
import os

import numpy as np
import torch
from PIL import Image
from torch import nn


def load(pattern, label, n=60):
    out = []
    for p in sorted(glob.glob(pattern))[:n]:
        img = Image.open(p).convert('L').resize((64, 64), Image.BILINEAR)
        out.append((np.asarray(img, dtype=np.float32) / 255.0, label))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--out', required=True)
    args = ap.parse_args()
    torch.manual_seed(3)
    items = load(os.path.join(args.data, 'seg-hc18-fetal-head-us/images/*.png'), 0) + load(os.path.join(args.data, 'seg-montgomery-cxr-lungs/images/*.png'), 1)
    x = torch.from_numpy(np.stack([i[0] for i in items])[:, None])
    y = torch.tensor([i[1] for i in items])
    model = nn.Sequential(nn.Conv2d(1, 8, 5, stride=2), nn.ReLU(), nn.Conv2d(8, 16, 5, stride=2), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 2), nn.Softmax(dim=1))
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(150):
        loss = nn.functional.nll_loss(torch.log(model(x) + 1e-7), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    acc = (model(x).argmax(1) == y).float().mean().item()
    os.makedirs(args.out, exist_ok=True)
    torch.onnx.export(model, torch.zeros(1, 1, 64, 64), os.path.join(args.out, 'model.onnx'), input_names=['image'], output_names=['probabilities'], opset_version=17, dynamic_axes={'image': {0: 'batch'}, 'probabilities': {0: 'batch'}})
    config = {
        'format': 'concord.model/1', 'name': 'Modality check', 'version': '0.1.0', 'task': 'classification',
        'description': 'Test model: is the slice an obstetric ultrasound or a chest radiograph (training accuracy %.2f).' % acc,
        'input': {'name': 'image', 'width': 64, 'height': 64, 'channels': ['image'], 'normalization': {'kind': 'unit'}},
        'output': {'name': 'probabilities', 'kind': 'probabilities', 'classes': ['ultrasound', 'radiograph']},
    }
    with open(os.path.join(args.out, 'model.json'), 'w') as f:
        json.dump(config, f, indent=1)
    print('training accuracy', acc)


if __name__ == '__main__':
    main()
