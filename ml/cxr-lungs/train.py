"""Train the shipped pre-annotation model (both lung fields of a PA chest radiograph) and export it.

    /usr/bin/python3 ml/cxr-lungs/train.py --data <shared data folder> --out <dir>

then copy <dir>/model.onnx to public/models/cxr-lungs/model.onnx. The model takes the whole
slice as displayed (8-bit, resampled to 256 x 256, z-scored) and returns, per pixel, the
probability of the patient's right lung and of the left lung ([N, 2, 256, 256]; a softmax over
background, right, left inside the graph, background dropped).

Data: the Montgomery County set, split by patient exactly as ml/click-seg does (patient number
% 5 == 0 held out), so the chest X-ray demo's radiographs (held-out patients) were never seen.
Reproducible: fixed seeds; runs on CPU (about 25 minutes on 2 cores at the default epochs) or
on a CUDA GPU when one is there (`--device cuda`; the committed model came from such a run, so a
CPU rerun gives a close but not bit-identical model).
"""
import argparse
import glob
import json
import os
import sys
import time

import numpy as np
import torch
from PIL import Image
from scipy import ndimage
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'click-seg'))
import common  # noqa: E402  (sample_crop: the same bilinear sampling the browser uses)
import data  # noqa: E402  (gray, components: the same mask reading as the click model)

SIZE = 256
CLASSES = ['right lung', 'left lung']  # patient's right lung = image left on a PA view


def cases(root, held_out):
    """(stem, image uint8 HxW, label map uint8 HxW: 0 background, 1 right lung, 2 left lung)."""
    d = os.path.join(root, 'seg-montgomery-cxr-lungs')
    for path in sorted(glob.glob(os.path.join(d, 'images', '*.png'))):
        stem = os.path.basename(path)[:-4]
        if (int(stem[7:11]) % 5 == 0) != held_out:
            continue
        mask = data.gray(os.path.join(d, 'masks_bin', stem + '.png')) > 127
        lungs = sorted(data.components(mask), key=lambda m: np.argwhere(m)[:, 1].mean())
        labels = np.zeros(mask.shape, np.uint8)
        for k, lung in enumerate(lungs[:2]):
            labels[lung] = k + 1
        yield stem, data.gray(path), labels


def model_input(image):
    """(1, SIZE, SIZE): the whole slice resampled and z-scored, as the browser computes it."""
    h, w = image.shape
    return common.zscore(sample_region(image, w, h))[None]


def sample_region(image, width, height, size=SIZE):
    """The whole slice on a size x size grid (server/contracts/model/pipeline.ts sampleRegion)."""
    if width == height:
        return common.sample_crop(image, 0, 0, width, size)
    t = lambda n: (np.arange(size) + 0.5) * n / size - 0.5  # noqa: E731
    gx, gy = np.meshgrid(t(width), t(height))
    xf, yf = np.floor(gx), np.floor(gy)
    ax, ay = gx - xf, gy - yf
    xi, yi = xf.astype(np.int64), yf.astype(np.int64)

    def at(yy, xx):
        inside = (xx >= 0) & (xx < width) & (yy >= 0) & (yy < height)
        return np.where(inside, image[np.clip(yy, 0, height - 1), np.clip(xx, 0, width - 1)].astype(np.float32), 0.0)

    return ((1 - ay) * ((1 - ax) * at(yi, xi) + ax * at(yi, xi + 1)) + ay * ((1 - ax) * at(yi + 1, xi) + ax * at(yi + 1, xi + 1))).astype(np.float32)


def augment(rng, image, labels):
    """Random scale, rotation, shift and intensity curve; no left-right flip (the labels are sided)."""
    h, w = image.shape
    angle = np.deg2rad(rng.uniform(-10, 10))
    scale = rng.uniform(0.85, 1.15)
    shift = rng.uniform(-0.06, 0.06, 2) * (h, w)
    c, s = np.cos(angle) / scale, np.sin(angle) / scale
    m = np.array([[c, -s], [s, c]])
    centre = np.array([h / 2, w / 2])
    offset = centre - m @ (centre + shift)
    img = ndimage.affine_transform(image.astype(np.float32), m, offset, order=1, mode='constant', cval=0)  # noqa
    lab = ndimage.affine_transform(labels, m, offset, order=0, mode='constant', cval=0)
    gamma = np.exp(rng.uniform(-0.35, 0.35))
    img = 255 * (np.clip(img, 0, 255) / 255) ** gamma * rng.uniform(0.8, 1.15) + rng.uniform(-20, 20)
    img = img + rng.normal(0, rng.uniform(0, 6), img.shape)
    return np.clip(img, 0, 255).astype(np.float32), lab


def nearest(labels, size=SIZE):
    """Label map on the model grid by nearest sample at the grid's pixel centres."""
    h, w = labels.shape
    ys = np.clip(((np.arange(size) + 0.5) * h / size).astype(np.int64), 0, h - 1)
    xs = np.clip(((np.arange(size) + 0.5) * w / size).astype(np.int64), 0, w - 1)
    return labels[np.ix_(ys, xs)].astype(np.int64)


class Block(nn.Sequential):
    def __init__(self, cin, cout):
        super().__init__(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
                         nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class UNet(nn.Module):
    """Five-level U-Net; the ONNX graph ends in a softmax and drops the background channel."""

    def __init__(self, base=8, classes=len(CLASSES)):
        super().__init__()
        c = [base * 2 ** i for i in range(5)]
        self.down = nn.ModuleList([Block(1 if i == 0 else c[i - 1], c[i]) for i in range(5)])
        self.up = nn.ModuleList([nn.ConvTranspose2d(c[i + 1], c[i], 2, stride=2) for i in range(4)])
        self.merge = nn.ModuleList([Block(c[i] * 2, c[i]) for i in range(4)])
        self.head = nn.Conv2d(c[0], classes + 1, 1)

    def logits(self, x):
        skips = []
        for i, block in enumerate(self.down):
            x = block(x if i == 0 else nn.functional.max_pool2d(x, 2))
            skips.append(x)
        x = skips.pop()
        for i in (3, 2, 1, 0):
            x = self.merge[i](torch.cat([self.up[i](x), skips[i]], 1))
        return self.head(x)

    def forward(self, x):
        return torch.softmax(self.logits(x), 1)[:, 1:]


def dice(a, b):
    s = a.sum() + b.sum()
    return 1.0 if s == 0 else 2 * np.logical_and(a, b).sum() / s


def predict(net, device, image):
    """Label map at the image's own size (the browser's bilinear paste-back, then per-pixel best class)."""
    h, w = image.shape
    with torch.no_grad():
        prob = net(torch.from_numpy(model_input(image)[None]).to(device))[0].cpu().numpy()
    up = np.stack([np.asarray(Image.fromarray(p).resize((w, h), Image.BILINEAR)) for p in prob])
    best = up.argmax(0)
    return np.where(up.max(0) >= 0.5, best + 1, 0)


# torch >= 2.9 exports through dynamo by default; the TorchScript exporter gives the same graph on every version.
legacy_export = {'dynamo': False} if tuple(int(p) for p in torch.__version__.split('.')[:2]) >= (2, 5) else {}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--epochs', type=int, default=120)
    ap.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    ap.add_argument('--seed', type=int, default=7)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    train, held = list(cases(args.data, False)), list(cases(args.data, True))
    print(f'train {len(train)} radiographs, held out {len(held)}', flush=True)
    # Augmenting on the model's grid keeps the sampling cheap; the slice was resampled as the browser does.
    grid = [(sample_region(img, img.shape[1], img.shape[0]), nearest(lab)) for _, img, lab in train]
    device = torch.device(args.device)
    net = UNet().to(device)
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-4)
    steps_per_epoch, batch = 10, 8
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=args.epochs * steps_per_epoch)
    weights = torch.tensor([0.5, 1.0, 1.0], device=device)
    t0 = time.time()
    for epoch in range(args.epochs):
        net.train()
        total = 0.0
        for _ in range(steps_per_epoch):
            xs, ys = [], []
            for i in rng.integers(0, len(train), batch):
                img, lab = augment(rng, *grid[i])
                xs.append(common.zscore(img)[None])
                ys.append(lab.astype(np.int64))
            x = torch.from_numpy(np.stack(xs)).to(device)
            y = torch.from_numpy(np.stack(ys)).to(device)
            logits = net.logits(x)
            prob = torch.softmax(logits, 1)
            onehot = nn.functional.one_hot(y, 3).permute(0, 3, 1, 2).float()
            inter = (prob * onehot).sum((0, 2, 3))
            soft_dice = 1 - (2 * inter[1:] + 1) / (prob.sum((0, 2, 3))[1:] + onehot.sum((0, 2, 3))[1:] + 1)
            loss = nn.functional.cross_entropy(logits, y, weight=weights) + soft_dice.mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item()
        if epoch % 10 == 0 or epoch == args.epochs - 1:
            print(f'epoch {epoch} loss {total / steps_per_epoch:.4f} ({time.time() - t0:.0f} s)', flush=True)
    net.eval().cpu()
    per_case = []
    for stem, img, lab in held:
        pred = predict(net, 'cpu', img)
        per_case.append({'case': stem, 'right lung': dice(pred == 1, lab == 1), 'left lung': dice(pred == 2, lab == 2)})
    mean = {k: float(np.mean([c[k] for c in per_case])) for k in CLASSES}
    print('held-out Dice', json.dumps(mean), flush=True)
    torch.save(net.state_dict(), os.path.join(args.out, 'cxr-lungs.pt'))
    torch.onnx.export(net, torch.zeros(1, 1, SIZE, SIZE), os.path.join(args.out, 'model.onnx'), input_names=['image'],
                      output_names=['lungs'], dynamic_axes={'image': {0: 'N'}, 'lungs': {0: 'N'}}, opset_version=17, **legacy_export)
    summary = {'train_cases': len(train), 'held_out_cases': len(held), 'epochs': args.epochs, 'device': args.device,
               'seconds': round(time.time() - t0), 'held_out_dice': mean, 'per_case': per_case, 'torch': torch.__version__}
    with open(os.path.join(args.out, 'training.json'), 'w') as f:
        json.dump(summary, f, indent=1)
    print(json.dumps({k: v for k, v in summary.items() if k != 'per_case'}), flush=True)


if __name__ == '__main__':
    main()
