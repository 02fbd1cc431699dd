// Where do AlexNet and VGG-16 keep their weights, and where do they spend their arithmetic? No
// weights are needed to answer: the published architectures fix every layer's shape, and the
// shapes fix the counts. A convolution makes H_out·W_out·C_out output values, each a dot product
// of K·K·C_in inputs with weights; a dense layer uses each of its weights once per image.
import { architecture, log, param, plot, table } from 'playground';

const which = param('network', 'alexnet');
const batch = Number(param('batch', '128'));

// ---- VGG-16 (configuration D of Simonyan & Zisserman): 3×3 convolutions, padding 1, ----------
// ---- 2×2 max pooling after each block, three dense layers. AlexNet comes with the playground. -
const block = (n: number, convs: number, filters: number): architecture.LayerSpec[] => [
  ...Array.from({ length: convs }, (_, i): architecture.LayerSpec => ({ kind: 'conv', name: `conv${n}_${i + 1}`, filters, kernel: 3, padding: 1 })),
  { kind: 'pool', name: `pool${n}`, size: 2 },
];
const VGG16: architecture.Architecture = {
  name: 'VGG-16',
  input: [224, 224, 3],
  layers: [
    ...block(1, 2, 64),
    ...block(2, 2, 128),
    ...block(3, 3, 256),
    ...block(4, 3, 512),
    ...block(5, 3, 512),
    { kind: 'dense', name: 'fc6', units: 4096 },
    { kind: 'dense', name: 'fc7', units: 4096 },
    { kind: 'dense', name: 'fc8', units: 1000 },
  ],
};
const net = which === 'vgg16' ? VGG16 : architecture.ALEXNET;

// ---- per layer: parameters, forward multiply-adds, and activations (values it outputs) ----------
const rows = architecture.costs(net).map((r) => ({ ...r, activations: r.output[0] * r.output[1] * r.output[2] }));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const total = { params: sum(rows.map((r) => r.params)), macs: sum(rows.map((r) => r.macs)), activations: sum(rows.map((r) => r.activations)) };
const pct = (part: number, whole: number) => (100 * part) / whole;

table(
  rows.map((r) => ({
    layer: r.name,
    output: r.output.join('×'),
    parameters: r.params,
    'multiply-adds (millions)': (r.macs / 1e6).toFixed(1),
    'activations (thousands)': (r.activations / 1e3).toFixed(1),
  })),
  `${net.name}, per layer for one ${net.input[0]}×${net.input[1]} image`,
);

const weighted = rows.filter((r) => r.kind === 'conv' || r.kind === 'dense');
plot.bars(
  `${net.name}: share of each layer (% of the network's total)`,
  {
    categories: weighted.map((r) => r.name),
    series: {
      'multiply-adds': weighted.map((r) => pct(r.macs, total.macs)),
      parameters: weighted.map((r) => pct(r.params, total.params)),
      activations: weighted.map((r) => pct(r.activations, total.activations)),
    },
  },
  { yLabel: '%', description: `For each convolutional and dense layer of ${net.name}: its share of multiply-adds, of parameters and of activations.` },
);

// ---- convolutional against dense layers ----------------------------------------------------------
const of = (kind: 'conv' | 'dense') => rows.filter((r) => r.kind === kind);
const shares = (['conv', 'dense'] as const).map((kind) => ({
  'layer type': kind === 'conv' ? 'convolutional' : 'dense (fully connected)',
  layers: of(kind).length,
  '% of multiply-adds': pct(sum(of(kind).map((r) => r.macs)), total.macs).toFixed(1),
  '% of parameters': pct(sum(of(kind).map((r) => r.params)), total.params).toFixed(1),
  '% of activations': pct(sum(of(kind).map((r) => r.activations)), total.activations).toFixed(1),
}));
table(shares, `${net.name}: convolutional against dense layers`);

// Memory for one training step in 32-bit floats: weights (and as many gradients), and the batch's
// activations, all of which the backward pass needs. Pooling outputs are counted; ReLU is done in place.
const MB = 4 / 2 ** 20;
const [conv, fc] = shares;
log(
  `${net.name}: ${total.params.toLocaleString('en')} parameters, ${(total.macs / 1e9).toFixed(2)} billion multiply-adds per image. ` +
    `Convolutional layers: ${conv!['% of multiply-adds']} % of the multiply-adds, ${conv!['% of parameters']} % of the parameters. ` +
    `Dense layers: ${fc!['% of multiply-adds']} % of the multiply-adds, ${fc!['% of parameters']} % of the parameters.`,
);
log(
  `Memory for a batch of ${batch}: weights ${(total.params * MB).toFixed(0)} MB (and as much again for their gradients), ` +
    `activations ${(batch * total.activations * MB).toFixed(0)} MB (${(total.activations * MB).toFixed(1)} MB per image).`,
);
