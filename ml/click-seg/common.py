"""Sampling and prompt encoding shared by training, evaluation-set export and the ONNX export.

The TypeScript pipeline (server/contracts/model/pipeline.ts) implements the same formulas; the
Node test of the shipped model fails if the two drift apart.
"""
import numpy as np

SIZE = 96          # model input side
CLICK_SIGMA = 3.0  # click heat-map sigma, in model pixels


def sample_crop(image, x0, y0, side, size=SIZE):
    """Bilinear samples of the square crop [x0, x0+side) x [y0, y0+side) on a size x size grid.

    Pixel centres are at +0.5; outside the image reads as 0 (as the browser does)."""
    h, w = image.shape
    t = (np.arange(size) + 0.5) * side / size - 0.5
    xs, ys = x0 + t, y0 + t
    gx, gy = np.meshgrid(xs, ys)
    xf, yf = np.floor(gx), np.floor(gy)
    ax, ay = gx - xf, gy - yf
    xi, yi = xf.astype(np.int64), yf.astype(np.int64)

    def at(yy, xx):
        inside = (xx >= 0) & (xx < w) & (yy >= 0) & (yy < h)
        v = image[np.clip(yy, 0, h - 1), np.clip(xx, 0, w - 1)].astype(np.float32)
        return np.where(inside, v, 0.0)

    return ((1 - ay) * ((1 - ax) * at(yi, xi) + ax * at(yi, xi + 1))
            + ay * ((1 - ax) * at(yi + 1, xi) + ax * at(yi + 1, xi + 1))).astype(np.float32)


def zscore(crop):
    m, s = float(crop.mean()), float(crop.std())
    return ((crop - m) / max(s, 1.0)).astype(np.float32)


def click_map(cx, cy, x0, y0, side, size=SIZE):
    """Gaussian at the click, in model pixels."""
    px = (cx + 0.5 - x0) * size / side - 0.5
    py = (cy + 0.5 - y0) * size / side - 0.5
    g = np.arange(size, dtype=np.float32)
    gx, gy = np.meshgrid(g, g)
    return np.exp(-((gx - px) ** 2 + (gy - py) ** 2) / (2 * CLICK_SIGMA ** 2)).astype(np.float32)


def box_map(bx0, by0, bx1, by1, x0, y0, side, size=SIZE):
    """1 inside the box (image pixel bounds, inclusive) mapped to model pixels, else 0."""
    g = (np.arange(size, dtype=np.float32) + 0.5) * side / size + 0
    xs, ys = x0 + g, y0 + g
    inx = (xs >= bx0) & (xs <= bx1 + 1)
    iny = (ys >= by0) & (ys <= by1 + 1)
    return (iny[:, None] & inx[None, :]).astype(np.float32)


def model_input(image, x0, y0, side, click=None, box=None):
    """(3, SIZE, SIZE): z-scored crop, click map, box map."""
    crop = zscore(sample_crop(image, x0, y0, side))
    c = click_map(click[0], click[1], x0, y0, side) if click is not None else np.zeros_like(crop)
    b = box_map(*box, x0, y0, side) if box is not None else np.zeros_like(crop)
    return np.stack([crop, c, b])
