#!/usr/bin/env python3
"""Independent check of a Concord export snapshot with nibabel, pydicom and dciodvfy (Debian
python3-nibabel, python3-pydicom, dicom3tools). For every NIfTI label map whose series' DICOM
files are in the snapshot:

- the affine nibabel reads (sform and qform) equals the one derived here from the DICOM headers
  (slices sorted along the normal, origin at the first, LPS -> RAS) to 1e-4 mm;
- the grid is columns x rows x slices of the series;
- the voxel count of each label equals the sum of that label's COCO mask areas (another format,
  written by other code), when the snapshot has COCO.

Every DICOM SEG object must pass dciodvfy (the DICOM IOD validator) without an error, and its
frames, unpacked with pydicom, must hold exactly the voxels of the matching label map.

Usage: export_check.py <snapshot.zip>   (exit 1 on any mismatch, or when there is nothing to check)
"""
import gzip
import io
import json
import subprocess
import sys
import tempfile
import zipfile

import nibabel as nib
import numpy as np
import pydicom

TOL = 1e-4


def dicom_affine(datasets):
    row = np.array(datasets[0].ImageOrientationPatient[:3], dtype=float)
    col = np.array(datasets[0].ImageOrientationPatient[3:], dtype=float)
    normal = np.cross(row, col)
    slices = sorted(datasets, key=lambda d: float(np.dot(np.array(d.ImagePositionPatient, dtype=float), normal)))
    first = np.array(slices[0].ImagePositionPatient, dtype=float)
    dz = float(np.dot(np.array(slices[1].ImagePositionPatient, dtype=float) - first, normal)) if len(slices) > 1 else float(getattr(slices[0], "SliceThickness", 1) or 1)
    spacing_rows, spacing_cols = (float(v) for v in slices[0].PixelSpacing)
    lps = np.eye(4)
    lps[:3, 0] = row * spacing_cols
    lps[:3, 1] = col * spacing_rows
    lps[:3, 2] = normal * dz
    lps[:3, 3] = first
    return np.diag([-1, -1, 1, 1]) @ lps, (int(slices[0].Columns), int(slices[0].Rows), len(slices))


def main(path):
    z = zipfile.ZipFile(path)
    names = z.namelist()
    manifest = json.loads(z.read("manifest.json"))
    labels = {l["id"]: l for l in json.loads(z.read("labels.json"))["labels"]}
    coco = json.loads(z.read("coco/consensus.json")) if "coco/consensus.json" in names else None
    checked = 0
    for case in manifest["cases"]:
        folder = case["folder"]
        for name in [n for n in names if n.startswith(f"nifti/{folder}/") and n.endswith(".nii.gz")]:
            series_uid, source = name.rsplit("/", 1)[1][: -len(".nii.gz")].rsplit("_", 1)
            dicoms = [pydicom.dcmread(io.BytesIO(z.read(n))) for n in names if n.startswith(f"images/{folder}/{series_uid}/")]
            if not dicoms:
                continue
            img = nib.Nifti1Image.from_bytes(gzip.decompress(z.read(name)))
            expected, shape = dicom_affine(dicoms)
            for kind, affine in (("sform", img.get_sform()), ("qform", img.get_qform())):
                err = np.abs(affine - expected).max()
                if err > TOL:
                    sys.exit(f"{name}: {kind} differs from the DICOM geometry by {err:.3g} mm\n{affine}\n{expected}")
            if tuple(img.shape) != shape:
                sys.exit(f"{name}: grid {img.shape}, the series is {shape}")
            data = np.asarray(img.dataobj)
            if source == "image":
                check_image(name, data, dicoms)
                checked += 1
                continue
            counts = {}
            for label in labels.values():
                if label["value"] is not None:
                    counts[label["id"]] = int((data == label["value"]).sum())
            if coco is not None and source == "consensus":
                cats = {c["id"]: c["name"] for c in coco["categories"]}
                images = {i["id"]: i for i in coco["images"] if i["case_id"] == case["id"] and i["series_uid"] == series_uid}
                for label_id, n in counts.items():
                    area = sum(a["area"] for a in coco["annotations"] if a["image_id"] in images and cats[a["category_id"]] == labels[label_id]["name"] and isinstance(a.get("segmentation"), dict))
                    if area != n:
                        sys.exit(f"{name}: label {label_id} has {n} voxels, COCO masks {area}")
            print(f"ok {name}: affine within {TOL} mm of the DICOM geometry, grid {shape}, voxels {counts}")
            checked += 1
    if not checked:
        sys.exit("nothing to check: the snapshot has no NIfTI label map with its DICOM images")
    for name in [n for n in names if n.startswith("seg/") and n.endswith(".dcm")]:
        check_seg(z, name, labels)


def check_image(name, data, dicoms):
    """The image volume holds each slice's pixels (x along rows of the NIfTI's first axis) with the rescale applied."""
    row = np.array(dicoms[0].ImageOrientationPatient[:3], dtype=float)
    normal = np.cross(row, np.array(dicoms[0].ImageOrientationPatient[3:], dtype=float))
    slices = sorted(dicoms, key=lambda d: float(np.dot(np.array(d.ImagePositionPatient, dtype=float), normal)))
    for k, d in enumerate(slices):
        expected = d.pixel_array.astype(float) * float(getattr(d, "RescaleSlope", 1) or 1) + float(getattr(d, "RescaleIntercept", 0) or 0)
        if not np.array_equal(data[:, :, k].T.astype(float), expected):
            sys.exit(f"{name}: slice {k} differs from the DICOM pixels")
    print(f"ok {name}: {len(slices)} slices equal to the DICOM pixel data")


def check_seg(z, name, labels):
    raw = z.read(name)
    with tempfile.NamedTemporaryFile(suffix=".dcm") as f:
        f.write(raw)
        f.flush()
        out = subprocess.run(["dciodvfy", f.name], capture_output=True, text=True)
    errors = [l for l in (out.stdout + out.stderr).splitlines() if l.startswith("Error")]
    if errors:
        sys.exit(f"{name}: dciodvfy reports\n" + "\n".join(errors))
    seg = pydicom.dcmread(io.BytesIO(raw))
    if seg.SOPClassUID != "1.2.840.10008.5.1.4.1.1.66.4" or seg.SegmentationType != "BINARY":
        sys.exit(f"{name}: not a binary DICOM Segmentation")
    folder, file = name.split("/")[1:]
    nifti = f"nifti/{folder}/{file[: -len('.dcm')]}.nii.gz"
    frames = seg.pixel_array.reshape(int(seg.NumberOfFrames), seg.Rows, seg.Columns)
    if nifti in z.namelist():
        volume = np.asarray(nib.Nifti1Image.from_bytes(gzip.decompress(z.read(nifti))).dataobj)
        by_name = {l["name"]: l["value"] for l in labels.values()}
        for s in seg.SegmentSequence:
            value = by_name[s.SegmentLabel]
            in_seg = sum(int(frames[i].sum()) for i, g in enumerate(seg.PerFrameFunctionalGroupsSequence) if g.SegmentIdentificationSequence[0].ReferencedSegmentNumber == s.SegmentNumber)
            in_nifti = int((volume == value).sum())
            if in_seg != in_nifti:
                sys.exit(f"{name}: segment {s.SegmentLabel} has {in_seg} voxels, {nifti} {in_nifti}")
    print(f"ok {name}: dciodvfy without errors, {len(seg.SegmentSequence)} segment(s), {int(seg.NumberOfFrames)} frame(s)")


if __name__ == "__main__":
    main(sys.argv[1])
