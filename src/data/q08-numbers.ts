/**
 * Numbers the chapter on expensive layers quotes that are computed, not typed: parameters,
 * multiply-adds and activations of AlexNet and VGG-16 from their published architectures (counted
 * by playground/shared/architecture.ts), and what cheaper layer designs save. The MDX and the
 * figures import them; tests/unit/labs-q08.test.ts checks them against the labs and the papers.
 */
import { ALEXNET, type Architecture, costs, type LayerCost, type LayerSpec, summarize } from '../../playground/shared/architecture.ts';

/** VGG-16, configuration D of Simonyan & Zisserman (2015): 3×3 convolutions with padding 1. */
function vggBlock(n: number, convs: number, filters: number): LayerSpec[] {
  return [
    ...Array.from({ length: convs }, (_, i): LayerSpec => ({ kind: 'conv', name: `conv${n}_${i + 1}`, filters, kernel: 3, padding: 1 })),
    { kind: 'pool', name: `pool${n}`, size: 2 },
  ];
}
export const VGG16: Architecture = {
  name: 'VGG-16',
  input: [224, 224, 3],
  layers: [
    ...vggBlock(1, 2, 64),
    ...vggBlock(2, 2, 128),
    ...vggBlock(3, 3, 256),
    ...vggBlock(4, 3, 512),
    ...vggBlock(5, 3, 512),
    { kind: 'dense', name: 'fc6', units: 4096 },
    { kind: 'dense', name: 'fc7', units: 4096 },
    { kind: 'dense', name: 'fc8', units: 1000 },
  ],
};

export interface LayerRow extends LayerCost {
  /** Values the layer outputs for one image. */
  activations: number;
}

export function layerRows(arch: Architecture): LayerRow[] {
  return costs(arch).map((r) => ({ ...r, activations: r.output[0] * r.output[1] * r.output[2] }));
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const MB = 2 ** 20;

export interface NetworkSummary {
  params: number;
  macs: number;
  activations: number;
  convMacShare: number;
  convParamShare: number;
  denseParamShare: number;
  denseMacShare: number;
  convActivationShare: number;
  /** Training FLOPs per image ÷ forward FLOPs per image. */
  trainingRatio: number;
}

export function summaryOf(arch: Architecture): NetworkSummary {
  const rows = layerRows(arch);
  const part = (kind: string, key: 'params' | 'macs' | 'activations') => sum(rows.filter((r) => r.kind === kind).map((r) => r[key]));
  const total = { params: sum(rows.map((r) => r.params)), macs: sum(rows.map((r) => r.macs)), activations: sum(rows.map((r) => r.activations)) };
  const s = summarize(arch);
  return {
    ...total,
    convMacShare: part('conv', 'macs') / total.macs,
    convParamShare: part('conv', 'params') / total.params,
    denseParamShare: part('dense', 'params') / total.params,
    denseMacShare: part('dense', 'macs') / total.macs,
    convActivationShare: part('conv', 'activations') / total.activations,
    trainingRatio: s.trainingFlops / s.forwardFlops,
  };
}

// ---- cheaper layers: one 3×3 layer at 56×56 with 256 channels in and out, three ways ----------
export const CHEAP = { size: 56, channels: 256, bottleneck: 64 } as const;
const positions = CHEAP.size * CHEAP.size;
const C = CHEAP.channels;
const B = CHEAP.bottleneck;
export const cheapLayers = [
  { id: 'standard', label: 'standard 3×3', macs: positions * 9 * C * C, params: 9 * C * C },
  { id: 'bottleneck', label: '1×1 → 3×3 → 1×1 bottleneck', macs: positions * (C * B + 9 * B * B + B * C), params: C * B + 9 * B * B + B * C },
  { id: 'separable', label: 'depthwise-separable', macs: positions * (9 * C + C * C), params: 9 * C + C * C },
] as const;

const alexnet = summaryOf(ALEXNET);
const vgg16 = summaryOf(VGG16);
const vggRows = layerRows(VGG16);
const alexRow = (name: string) => costs(ALEXNET).find((r) => r.name === name)!;
const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
const pct1 = (x: number) => `${(100 * x).toFixed(1)} %`;
const millions = (x: number) => `${(x / 1e6).toFixed(1)} million`;
const activationMB = (arch: NetworkSummary, batch: number) => (4 * batch * arch.activations) / MB;

export const q08 = {
  alexnet,
  vgg16,
  alexnetParams: millions(alexnet.params),
  alexnetGmacs: (alexnet.macs / 1e9).toFixed(2),
  alexnetConvMacShare: pct(alexnet.convMacShare),
  alexnetConvParamShare: pct1(alexnet.convParamShare),
  alexnetDenseParamShare: pct(alexnet.denseParamShare),
  alexnetDenseMacShare: pct(alexnet.denseMacShare),
  alexnetFc6Params: millions(costs(ALEXNET).find((r) => r.name === 'fc6')!.params),
  vggParams: millions(vgg16.params),
  vggGmacs: (vgg16.macs / 1e9).toFixed(1),
  vggOverAlexnet: (vgg16.macs / alexnet.macs).toFixed(0),
  vggConvMacShare: pct1(vgg16.convMacShare),
  vggDenseParamShare: pct(vgg16.denseParamShare),
  vggFc6Params: millions(vggRows.find((r) => r.name === 'fc6')!.params),
  vggFc6Share: pct(vggRows.find((r) => r.name === 'fc6')!.params / vgg16.params),
  vggConv1Activations: millions(vggRows.find((r) => r.name === 'conv1_1')!.activations),
  vggConv53Activations: `${(vggRows.find((r) => r.name === 'conv5_3')!.activations / 1e3).toFixed(0)} thousand`,
  vggActivationMillions: millions(vgg16.activations),
  vggActivationMBPerImage: activationMB(vgg16, 1).toFixed(0),
  vggActivationGBBatch256: ((activationMB(vgg16, 256) * MB) / 2 ** 30).toFixed(1),
  vggWeightsMB: ((4 * vgg16.params) / MB).toFixed(0),
  vggBlockMacsMillions: [1, 2, 3, 4, 5].map((n) => (sum(vggRows.filter((r) => r.name.startsWith(`conv${n}_`)).map((r) => r.macs)) / 1e6).toFixed(0)),
  alexnetConv1Params: alexRow('conv1').params.toLocaleString('en'),
  alexnetConv1Mmacs: (alexRow('conv1').macs / 1e6).toFixed(0),
  alexnetConv1Positions: (alexRow('conv1').output[0] * alexRow('conv1').output[1]).toLocaleString('en'),
  alexnetFc6Mmacs: (alexRow('fc6').macs / 1e6).toFixed(1),
  alexnetFc6ParamsExact: alexRow('fc6').params.toLocaleString('en'),
  trainingRatio: alexnet.trainingRatio.toFixed(2),
  vggTrainingRatio: vgg16.trainingRatio.toFixed(2),
  bottleneckSaving: (cheapLayers[0].macs / cheapLayers[1].macs).toFixed(1),
  separableSaving: (cheapLayers[0].macs / cheapLayers[2].macs).toFixed(1),
  standardGmacs: (cheapLayers[0].macs / 1e9).toFixed(2),
};
