/**
 * Numbers question 1's text computes rather than types: the shapes of the four networks in the
 * fixed-budget lab (the same rule as playground/examples/depth-vs-width.ts, which the unit test
 * checks against the lab's own table), the size of a single layer that colours the lab's board
 * exactly, and the depth ratios of Figure 2's networks.
 */
import { checkerboardOneLayer } from '../components/figures/depth-math.ts';
import { networkDepths } from './q01-network-depths.ts';

/** Weights and biases of a fully connected network 2 → width × depth → 1. */
export function weightsOf(depth: number, width: number): number {
  return 3 * width + (depth - 1) * (width * width + width) + width + 1;
}

/** The width that brings a network of `depth` hidden layers closest to `budget` weights. */
export function widthFor(depth: number, budget: number): number {
  let best = 1;
  for (let width = 2; width <= budget; width++) {
    if (Math.abs(weightsOf(depth, width) - budget) < Math.abs(weightsOf(depth, best) - budget)) best = width;
  }
  return best;
}

/** The lab's default budget and depths. */
export const LAB_BUDGET = 2500;
export const LAB_DEPTHS = [1, 2, 4, 8] as const;
/** Squares along each side of the lab's default board. */
export const LAB_CELLS = 6;
/** A single hidden layer that colours the default board exactly (see depth-math.ts). */
const boardByOneLayer = checkerboardOneLayer(LAB_CELLS);

export const labNetworks = LAB_DEPTHS.map((depth) => {
  const width = widthFor(depth, LAB_BUDGET);
  return { depth, width, weights: weightsOf(depth, width) };
});

const byName = (name: string) => {
  const row = networkDepths.find((n) => n.name === name);
  if (!row) throw new Error(`no network ${name} in q01-network-depths.ts`);
  return row;
};

export const q01 = {
  /** Widths of the four lab networks, e.g. "625, 48, 28 and 18". */
  labWidths: labNetworks.map((n) => n.width),
  labWeights: labNetworks.map((n) => n.weights),
  alexnetDepth: byName('AlexNet').depth,
  resnetDepth: byName('ResNet-152').depth,
  /** ResNet-152 over VGG-19 ("8 times deeper than VGG" in He et al.). */
  resnetOverVgg: byName('ResNet-152').depth / byName('VGG-19').depth,
  /** The default board's size, and the units and weights one hidden layer needs to colour it exactly. */
  boardCells: LAB_CELLS,
  boardUnits: boardByOneLayer.units.length,
  boardWeights: boardByOneLayer.weights,
};
