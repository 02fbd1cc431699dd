/**
 * Numbers behind chapter 5's figures, computed from the architecture arithmetic the labs use
 * (playground/shared/architecture.ts): VGG-16 layer by layer, the 1×1 bottleneck before a 5×5
 * convolution, and max pooling of a small map before and after a shift. Tested in
 * tests/unit/labs-q05.test.ts against the layer explorer and TF.js.
 */
import { type Architecture, costs, type LayerCost, type LayerSpec } from '../../../playground/shared/architecture.ts';

/** VGG-16 (Simonyan & Zisserman 2015, configuration D) on 224×224 colour images. */
export function vgg16(): Architecture {
  const layers: LayerSpec[] = [];
  const stages: Array<[number, number]> = [
    [64, 2],
    [128, 2],
    [256, 3],
    [512, 3],
    [512, 3],
  ];
  stages.forEach(([filters, convs], s) => {
    for (let i = 1; i <= convs; i++) layers.push({ kind: 'conv', name: `conv${s + 1}_${i}`, filters, kernel: 3, padding: 1 });
    layers.push({ kind: 'pool', name: `pool${s + 1}`, size: 2 });
  });
  for (const [name, units] of [
    ['fc6', 4096],
    ['fc7', 4096],
    ['fc8', 1000],
  ] as const)
    layers.push({ kind: 'dense', name, units });
  return { name: 'VGG-16', input: [224, 224, 3], layers };
}

export interface LayerShare {
  name: string;
  kind: LayerCost['kind'];
  params: number;
  macs: number;
  /** Percent of the network's parameters and multiply-adds. */
  paramShare: number;
  macShare: number;
}

/** Each layer with weights, with its share of the parameters and of the multiply-adds. */
export function layerShares(arch: Architecture): LayerShare[] {
  const rows = costs(arch).filter((r) => r.params > 0);
  const params = rows.reduce((n, r) => n + r.params, 0);
  const macs = rows.reduce((n, r) => n + r.macs, 0);
  return rows.map((r) => ({
    name: r.name,
    kind: r.kind,
    params: r.params,
    macs: r.macs,
    paramShare: (100 * r.params) / params,
    macShare: (100 * r.macs) / macs,
  }));
}

/** Totals over the fully connected layers against the whole network. */
export function denseShare(arch: Architecture): { params: number; macs: number } {
  const rows = layerShares(arch).filter((r) => r.kind === 'dense');
  return { params: rows.reduce((n, r) => n + r.paramShare, 0), macs: rows.reduce((n, r) => n + r.macShare, 0) };
}

/** A k×k convolution from `inC` to `outC` channels on a size×size map, directly or after a 1×1 reduction to `mid`. */
export function bottleneck(size: number, inC: number, mid: number, outC: number, k = 5) {
  const path = (layers: LayerSpec[]) => costs({ name: 'path', input: [size, size, inC], layers });
  const sum = (rows: LayerCost[]) => ({ params: rows.reduce((n, r) => n + r.params, 0), macs: rows.reduce((n, r) => n + r.macs, 0) });
  const direct = sum(path([{ kind: 'conv', name: 'conv', filters: outC, kernel: k, padding: 'same' }]));
  const reduced = sum(
    path([
      { kind: 'conv', name: 'reduce', filters: mid, kernel: 1 },
      { kind: 'conv', name: 'conv', filters: outC, kernel: k, padding: 'same' },
    ]),
  );
  return { direct, reduced };
}

/** Non-overlapping max pooling of a square grid (side divisible by `size`). */
export function maxPool(grid: number[][], size = 2): number[][] {
  const n = grid.length / size;
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => Math.max(...grid.slice(i * size, i * size + size).flatMap((row) => row.slice(j * size, j * size + size)))),
  );
}

/** A 6×6 feature map with one short vertical bar of response at column `col` (rows 1–3). */
export function barMap(col: number, side = 6): number[][] {
  return Array.from({ length: side }, (_, r) => Array.from({ length: side }, (_, c) => (c === col && r >= 1 && r <= 3 ? (r === 2 ? 9 : 6) : 0)));
}
