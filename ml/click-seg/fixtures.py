"""Writes the parity fixtures of the shipped model's Node test (server/model/__fixtures__/parity).

    /usr/bin/python3 ml/click-seg/fixtures.py --model public/models/click-seg --images <dir> --out server/model/__fixtures__/parity

For a few image/prompt/crop triples: the model input as training computed it (common.py) and
the PyTorch model's probabilities. The TypeScript pipeline must rebuild the same input, and
onnxruntime must return the same probabilities from the exported file.
"""
import argparse
import gzip
import json
import os

import numpy as np
import torch
from scipy import ndimage

import common
import data
from train import UNet

CASES = [
    # (image file, mask file, prompt kind, crop side as a fraction of the larger image side for clicks)
    ('000_HC.png', '000_HC_head.png', 'click', 0.5),
    ('MCUCXR_0005_0.png', 'MCUCXR_0005_0_image-left.png', 'box', None),
    ('s0114_111.png', 's0114_111_heart_ventricle_left_000.png', 'click', 0.25),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', required=True, help='folder with click-seg.pt')
    ap.add_argument('--images', required=True, help='folder holding the fixture images/ and masks/')
    ap.add_argument('--out', required=True)
    args = ap.parse_args()
    model = UNet()
    model.load_state_dict(torch.load(os.path.join(args.model, 'click-seg.pt')))
    model.eval()
    os.makedirs(args.out, exist_ok=True)
    index = []
    for i, (img_name, mask_name, kind, scale) in enumerate(CASES):
        image = data.gray(os.path.join(args.images, 'images', img_name))
        mask = data.gray(os.path.join(args.images, 'masks', mask_name)) > 0
        h, w = image.shape
        if kind == 'click':
            depth = ndimage.distance_transform_edt(mask)
            cy, cx = np.unravel_index(np.argmax(depth), depth.shape)
            side = max(24.0, scale * max(w, h))
            crop = {'x0': cx + 0.5 - side / 2, 'y0': cy + 0.5 - side / 2, 'side': side}
            prompt = {'kind': 'click', 'x': int(cx), 'y': int(cy)}
            x = common.model_input(image, crop['x0'], crop['y0'], side, click=(cx, cy))
        else:
            ys, xs = np.nonzero(mask)
            box = (int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max()))
            side = max(24.0, 1.3 * max(box[2] - box[0] + 1, box[3] - box[1] + 1))
            crop = {'x0': (box[0] + box[2] + 1) / 2 - side / 2, 'y0': (box[1] + box[3] + 1) / 2 - side / 2, 'side': side}
            prompt = {'kind': 'box', 'box': {'x0': box[0], 'y0': box[1], 'x1': box[2], 'y1': box[3]}}
            x = common.model_input(image, crop['x0'], crop['y0'], side, box=box)
        with torch.no_grad():
            prob = model(torch.from_numpy(x[None]).float()).numpy()[0, 0]
        name = f'case{i}'
        with gzip.open(os.path.join(args.out, name + '.input.f32.gz'), 'wb') as f:
            f.write(x.astype('<f4').tobytes())
        with gzip.open(os.path.join(args.out, name + '.prob.f32.gz'), 'wb') as f:
            f.write(prob.astype('<f4').tobytes())
        index.append({'name': name, 'image': img_name, 'prompt': prompt, 'crop': crop, 'foreground': int((prob >= 0.5).sum())})
    with open(os.path.join(args.out, 'index.json'), 'w') as f:
        json.dump(index, f, indent=1)
    print(json.dumps(index, indent=1))


if __name__ == '__main__':
    main()
