"""Held-out Dice of the lung-field model and of a classical baseline on the same radiographs.

    /usr/bin/python3 ml/cxr-lungs/evaluate.py --data <shared data folder>

Model: the checkpoint the committed ONNX was exported from, with the browser's pre- and
post-processing (resampling, per-pixel best class at 0.5, largest region, holes filled; the
Node test checks that ONNX in onnxruntime-web returns the same probabilities to 2e-3).
Baseline: Otsu's threshold on the radiograph, the dark regions that do not touch the image
border, the largest on each half of the image (a classical lung-field segmentation).
"""
import argparse
import json

import numpy as np
import torch
from scipy import ndimage

import train


def post(mask):
    lab, n = ndimage.label(mask)
    if n == 0:
        return mask
    sizes = ndimage.sum(mask, lab, range(1, n + 1))
    return ndimage.binary_fill_holes(lab == (1 + int(np.argmax(sizes))))


def model_labels(net, image):
    pred = train.predict(net, 'cpu', image)
    return [post(pred == k) for k in (1, 2)]


def otsu(image):
    hist = np.bincount(image.ravel(), minlength=256).astype(np.float64)
    p = hist / hist.sum()
    omega, mu = np.cumsum(p), np.cumsum(p * np.arange(256))
    between = (mu[-1] * omega - mu) ** 2 / np.maximum(omega * (1 - omega), 1e-12)
    return int(np.argmax(between))


def baseline_labels(image):
    dark = image < otsu(image)
    lab, n = ndimage.label(dark)
    border = set(np.unique(np.concatenate([lab[0], lab[-1], lab[:, 0], lab[:, -1]])))
    h, w = image.shape
    out = []
    for side in (slice(0, w // 2), slice(w // 2, w)):
        best, size = None, 0
        for k in range(1, n + 1):
            if k in border:
                continue
            region = lab == k
            s = region[:, side].sum()
            if s > size:
                best, size = region, s
        out.append(ndimage.binary_fill_holes(best) if best is not None else np.zeros_like(dark))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    args = ap.parse_args()
    net = train.UNet()
    net.load_state_dict(torch.load(__file__.replace('evaluate.py', 'cxr-lungs.pt'), map_location='cpu'))
    net.eval()
    rows = []
    for stem, image, labels in train.cases(args.data, True):
        truth = [labels == 1, labels == 2]
        m, b = model_labels(net, image), baseline_labels(image)
        rows.append({'case': stem, **{f'model {c}': train.dice(m[k], truth[k]) for k, c in enumerate(train.CLASSES)},
                     **{f'baseline {c}': train.dice(b[k], truth[k]) for k, c in enumerate(train.CLASSES)}})
    keys = [k for k in rows[0] if k != 'case']
    print('| case | ' + ' | '.join(keys) + ' |')
    print('|---|' + '---:|' * len(keys))
    for r in rows:
        print(f"| {r['case']} | " + ' | '.join(f'{r[k]:.3f}' for k in keys) + ' |')
    print('| **mean** | ' + ' | '.join(f"**{np.mean([r[k] for r in rows]):.3f}**" for k in keys) + ' |')
    print(json.dumps({k: float(np.mean([r[k] for r in rows])) for k in keys}))


if __name__ == '__main__':
    main()
