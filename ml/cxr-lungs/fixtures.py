"""Writes the Node test's fixtures for the lung model (server/model/__fixtures__/lungs) from the checkpoint.

    /usr/bin/python3 ml/cxr-lungs/fixtures.py --data <shared data folder> --out server/model/__fixtures__/lungs

For a few held-out radiographs: the image, the reference label map (0 background, 1 right lung,
2 left lung), the model input the training code builds and PyTorch's probabilities, so the Node
test checks that the TypeScript pipeline and the exported ONNX model compute the same thing.
"""
import argparse
import gzip
import json
import os
import shutil

import numpy as np
import torch
from PIL import Image

import train

STEMS = ['MCUCXR_0005_0']


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--out', required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    net = train.UNet()
    net.load_state_dict(torch.load(os.path.join(os.path.dirname(__file__), 'cxr-lungs.pt'), map_location='cpu'))
    net.eval()
    index = []
    for stem, image, labels in train.cases(args.data, True):
        if stem not in STEMS:
            continue
        shutil.copy(os.path.join(args.data, 'seg-montgomery-cxr-lungs', 'images', stem + '.png'), os.path.join(args.out, stem + '.png'))
        Image.fromarray(labels).save(os.path.join(args.out, stem + '_labels.png'))
        x = train.model_input(image)
        with torch.no_grad():
            prob = net(torch.from_numpy(x[None]))[0].numpy()
        for name, arr in (('input', x), ('prob', prob)):
            with gzip.open(os.path.join(args.out, f'{stem}.{name}.f32.gz'), 'wb') as f:
                f.write(arr.astype('<f4').tobytes())
        index.append({'name': stem, 'foreground': [int((prob[k] >= 0.5).sum()) for k in range(prob.shape[0])]})
    with open(os.path.join(args.out, 'index.json'), 'w') as f:
        json.dump(index, f, indent=1)
    print(json.dumps(index))


if __name__ == '__main__':
    main()
