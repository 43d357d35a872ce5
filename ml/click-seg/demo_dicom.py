"""Writes the chest X-ray demo study files (prisma/seed/data/cxr-lungs) from held-out Montgomery images.

    /usr/bin/python3 ml/click-seg/demo_dicom.py --data <shared data folder> --out prisma/seed/data/cxr-lungs

The patients are from the model's held-out split (patient number % 5 == 0), so the demo shows
suggestions on images the model never saw. One study per patient, 8-bit MONOCHROME2 CR.
"""
import argparse
import os

import numpy as np
import pydicom
from PIL import Image
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

STEMS = ['MCUCXR_0005_0', 'MCUCXR_0040_0', 'MCUCXR_0104_1']
ROOT = '2.25.'


def uid(*parts):
    return generate_uid(prefix=None, entropy_srcs=['concord-demo-cxr', *parts])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--out', required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for stem in STEMS:
        pixels = np.asarray(Image.open(os.path.join(args.data, 'seg-montgomery-cxr-lungs', 'images', stem + '.png')).convert('L'), dtype=np.uint8)
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.1'
        meta.MediaStorageSOPInstanceUID = uid(stem, 'sop')
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = FileDataset(None, {}, file_meta=meta, preamble=b'\0' * 128)
        ds.SOPClassUID = meta.MediaStorageSOPClassUID
        ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
        ds.StudyInstanceUID = uid(stem, 'study')
        ds.SeriesInstanceUID = uid(stem, 'series')
        ds.PatientName = f'Montgomery^{stem[7:11]}'
        ds.PatientID = f'MCU{stem[7:11]}'
        ds.StudyDate = '20140101'
        ds.Modality = 'CR'
        ds.BodyPartExamined = 'CHEST'
        ds.ViewPosition = 'PA'
        ds.SeriesDescription = 'Chest PA'
        ds.StudyDescription = 'Chest X-ray'
        ds.SeriesNumber = 1
        ds.InstanceNumber = 1
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
        ds.save_as(os.path.join(args.out, stem + '.dcm'), write_like_original=False)
        print(stem, pixels.shape)


if __name__ == '__main__':
    main()
