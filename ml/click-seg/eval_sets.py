"""Writes the held-out evaluation sets as image/mask folders for `concord model eval`.

    /usr/bin/python3 ml/click-seg/eval_sets.py --data <shared data folder> --out <folder>

One folder per set with images/ (PNG or DICOM) and masks/ (PNG, one per structure, named
<image stem>_<structure>.png). None of these patients or structures is used in training.
"""
import argparse
import glob
import os
import shutil

import nibabel
import numpy as np
import pydicom
from PIL import Image
from scipy import ndimage

import data


def write(out, name, stem, image, masks):
    d = os.path.join(out, name)
    os.makedirs(os.path.join(d, 'images'), exist_ok=True)
    os.makedirs(os.path.join(d, 'masks'), exist_ok=True)
    if isinstance(image, str):
        shutil.copy(image, os.path.join(d, 'images', stem + os.path.splitext(image)[1]))
    else:
        Image.fromarray(image).save(os.path.join(d, 'images', stem + '.png'))
    for structure, mask in masks:
        Image.fromarray((mask > 0).astype(np.uint8) * 255).save(os.path.join(d, 'masks', f'{stem}_{structure}.png'))


def by_image(items):
    grouped = {}
    for set_name, stem, structure, image, mask in items:
        grouped.setdefault((set_name, stem), (image, []))[1].append((structure, mask))
    return grouped


def dcmqi(root, out):
    d = os.path.join(root, 'dicom-seg-dcmqi')
    slices = {pydicom.dcmread(p).SOPInstanceUID: p for p in sorted(glob.glob(os.path.join(d, 'ct-3slice', '*.dcm')))}
    masks = {}
    for seg_name in ('liver.dcm', 'partial_overlaps.dcm'):
        seg = pydicom.dcmread(os.path.join(d, seg_name))
        labels = {s.SegmentNumber: s.SegmentLabel.lower() for s in seg.SegmentSequence}
        frames = seg.pixel_array.reshape(-1, seg.Rows, seg.Columns)
        for f, group in zip(frames, seg.PerFrameFunctionalGroupsSequence):
            uid = group.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
            label = labels[group.SegmentIdentificationSequence[0].ReferencedSegmentNumber]
            if f.sum() >= 30:
                masks.setdefault(uid, []).append((f'{os.path.splitext(seg_name)[0]}-{label}', f))
    for uid, path in slices.items():
        if uid in masks:
            write(out, 'dcmqi-seg-ct', os.path.basename(path)[:-4], path, masks[uid])


def nifti_mr(root, out):
    d = os.path.join(root, 'nifti-volume-with-label')
    img = np.asarray(nibabel.load(os.path.join(d, 'anatomical.nii')).dataobj, dtype=np.float32)
    lab = np.asarray(nibabel.load(os.path.join(d, 'anatomical_label.nii.gz')).dataobj)
    lo, hi = np.percentile(img, [1, 99])
    for z in range(img.shape[2]):
        m = lab[:, :, z] > 0
        if m.sum() < 3:
            continue
        sl = np.clip((img[:, :, z] - lo) / (hi - lo), 0, 1) * 255
        write(out, 'nifti-mr-label', f'z{z:02d}', sl.T.astype(np.uint8), [('label', m.T)])


def lidc(root, out):
    d = os.path.join(root, 'lidc-idri-0221-crops-multirater-png')
    for path in sorted(glob.glob(os.path.join(d, 'example_LIDC_221_images', 'z-*.png'))):
        loc = float(os.path.basename(path)[2:-4])
        # The LIDC outlines are drawn as closed contours: the nodule is the outline filled.
        readers = [ndimage.binary_fill_holes(data.gray(p) > 127) for p in sorted(glob.glob(os.path.join(d, 'example_LIDC_221_gt', f'gt-{loc:.2f}'[:-1] + '?.png')))]
        if not readers:
            continue
        majority = np.sum(readers, 0) * 2 >= len(readers)
        if majority.sum() >= 5:
            write(out, 'lidc-nodule-ct', f'z{loc:.1f}', data.gray(path), [('nodule', majority)])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--out', required=True)
    args = ap.parse_args()
    held = [*data.hc18(args.data, True), *data.montgomery(args.data, True), *data.sammed2d(args.data, True)]
    for (set_name, stem), (image, masks) in by_image(held).items():
        write(args.out, set_name, stem, image, masks)
    dcmqi(args.data, args.out)
    nifti_mr(args.data, args.out)
    lidc(args.data, args.out)
    for name in sorted(os.listdir(args.out)):
        print(name, len(os.listdir(os.path.join(args.out, name, 'masks'))), 'structures')


if __name__ == '__main__':
    main()
