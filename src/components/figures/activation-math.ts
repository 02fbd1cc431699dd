/**
 * The numbers behind chapter 9's figures, computed rather than typed in: activation functions and
 * their slopes, a leaky integrate-and-fire neuron's firing rate, and how a backpropagated signal
 * shrinks or survives on its way down a deep random network. Plain TypeScript (no TF.js), so the
 * figures compute them at build time and tests check them.
 */

export interface Activation {
  /** Short name, as in the chapter. */
  name: string;
  f: (x: number) => number;
  /** The derivative (slope); at ReLU's kink we use 0, as TF.js does. */
  df: (x: number) => number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Error function, Abramowitz & Stegun formula 7.1.26 (absolute error below 1.5e-7). */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-x * x));
}

/** Standard normal cumulative distribution Φ and density φ. */
export const normalCdf = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
export const normalPdf = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

export function leakyRelu(slope: number): Activation {
  return { name: 'leaky ReLU', f: (x) => (x > 0 ? x : slope * x), df: (x) => (x > 0 ? 1 : slope) };
}

export const ACTIVATIONS: Record<'sigmoid' | 'tanh' | 'relu' | 'elu' | 'gelu' | 'silu', Activation> = {
  sigmoid: { name: 'sigmoid', f: sigmoid, df: (x) => sigmoid(x) * (1 - sigmoid(x)) },
  tanh: { name: 'tanh', f: Math.tanh, df: (x) => 1 - Math.tanh(x) ** 2 },
  relu: { name: 'ReLU', f: (x) => Math.max(0, x), df: (x) => (x > 0 ? 1 : 0) },
  /** Clevert et al. (2016), with α = 1. */
  elu: { name: 'ELU', f: (x) => (x > 0 ? x : Math.expm1(x)), df: (x) => (x > 0 ? 1 : Math.exp(x)) },
  /** Hendrycks & Gimpel (2016): x·Φ(x). */
  gelu: { name: 'GELU', f: (x) => x * normalCdf(x), df: (x) => normalCdf(x) + x * normalPdf(x) },
  /** Elfwing et al. (2018); Swish with β = 1 (Ramachandran et al., 2017): x·σ(x). */
  silu: { name: 'SiLU', f: (x) => x * sigmoid(x), df: (x) => sigmoid(x) * (1 + x * (1 - sigmoid(x))) },
};

/** Evenly spaced samples of a function on [lo, hi]. */
export function sample(fn: (x: number) => number, lo: number, hi: number, n = 161): Array<[number, number]> {
  return Array.from({ length: n }, (_, i) => {
    const x = lo + ((hi - lo) * i) / (n - 1);
    return [x, fn(x)] as [number, number];
  });
}

/** The largest value of fn on [lo, hi] and where it occurs (dense sampling). */
export function maxOn(fn: (x: number) => number, lo: number, hi: number): { x: number; y: number } {
  let best = { x: lo, y: fn(lo) };
  for (const [x, y] of sample(fn, lo, hi, 20_001)) if (y > best.y) best = { x, y };
  return best;
}

export interface LifParams {
  /** Membrane time constant (s). */
  tau: number;
  /** Threshold minus reset potential (V). */
  gap: number;
  /** Threshold minus resting potential (V): the drive R·I needed to reach threshold at all. */
  rheobase: number;
  /** Absolute refractory period (s). */
  refractory: number;
}

/**
 * Firing rate (spikes/s) of a leaky integrate-and-fire neuron driven by a constant input whose
 * steady-state depolarisation is `drive` = R·I (V): between spikes the membrane relaxes towards
 * rest + drive with time constant τ, fires at threshold, resets, and stays silent for t_ref:
 * rate = 1 / (t_ref + τ·ln((drive − (rheobase − gap)) / (drive − rheobase))), and 0 at or below rheobase.
 */
export function lifRate(drive: number, p: LifParams): number {
  if (drive <= p.rheobase) return 0;
  const resetDistance = drive - (p.rheobase - p.gap); // from the reset potential to the target
  const thresholdDistance = drive - p.rheobase; // from threshold to the target
  return 1 / (p.refractory + p.tau * Math.log(resetDistance / thresholdDistance));
}

/** Small seeded PRNG (mulberry32) with standard normal draws (Box–Muller). */
function normals(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

export interface GradientFlowOptions {
  activation: Activation;
  depth: number;
  width: number;
  /** Weight variance times fan-in: 1 is Glorot's rule for square layers, 2 is He's. */
  gain: number;
  batch?: number;
  seed?: number;
}

/**
 * Send a batch of random inputs up a deep random network (no biases), then send a random error
 * signal down again, as backpropagation does. Returns, for each layer from the top (index 0, the
 * layer that receives the error) to the bottom (index depth − 1, next to the input), the root mean
 * square of the backpropagated signal ∂L/∂z, relative to the top layer's.
 */
export function gradientFlow({ activation, depth, width, gain, batch = 32, seed = 1 }: GradientFlowOptions): number[] {
  const randn = normals(seed);
  const std = Math.sqrt(gain / width);
  const weights = Array.from({ length: depth }, () => Array.from({ length: width * width }, () => randn() * std));
  const rms = Array<number>(depth).fill(0);
  for (let b = 0; b < batch; b++) {
    // Forward: keep every layer's pre-activation z.
    let h = Array.from({ length: width }, () => randn());
    const zs: number[][] = [];
    for (const w of weights) {
      const z = Array.from({ length: width }, (_, j) => {
        let s = 0;
        for (let i = 0; i < width; i++) s += h[i]! * w[i * width + j]!;
        return s;
      });
      zs.push(z);
      h = z.map(activation.f);
    }
    // Backward: an error signal on the top layer's outputs, passed down through slopes and weights.
    let delta = zs[depth - 1]!.map((z) => randn() * activation.df(z));
    for (let l = depth - 1; l >= 0; l--) {
      rms[depth - 1 - l]! += delta.reduce((s, d) => s + d * d, 0) / width;
      if (l === 0) break;
      const w = weights[l]!;
      const below = zs[l - 1]!;
      delta = below.map((z, i) => {
        let s = 0;
        for (let j = 0; j < width; j++) s += w[i * width + j]! * delta[j]!;
        return s * activation.df(z);
      });
    }
  }
  const top = Math.sqrt(rms[0]! / batch);
  return rms.map((r) => Math.sqrt(r / batch) / top);
}
