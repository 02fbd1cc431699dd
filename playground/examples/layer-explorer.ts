// Where do a network's parameters and its arithmetic sit? Pick a published network above, or build
// your own stack, and this lab walks it layer by layer: the shape of what comes out, how many
// weights the layer holds, and how many multiply-adds it does for one image.
//
// The arithmetic (the `architecture` module of the playground):
//   a k×k convolution from C_in to C_out channels holds k·k·C_in·C_out weights (+ C_out biases),
//     and does k·k·C_in multiply-adds for each of its H_out·W_out·C_out output values;
//   a fully connected layer holds (inputs × units) weights (+ units biases), one multiply-add each;
//   pooling, ReLU and softmax hold no weights and cost little, so they are counted as free.
import { architecture, log, param, plot, table } from 'playground';

type Architecture = architecture.Architecture;
type LayerSpec = architecture.LayerSpec;

const preset = param('preset', 'vgg16');

// ---- the networks -------------------------------------------------------------------------

/** VGG-16 (Simonyan & Zisserman 2015, configuration D): 13 convolutions of 3×3, then 3 dense layers. */
function vgg16(): Architecture {
  const layers: LayerSpec[] = [];
  const stages = [
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
  layers.push({ kind: 'dense', name: 'fc6', units: 4096 }, { kind: 'dense', name: 'fc7', units: 4096 }, { kind: 'dense', name: 'fc8', units: 1000 });
  return { name: 'VGG-16', input: [224, 224, 3], layers };
}

/**
 * Tiny Darknet (Redmon), the ImageNet model this site loads: 3×3 convolutions that alternate with
 * 1×1 "squeezes", max pooling, and no fully connected layer: a 1×1 convolution makes 1000 class
 * maps and global average pooling turns each into one score. Its convolutions have no bias (batch
 * normalisation follows each and brings its own shift), except the last.
 */
function tinyDarknet(): Architecture {
  const conv = (name: string, filters: number, kernel: number, bias = false): LayerSpec => ({ kind: 'conv', name, filters, kernel, padding: 'same', bias });
  const pool = (name: string): LayerSpec => ({ kind: 'pool', name, size: 2, padding: 'same' });
  return {
    name: 'Tiny Darknet',
    input: [224, 224, 3],
    layers: [
      conv('conv1', 16, 3),
      pool('pool1'),
      conv('conv2', 32, 3),
      pool('pool2'),
      conv('conv3', 16, 1),
      conv('conv4', 128, 3),
      conv('conv5', 16, 1),
      conv('conv6', 128, 3),
      pool('pool3'),
      conv('conv7', 32, 1),
      conv('conv8', 256, 3),
      conv('conv9', 32, 1),
      conv('conv10', 256, 3),
      pool('pool4'),
      conv('conv11', 64, 1),
      conv('conv12', 512, 3),
      conv('conv13', 64, 1),
      conv('conv14', 512, 3),
      conv('conv15', 128, 1),
      conv('conv16', 1000, 1, true),
      { kind: 'globalPool', name: 'avgpool' },
    ],
  };
}

/**
 * GoogLeNet's first Inception module, "3a" (Szegedy et al. 2015, table 1), on its 28×28×192 input:
 * four paths side by side whose outputs are stacked. With `reduce` false the 1×1 convolutions that
 * shrink the input before the 3×3 and 5×5 are left out (the "naive" module of their figure 2a).
 */
function inception3a(reduce: boolean): Architecture {
  const conv = (name: string, filters: number, kernel: number): LayerSpec => ({ kind: 'conv', name, filters, kernel, padding: 'same' });
  const paths: LayerSpec[][] = [
    [conv('1x1', 64, 1)],
    reduce ? [conv('3x3reduce', 96, 1), conv('3x3', 128, 3)] : [conv('3x3', 128, 3)],
    reduce ? [conv('5x5reduce', 16, 1), conv('5x5', 32, 5)] : [conv('5x5', 32, 5)],
    reduce ? [{ kind: 'pool', name: 'pool', size: 3, stride: 1, padding: 'same' }, conv('poolproj', 32, 1)] : [{ kind: 'pool', name: 'pool', size: 3, stride: 1, padding: 'same' }],
  ];
  return {
    name: reduce ? 'Inception module 3a' : 'Inception module 3a without 1×1 reductions',
    input: [28, 28, 192],
    layers: [{ kind: 'branches', name: 'inception3a', paths, merge: 'concat' }],
  };
}

/** Your own stack, from the controls: blocks of convolution (+ pooling), then a head. */
function custom(): Architecture {
  const size = param('inputSize', 32);
  const blocks = param('blocks', 3);
  const filters = param('filters', 32);
  const kernel = Number(param('kernel', '3')); // a select: its values are text
  const pool = param('pool', true);
  const head = param('head', 'dense');
  const classes = 10;
  const layers: LayerSpec[] = [];
  for (let b = 1; b <= blocks; b++) {
    layers.push({ kind: 'conv', name: `conv${b}`, filters: filters * 2 ** (b - 1), kernel, padding: 'same' });
    if (pool) layers.push({ kind: 'pool', name: `pool${b}`, size: 2 });
  }
  if (head === 'dense') layers.push({ kind: 'dense', name: 'fc1', units: 128 }, { kind: 'dense', name: 'fc2', units: classes });
  else layers.push({ kind: 'conv', name: 'classmaps', filters: classes, kernel: 1 }, { kind: 'globalPool', name: 'avgpool' });
  return { name: `your stack (${blocks} blocks, ${pool ? 'with' : 'without'} pooling, ${head === 'dense' ? 'dense head' : 'global average pooling'})`, input: [size, size, 3], layers };
}

const networks: Record<string, () => Architecture> = {
  'book-cnn': () => architecture.BOOK_CNN,
  'tiny-darknet': tinyDarknet,
  alexnet: () => architecture.ALEXNET,
  vgg16,
  inception: () => inception3a(true),
  'inception-naive': () => inception3a(false),
  custom,
};
const build = networks[preset];
if (!build) throw new Error(`no preset “${preset}”; choose one of ${Object.keys(networks).join(', ')}`);
const net = build();

// ---- walk it --------------------------------------------------------------------------------

function walk(arch: Architecture): architecture.LayerCost[] {
  try {
    return architecture.costs(arch);
  } catch (e) {
    // e.g. five 2×2 poolings shrink a 16-pixel input to nothing
    throw new Error(`${arch.name}: ${(e as Error).message}. Try a larger input, fewer blocks or no pooling.`);
  }
}
const rows = walk(net);
const fmt = (n: number) => n.toLocaleString('en-US');
const shape = ([h, w, c]: number[]) => (h === 1 && w === 1 ? `${c}` : `${h}×${w}×${c}`);

/** What a layer is, in words the chapter uses. */
function kindOf(row: architecture.LayerCost, spec: LayerSpec | undefined): string {
  if (row.kind === 'conv') {
    const k = spec && spec.kind === 'conv' ? spec.kernel : 0;
    return k === 1 ? '1×1 convolution' : `${k}×${k} convolution`;
  }
  return { pool: 'pooling', globalPool: 'global average pooling', dense: 'fully connected' }[row.kind];
}

/** Layer specs by their path-qualified names (the ones `costs` gives), to read kernel sizes. */
function specsByName(layers: LayerSpec[], prefix = '', into = new Map<string, LayerSpec>()): Map<string, LayerSpec> {
  for (const l of layers) {
    if (l.kind === 'branches') {
      for (const [i, path] of l.paths.entries()) specsByName(path, `${prefix}${l.name}/${i + 1}/`, into);
    }
    else into.set(prefix + l.name, l);
  }
  return into;
}
const specs = specsByName(net.layers);

table(
  rows.map((r) => ({
    layer: r.name,
    kind: kindOf(r, specs.get(r.name)),
    output: shape(r.output),
    parameters: fmt(r.params),
    'multiply-adds': fmt(r.macs),
  })),
  `${net.name}: every layer, for one ${shape(net.input)} input`,
);

const totalParams = rows.reduce((n, r) => n + r.params, 0);
const totalMacs = rows.reduce((n, r) => n + r.macs, 0);
const weighted = rows.filter((r) => r.params > 0);
plot.bars('Parameters per layer', Object.fromEntries(weighted.map((r) => [r.name, r.params])), {
  yLabel: 'parameters',
  description: `${net.name}: the number of weights and biases of each layer that has any.`,
});
plot.bars('Multiply-adds per layer (one image)', Object.fromEntries(weighted.map((r) => [r.name, r.macs])), {
  yLabel: 'multiply-adds',
  description: `${net.name}: the multiply-adds each layer does for one input image.`,
});

// Shares by kind of layer: the chapter's main point in three numbers.
const kinds = ['k×k convolution', '1×1 convolution', 'fully connected'] as const;
const kindShare = (r: architecture.LayerCost) => {
  const k = kindOf(r, specs.get(r.name));
  return k === 'fully connected' || k === '1×1 convolution' ? k : r.kind === 'conv' ? 'k×k convolution' : null;
};
const share = (what: 'params' | 'macs', kind: string) =>
  (100 * rows.filter((r) => kindShare(r) === kind).reduce((n, r) => n + r[what], 0)) / Math.max(1, what === 'params' ? totalParams : totalMacs);
plot.bars(
  'Share of parameters and of multiply-adds, by kind of layer',
  { categories: [...kinds], series: { 'parameters (%)': kinds.map((k) => share('params', k)), 'multiply-adds (%)': kinds.map((k) => share('macs', k)) } },
  { yLabel: '% of the network', yDomain: [0, 100], description: `${net.name}: what percentage of all parameters and of all multiply-adds each kind of layer accounts for.` },
);

log(`${net.name}: ${fmt(totalParams)} parameters; ${fmt(totalMacs)} multiply-adds per image (${(totalMacs / 1e9).toFixed(2)} billion).`);
log(
  `Fully connected layers: ${share('params', 'fully connected').toFixed(1)} % of the parameters, ${share('macs', 'fully connected').toFixed(1)} % of the multiply-adds. ` +
    `Convolutions larger than 1×1: ${share('params', 'k×k convolution').toFixed(1)} % of the parameters, ${share('macs', 'k×k convolution').toFixed(1)} % of the multiply-adds.`,
);

// Batch normalisation (Tiny Darknet) holds 4 numbers per channel: a learned scale and shift, and
// the running mean and variance it uses at test time. TF.js counts all four in countParams().
if (preset === 'tiny-darknet') {
  const normalised = rows.filter((r) => r.kind === 'conv' && r.name !== 'conv16');
  const bn = normalised.reduce((n, r) => n + 4 * r.output[2], 0);
  log(`Batch normalisation after ${normalised.length} of the convolutions adds ${fmt(bn)} numbers (4 per channel): ${fmt(totalParams + bn)} in the model file.`);
}
