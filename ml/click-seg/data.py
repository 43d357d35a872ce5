"""Labelled structures from the shared sample sets, split by patient.

Each item: (set, case, structure, image uint8 HxW, mask bool HxW). Held-out patients never reach training.
"""
import glob
import os

import numpy as np
from PIL import Image
from scipy import ndimage


def gray(path):
    return np.asarray(Image.open(path).convert('L'), dtype=np.uint8)


def components(mask, keep=2, min_px=50):
    lab, n = ndimage.label(mask)
    sizes = ndimage.sum(mask, lab, range(1, n + 1))
    order = np.argsort(sizes)[::-1][:keep]
    return [lab == (i + 1) for i in order if sizes[i] >= min_px]


def hc18(root, held_out):
    d = os.path.join(root, 'seg-hc18-fetal-head-us')
    for path in sorted(glob.glob(os.path.join(d, 'images', '*.png'))):
        stem = os.path.basename(path)[:-4]
        if (int(stem[:3]) % 5 == 0) != held_out:
            continue
        mask = gray(os.path.join(d, 'masks', stem + '_Annotation.png')) > 127
        yield 'hc18-fetal-head', stem, 'head', gray(path), mask


def montgomery(root, held_out):
    d = os.path.join(root, 'seg-montgomery-cxr-lungs')
    for path in sorted(glob.glob(os.path.join(d, 'images', '*.png'))):
        stem = os.path.basename(path)[:-4]
        if (int(stem[7:11]) % 5 == 0) != held_out:
            continue
        mask = gray(os.path.join(d, 'masks_bin', stem + '.png')) > 127
        lungs = sorted(components(mask), key=lambda m: np.argwhere(m)[:, 1].mean())
        for side, lung in zip(('image-left', 'image-right'), lungs):
            yield 'montgomery-lungs', stem, side, gray(path), lung


def sammed2d(root, held_out):
    """AMOS slice for training, the TotalSegmentator slice held out."""
    d = os.path.join(root, 'seg-ct-multiorgan-sammed2d-demo')
    for path in sorted(glob.glob(os.path.join(d, 'images', '*.png'))):
        stem = os.path.basename(path)[:-4]
        if stem.startswith('s0114') != held_out:
            continue
        image = gray(path)
        for mpath in sorted(glob.glob(os.path.join(d, 'masks', stem + '_*.png'))):
            mask = gray(mpath) > 127
            if mask.sum() >= 30:
                yield 'sammed2d-ct', stem, os.path.basename(mpath)[len(stem) + 1:-4], image, mask


def training_items(root):
    return [*hc18(root, False), *montgomery(root, False), *sammed2d(root, False)]


def synthetic(rng, n):
    """Blobs of varied size, contrast and texture; teaches small, low-contrast structures."""
    out = []
    for i in range(n):
        h = w = int(rng.integers(160, 320))
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        bg = ndimage.gaussian_filter(rng.normal(0, 1, (h, w)), rng.uniform(2, 12))
        bg = (bg - bg.mean()) / (bg.std() + 1e-6) * rng.uniform(8, 30) + rng.uniform(40, 200)
        r = rng.uniform(4, min(h, w) / 3)
        cy, cx = rng.uniform(r + 2, h - r - 2), rng.uniform(r + 2, w - r - 2)
        ang = np.arctan2(yy - cy, xx - cx)
        wobble = 1 + sum(rng.uniform(-0.15, 0.15) * np.cos(k * ang + rng.uniform(0, 6.3)) for k in (2, 3, 5))
        mask = np.hypot((yy - cy) / rng.uniform(0.6, 1.4), xx - cx) < r * wobble
        delta = rng.uniform(25, 90) * rng.choice([-1, 1])
        img = bg + delta * ndimage.gaussian_filter(mask.astype(np.float32), rng.uniform(0.5, 2))
        img += rng.normal(0, rng.uniform(2, 15), (h, w))
        out.append(('synthetic', f'syn{i}', 'blob', np.clip(img, 0, 255).astype(np.uint8), mask))
    return out
