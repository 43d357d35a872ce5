"""Train the shipped click/box segmentation model and export it to ONNX.

    /usr/bin/python3 ml/click-seg/train.py --data <shared data folder> --out public/models/click-seg

Reproducible: fixed seeds, single-threaded data sampling; CPU is enough (about 20 minutes on 2 cores).
"""
import argparse
import json
import os
import time

import numpy as np
import torch
from scipy import ndimage
from torch import nn

import common
import data


class Block(nn.Sequential):
    def __init__(self, cin, cout):
        super().__init__(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
                         nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class UNet(nn.Module):
    """Four-level U-Net; sigmoid in the graph so the ONNX output is a probability map."""

    def __init__(self, base=12):
        super().__init__()
        c = [base, base * 2, base * 4, base * 8]
        self.down = nn.ModuleList([Block(3, c[0]), Block(c[0], c[1]), Block(c[1], c[2]), Block(c[2], c[3])])
        self.up = nn.ModuleList([nn.ConvTranspose2d(c[i + 1], c[i], 2, stride=2) for i in range(3)])
        self.merge = nn.ModuleList([Block(c[i] * 2, c[i]) for i in range(3)])
        self.head = nn.Conv2d(c[0], 1, 1)

    def forward(self, x):
        skips = []
        for i, block in enumerate(self.down):
            x = block(x if i == 0 else nn.functional.max_pool2d(x, 2))
            skips.append(x)
        x = skips.pop()
        for i in (2, 1, 0):
            x = self.merge[i](torch.cat([self.up[i](x), skips[i]], 1))
        return torch.sigmoid(self.head(x))


class Sampler:
    def __init__(self, items, rng):
        self.rng = rng
        self.items = items
        self.by_set = {}
        for i, it in enumerate(items):
            self.by_set.setdefault(it[0], []).append(i)
        self.depth = [ndimage.distance_transform_edt(it[4]) for it in items]
        self.weights = {'hc18-fetal-head': 0.3, 'montgomery-lungs': 0.3, 'synthetic': 0.3, 'sammed2d-ct': 0.1}

    def one(self):
        rng = self.rng
        sets = [s for s in self.weights if s in self.by_set]
        p = np.array([self.weights[s] for s in sets])
        idx = rng.choice(self.by_set[sets[rng.choice(len(sets), p=p / p.sum())]])
        _, _, _, image, mask = self.items[idx]
        ys, xs = np.nonzero(mask)
        bx0, bx1, by0, by1 = xs.min(), xs.max(), ys.min(), ys.max()
        extent = max(bx1 - bx0 + 1, by1 - by0 + 1)
        if rng.random() < 0.6:  # click somewhere in the interior, crop centred on it at a random scale
            depth = self.depth[idx]
            cand = np.argwhere(depth >= 0.3 * depth.max())
            cy, cx = cand[rng.integers(len(cand))]
            side = max(24.0, extent * rng.uniform(0.7, 3.0))
            x0, y0 = cx + 0.5 - side / 2, cy + 0.5 - side / 2
            click, box = (cx, cy), None
        else:  # a box roughly around the structure, crop = box grown by 30 %
            w, h = bx1 - bx0 + 1, by1 - by0 + 1
            j = lambda v, s: v + rng.uniform(-0.1, 0.1) * s
            box = (j(bx0, w), j(by0, h), j(bx1, w), j(by1, h))
            side = max(24.0, 1.3 * max(box[2] - box[0] + 1, box[3] - box[1] + 1))
            x0, y0 = (box[0] + box[2] + 1) / 2 - side / 2, (box[1] + box[3] + 1) / 2 - side / 2
            click = None
        crop = common.sample_crop(image, x0, y0, side)
        crop = 255 * (np.clip(crop, 0, 255) / 255) ** rng.uniform(0.6, 1.6)
        if rng.random() < 0.15:
            crop = 255 - crop
        crop = crop + rng.normal(0, rng.uniform(0, 6), crop.shape)
        c = common.click_map(*click, x0, y0, side) if click else np.zeros_like(crop)
        b = common.box_map(*box, x0, y0, side) if box else np.zeros_like(crop)
        x = np.stack([common.zscore(crop.astype(np.float32)), c, b])
        y = (common.sample_crop(mask.astype(np.float32), x0, y0, side) > 0.5)[None].astype(np.float32)
        k = rng.integers(4)
        x, y = np.rot90(x, k, (1, 2)), np.rot90(y, k, (1, 2))
        if rng.random() < 0.5:
            x, y = x[:, :, ::-1], y[:, :, ::-1]
        return np.ascontiguousarray(x, dtype=np.float32), np.ascontiguousarray(y, dtype=np.float32)

    def batch(self, n):
        xs, ys = zip(*(self.one() for _ in range(n)))
        return torch.from_numpy(np.stack(xs)), torch.from_numpy(np.stack(ys))


def dice_loss(p, y):
    inter = (p * y).sum((1, 2, 3))
    return (1 - (2 * inter + 1) / (p.sum((1, 2, 3)) + y.sum((1, 2, 3)) + 1)).mean()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True, help='folder holding the shared sample sets')
    ap.add_argument('--out', required=True)
    ap.add_argument('--iterations', type=int, default=3000)
    ap.add_argument('--batch', type=int, default=24)
    ap.add_argument('--threads', type=int, default=2)
    args = ap.parse_args()
    torch.manual_seed(7)
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(7)
    items = data.training_items(args.data) + data.synthetic(rng, 300)
    sampler = Sampler(items, rng)
    model = UNet()
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=args.iterations)
    bce = nn.BCELoss()
    t0, running = time.time(), 0.0
    for it in range(1, args.iterations + 1):
        x, y = sampler.batch(args.batch)
        p = model(x)
        loss = bce(p, y) + dice_loss(p, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        running = 0.98 * running + 0.02 * loss.item() if it > 1 else loss.item()
        if it % 50 == 0:
            print(f'it {it} loss {running:.4f} {time.time() - t0:.0f}s', flush=True)
    model.eval()
    os.makedirs(args.out, exist_ok=True)
    torch.save(model.state_dict(), os.path.join(args.out, 'click-seg.pt'))
    torch.onnx.export(model, torch.zeros(1, 3, common.SIZE, common.SIZE), os.path.join(args.out, 'click-seg.onnx'),
                      input_names=['input'], output_names=['probability'], opset_version=17,
                      dynamic_axes={'input': {0: 'batch'}, 'probability': {0: 'batch'}})
    with open(os.path.join(args.out, 'training.json'), 'w') as f:
        json.dump({'iterations': args.iterations, 'batch': args.batch, 'items': len(items),
                   'seconds': round(time.time() - t0), 'final_loss': round(running, 4)}, f, indent=1)


if __name__ == '__main__':
    main()
