"""Writes the LIDC-IDRI 0221 demo case (this folder) from the shared multi-reader crops.

    /usr/bin/python3 prisma/seed/data/lidc-0221/make_demo.py <lidc-idri-0221-crops-multirater-png folder>

The seven 180 x 180 CT crops become one CT series (8-bit MONOCHROME2, slices 2.5 mm apart at their
SliceLocation; the crops carry no pixel spacing, so 1 mm is written). The outlines drawn by LIDC
readers 0-2 on those slices are filled and written as run-length masks in reads.json, which the
demo seed submits as three readers' reads. Outlines on the two slices without an image (113.5,
116.0) are left out.
"""
import hashlib
import json
import os
import sys

import numpy as np
import pydicom
from PIL import Image
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian
from scipy.ndimage import binary_fill_holes

SRC = sys.argv[1]
OUT = os.path.dirname(os.path.abspath(__file__))
W = H = 180


def uid(*parts):
    # Deterministic (generate_uid ignores its entropy sources without a prefix): the same name gives the same UID.
    return '2.25.' + str(int(hashlib.sha256('/'.join(['concord-demo-lidc-0221', *parts]).encode()).hexdigest()[:30], 16))


def runs(mask):
    flat = np.concatenate([[0], mask.reshape(-1).astype(np.int8), [0]])
    d = np.diff(flat)
    starts, ends = np.where(d == 1)[0], np.where(d == -1)[0]
    return [int(v) for pair in zip(starts, ends - starts) for v in pair]


def main():
    zs = sorted(float(f[2:-4]) for f in os.listdir(os.path.join(SRC, 'example_LIDC_221_images')) if f.startswith('z-'))
    reads = {'rows': H, 'columns': W, 'readers': [{'lidcReader': r, 'slices': {}} for r in range(3)]}
    for k, z in enumerate(zs):
        pixels = np.asarray(Image.open(os.path.join(SRC, 'example_LIDC_221_images', f'z-{z:.1f}.png')).convert('L'), dtype=np.uint8)
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.2'
        meta.MediaStorageSOPInstanceUID = uid(str(z), 'sop')
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = FileDataset(None, {}, file_meta=meta, preamble=b'\0' * 128)
        ds.SOPClassUID = meta.MediaStorageSOPClassUID
        ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
        ds.StudyInstanceUID = uid('study')
        ds.SeriesInstanceUID = uid('series')
        ds.FrameOfReferenceUID = uid('frame')
        ds.PatientName = 'LIDC-IDRI^0221'
        ds.PatientID = 'LIDC-IDRI-0221'
        ds.StudyDate = '20000101'
        ds.Modality = 'CT'
        ds.BodyPartExamined = 'CHEST'
        ds.StudyDescription = 'Chest CT (nodule crop)'
        ds.SeriesDescription = 'LIDC-IDRI 0221 nodule crop'
        ds.SeriesNumber = 1
        ds.InstanceNumber = k + 1
        ds.ImagePositionPatient = [0, 0, z]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.PixelSpacing = [1, 1]
        ds.SliceThickness = 2.5
        ds.SliceLocation = z
        ds.BurnedInAnnotation = 'NO'
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = 'MONOCHROME2'
        ds.Rows, ds.Columns = pixels.shape
        ds.BitsAllocated = 8
        ds.BitsStored = 8
        ds.HighBit = 7
        ds.PixelRepresentation = 0
        ds.WindowCenter = 128
        ds.WindowWidth = 256
        ds.PixelData = pixels.tobytes()
        ds.save_as(os.path.join(OUT, f'slice-{k + 1:02d}.dcm'), write_like_original=False)
        for r in range(3):
            f = os.path.join(SRC, 'example_LIDC_221_gt', f'gt-{z:.1f}{r}.png')
            if not os.path.exists(f):
                continue
            outline = np.asarray(Image.open(f).convert('RGB'))[:, :, 0] > 127
            mask = binary_fill_holes(outline)
            if mask.any():  # an outline that encloses nothing is no outline
                reads['readers'][r]['slices'][str(k + 1)] = runs(mask)
    with open(os.path.join(OUT, 'reads.json'), 'w') as fh:
        json.dump(reads, fh, separators=(',', ':'))
    for r in reads['readers']:
        print('reader', r['lidcReader'], {k: sum(v[1::2]) for k, v in r['slices'].items()})


if __name__ == '__main__':
    main()
