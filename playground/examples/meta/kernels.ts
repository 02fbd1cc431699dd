/**
 * 5×5 kernels for the kernel grid's presets, computed rather than typed so their numbers are
 * exact: 3×3 classics centred in a 5×5 grid, a sampled Gaussian, a difference of Gaussians
 * (centre-surround, like a retinal ganglion cell) and two Gabor patches (like V1 simple cells).
 */
type Grid = number[][];

const round = (v: number) => Math.round(v * 100) / 100;
const grid5 = (f: (x: number, y: number) => number): Grid =>
  Array.from({ length: 5 }, (_, r) => Array.from({ length: 5 }, (_, c) => round(f(c - 2, r - 2))));
/** A 3×3 kernel in the middle of a 5×5 grid of zeros. */
const centred = (k: Grid): Grid => grid5((x, y) => (Math.abs(x) <= 1 && Math.abs(y) <= 1 ? (k[y + 1]?.[x + 1] ?? 0) : 0));
/** After rounding, the centre cell takes up the slack so the entries add up to exactly `total`. */
const settle = (k: Grid, total: number): Grid => {
  const rest = k.flat().reduce((a, b) => a + b, 0) - (k[2]?.[2] ?? 0);
  return k.map((row, r) => row.map((v, c) => (r === 2 && c === 2 ? round(total - rest) : v)));
};
/** Scale so the entries add up to 1: flat regions keep their brightness. */
const normalised = (k: Grid): Grid => {
  const s = k.flat().reduce((a, b) => a + b, 0);
  return settle(
    k.map((row) => row.map((v) => round(v / s))),
    1,
  );
};
/** Subtract the mean so the entries add up to 0: a flat region gives 0, only changes show. */
const zeroMean = (k: Grid): Grid => {
  const m = k.flat().reduce((a, b) => a + b, 0) / 25;
  return settle(
    k.map((row) => row.map((v) => round(v - m))),
    0,
  );
};
const gauss = (x: number, y: number, sigma: number) => Math.exp(-(x * x + y * y) / (2 * sigma * sigma));
/** Gabor: a cosine grating (wavelength 4 px) across direction theta, under a Gaussian window. */
const gabor = (theta: number): Grid =>
  zeroMean(grid5((x, y) => gauss(x, y, 1.2) * Math.cos((2 * Math.PI * (x * Math.cos(theta) + y * Math.sin(theta))) / 4)));

export const KERNELS = {
  identity: centred([
    [0, 0, 0],
    [0, 1, 0],
    [0, 0, 0],
  ]),
  box: normalised(
    centred([
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ]),
  ),
  gaussian: normalised(grid5((x, y) => gauss(x, y, 1))),
  sharpen: centred([
    [0, -1, 0],
    [-1, 5, -1],
    [0, -1, 0],
  ]),
  sobelX: centred([
    [-1, 0, 1],
    [-2, 0, 2],
    [-1, 0, 1],
  ]),
  sobelY: centred([
    [-1, -2, -1],
    [0, 0, 0],
    [1, 2, 1],
  ]),
  centreSurround: zeroMean(grid5((x, y) => gauss(x, y, 0.7) / 0.49 - gauss(x, y, 1.6) / 2.56)),
  gaborVertical: gabor(0),
  gabor45: gabor(Math.PI / 4),
} satisfies Record<string, Grid>;
