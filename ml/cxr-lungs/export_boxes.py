"""Exports the test detection model (server/model/__fixtures__/lung-boxes): the lung-field network
with a box head, so detection ("boxes with scores") is tested with a real model on real images.

    /usr/bin/python3 ml/cxr-lungs/export_boxes.py --out server/model/__fixtures__/lung-boxes

Output `boxes` [N, 2, 6]: per lung, the bounding box of its >= 0.5 region as fractions of the
input (x0, y0, x1, y1), its mean probability as the score (0 when empty), and the class index.
"""
import argparse
import json
import os

import torch
from torch import nn

import train


class Boxes(nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        p = self.net(x)
        m = (p >= 0.5).float()
        n, k, h, w = p.shape
        xs, ys = torch.arange(w, dtype=torch.float32), torch.arange(h, dtype=torch.float32)
        on_x, on_y = m.amax(2) > 0, m.amax(3) > 0
        # float32 tensors, not Python numbers: the exporter would make those double constants.
        x0 = torch.where(on_x, xs, torch.full_like(xs, w)).amin(-1) / w
        x1 = (torch.where(on_x, xs, torch.full_like(xs, -1)).amax(-1) + 1) / w
        y0 = torch.where(on_y, ys, torch.full_like(ys, h)).amin(-1) / h
        y1 = (torch.where(on_y, ys, torch.full_like(ys, -1)).amax(-1) + 1) / h
        score = (p * m).sum((2, 3)) / m.sum((2, 3)).clamp(min=1)
        cls = torch.arange(k, dtype=torch.float32).expand(n, k)
        return torch.stack([x0, y0, x1, y1, score, cls], -1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    net = train.UNet()
    net.load_state_dict(torch.load(os.path.join(os.path.dirname(__file__), 'cxr-lungs.pt'), map_location='cpu'))
    model = Boxes(net.eval()).eval()
    torch.onnx.export(model, torch.zeros(1, 1, train.SIZE, train.SIZE), os.path.join(args.out, 'model.onnx'), input_names=['image'],
                      output_names=['boxes'], dynamic_axes={'image': {0: 'N'}, 'boxes': {0: 'N'}}, opset_version=17, **train.legacy_export)
    config = {
        'format': 'concord.model/1', 'name': 'Lung field boxes (test)', 'version': '0.1.0',
        'description': 'Test detection model: the bounding box of each lung field of a PA chest radiograph (ml/cxr-lungs/export_boxes.py).',
        'task': 'detection',
        'input': {'name': 'image', 'width': train.SIZE, 'height': train.SIZE, 'channels': ['image'], 'normalization': {'kind': 'zscore'}},
        'output': {'name': 'boxes', 'kind': 'boxes', 'classes': [{'name': c, 'threshold': 0.5} for c in train.CLASSES], 'nmsIou': 0.5, 'maxBoxes': 4},
    }
    with open(os.path.join(args.out, 'model.json'), 'w') as f:
        json.dump(config, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
