/**
 * The numbers behind chapter 10's figures and text, computed rather than typed in: the softmax and
 * the three costs, the closed-form "push" each cost gives the right class's score, a tiny
 * classifier whose accuracy is a staircase while its cross-entropy is smooth, and the optimum of
 * cross-entropy with smoothed labels. Plain TypeScript (no TF.js): the figures compute these at
 * build time and tests/unit/labs-q10.test.ts checks them against automatic differentiation.
 */

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Softmax of a score vector, shifted by its maximum so that exp never overflows. */
export function softmax(z: readonly number[]): number[] {
  const top = Math.max(...z);
  const e = z.map((v) => Math.exp(v - top));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

/** ln(1 + e^x) without overflow for large x. */
export const softplus = (x: number) => (x > 30 ? x : Math.log1p(Math.exp(x)));

/**
 * Two classes, written as functions of the margin m = (score of the right class) − (score of the
 * other class). The zero–one error is what accuracy counts (a tie counts as half wrong).
 */
export const MARGIN_COSTS = {
  zeroOne: (m: number) => (m > 0 ? 0 : m < 0 ? 1 : 0.5),
  /** −ln σ(m): cross-entropy with a softmax over two classes. */
  crossEntropy: (m: number) => softplus(-m),
  /** (p₁ − y₁)² + (p₂ − y₂)² = 2(1 − σ(m))² for softmax probabilities. */
  squared: (m: number) => 2 * (1 - sigmoid(m)) ** 2,
  hinge: (m: number) => Math.max(0, 1 - m),
} as const;

/** Slopes of the two-class costs with respect to the margin. */
export const MARGIN_SLOPES = {
  crossEntropy: (m: number) => -(1 - sigmoid(m)),
  squared: (m: number) => -4 * sigmoid(m) * (1 - sigmoid(m)) ** 2,
  hinge: (m: number) => (m < 1 ? -1 : 0),
} as const;

export type CostName = 'cross-entropy' | 'squared error' | 'hinge';
export type Rival = 'one' | 'spread';

export interface PushSetting {
  classes: number;
  /** 'one': all wrong probability on one rival class; 'spread': shared equally by the other classes. */
  rival: Rival;
  /** Label smoothing ε for cross-entropy: target 1 − ε + ε/K for the right class. */
  smoothing?: number;
}

/**
 * −∂cost/∂z_right when the softmax gives the right class probability q: how strongly one step of
 * learning raises the right score. Closed forms derived in the chapter:
 *   cross-entropy  t − q, with t = 1 − ε + ε/K (t = 1 without smoothing)
 *   squared error  2q(1 − q)² · 2 for one rival, · K/(K − 1) when spread
 *   hinge          1 while the right score is less than 1 above the best rival, else 0
 *                  (scores read as log-probabilities)
 */
export function pushOnRight(cost: CostName, q: number, { classes: k, rival, smoothing = 0 }: PushSetting): number {
  if (cost === 'cross-entropy') return 1 - smoothing + smoothing / k - q;
  if (cost === 'squared error') return 2 * q * (1 - q) ** 2 * (rival === 'one' ? 2 : k / (k - 1));
  const bestRival = rival === 'one' ? 1 - q : (1 - q) / (k - 1);
  return Math.log(q / bestRival) < 1 ? 1 : 0;
}

/** The cost of one answer as a function of q, in the same settings (natural logarithms). */
export function costOfAnswer(cost: CostName, q: number, { classes: k, rival, smoothing = 0 }: PushSetting): number {
  const others = rival === 'one' ? [1 - q] : Array<number>(k - 1).fill((1 - q) / (k - 1));
  if (cost === 'cross-entropy') {
    // With rival 'one' the other K − 2 classes have probability 0 and are left out (with smoothing
    // their targets ε/K are not, so use 'spread' to study smoothing).
    const t = 1 - smoothing + smoothing / k;
    return -t * Math.log(q) - others.reduce((a, p) => a + (smoothing / k) * Math.log(p), 0);
  }
  if (cost === 'squared error') return (1 - q) ** 2 + others.reduce((a, p) => a + p * p, 0);
  return Math.max(0, 1 - Math.log(q / Math.max(...others)));
}

/** The chapter's headline ratio: at q = 0.01, ten classes, one rival. */
export const CONFIDENTLY_WRONG = (() => {
  const setting: PushSetting = { classes: 10, rival: 'one' };
  const q = 0.01;
  const crossEntropy = pushOnRight('cross-entropy', q, setting);
  const squared = pushOnRight('squared error', q, setting);
  return { q, crossEntropy, squared, ratio: crossEntropy / squared };
})();

/** At the untrained network's typical state (q = 1/K for every class), the push of each cost. */
export function pushAtChance(classes: number): { crossEntropy: number; squared: number; ratio: number } {
  const setting: PushSetting = { classes, rival: 'spread' };
  const q = 1 / classes;
  const crossEntropy = pushOnRight('cross-entropy', q, setting);
  const squared = pushOnRight('squared error', q, setting);
  return { crossEntropy, squared, ratio: crossEntropy / squared };
}

/** Figure 1's worked example: ten digit scores for an image of a 7 that the network calls a 9. */
export const WORKED_EXAMPLE = (() => {
  const digits = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
  const scores = [-0.6, 0.9, 0.1, -0.2, 0.7, -0.9, -1.1, 2.0, -0.3, 2.8];
  const right = 7;
  const p = softmax(scores);
  const y = digits.map((_, i) => (i === right ? 1 : 0));
  return {
    digits,
    scores,
    right,
    probabilities: p,
    crossEntropy: -Math.log(p[right]!),
    gradient: p.map((v, i) => v - y[i]!),
    predicted: p.indexOf(Math.max(...p)),
  };
})();

/**
 * Figure 3: sixteen labelled points on a line and a one-parameter classifier p(class 1 | x) =
 * σ(4(x − b)). Sliding the threshold b changes accuracy only when it crosses a point; the mean
 * cross-entropy changes smoothly everywhere.
 */
export const STAIRCASE_DATA: ReadonlyArray<{ x: number; label: 0 | 1 }> = [
  ...[-2.2, -1.8, -1.5, -1.1, -0.8, -0.5, -0.1, 0.4].map((x) => ({ x, label: 0 as const })),
  ...[-0.3, 0.2, 0.6, 0.9, 1.2, 1.5, 1.9, 2.3].map((x) => ({ x, label: 1 as const })),
];
export const STAIRCASE_STEEPNESS = 4;

export function staircaseAccuracy(b: number): number {
  const right = STAIRCASE_DATA.filter(({ x, label }) => (x > b ? 1 : 0) === label).length;
  return right / STAIRCASE_DATA.length;
}

export function staircaseCrossEntropy(b: number): number {
  const total = STAIRCASE_DATA.reduce((sum, { x, label }) => {
    const m = STAIRCASE_STEEPNESS * (x - b) * (label === 1 ? 1 : -1);
    return sum + softplus(-m);
  }, 0);
  return total / STAIRCASE_DATA.length;
}

/** Samples of fn on [lo, hi], evenly spaced. */
export function sample(fn: (x: number) => number, lo: number, hi: number, n = 201): Array<[number, number]> {
  return Array.from({ length: n }, (_, i) => {
    const x = lo + ((hi - lo) * i) / (n - 1);
    return [x, fn(x)] as [number, number];
  });
}

/** The minimum of fn on [lo, hi] by dense sampling. */
export function argMin(fn: (x: number) => number, lo: number, hi: number, n = 20_001): { x: number; y: number } {
  let best = { x: lo, y: fn(lo) };
  for (const [x, y] of sample(fn, lo, hi, n)) if (y < best.y) best = { x, y };
  return best;
}

/**
 * Figure 4: cross-entropy against a smoothed target, with the wrong probability spread evenly
 * over the other K − 1 classes. Its minimum sits at q = 1 − ε + ε/K, where the push changes sign.
 */
export function smoothedCrossEntropy(q: number, smoothing: number, classes: number): number {
  return costOfAnswer('cross-entropy', q, { classes, rival: 'spread', smoothing });
}
