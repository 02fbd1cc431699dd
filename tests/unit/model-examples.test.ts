/**
 * The model examples with the other inputs a reader may give them (examples.test.ts runs each once,
 * with the inputs in support/example-checks.ts): a blank drawing pad, digits drawn in other places
 * and sizes, no photo, Tiny Darknet unreachable, no model files, model.json without its weights.
 *
 *   npx vitest run tests/unit/model-examples.test.ts
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../playground/runtime/backends.ts';
import type { Inputs } from '../../playground/runtime/sink.ts';
import { blankPad, bookCnnFiles, drawOnPad, mnistTestDigit } from './support/model-inputs.ts';
import type { Recording } from './support/recording-sink.ts';
import { runExample } from './support/run-example.ts';
import { needTinyDarknet } from './support/tiny-darknet.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

/** Run an example with these inputs; `offline` makes every https:// request fail, as with no network. */
async function runWith(id: string, inputs: Partial<Inputs>, { offline = false } = {}): Promise<Recording> {
  const rec = await runExample(id, inputs, undefined, offline ? { offline } : undefined);
  expect(rec.leakedTensors).toBeLessThanOrEqual(0);
  expect(rec.logs.filter((l) => l.level === 'error')).toEqual([]);
  return rec;
}

const top1 = (rec: Recording) => rec.tables[0]!.rows[0]![0];

describe('digit-draw', () => {
  for (const [what, inputs] of [
    ['a blank pad', { image: blankPad() }],
    ['no image at all', {}],
  ] as const) {
    it(`with ${what}: asks for a drawing and reads an MNIST test digit instead`, async () => {
      const rec = await runWith('digit-draw', inputs);
      expect(rec.logs[0]!.text).toBe('Draw a digit first: use the pad above, then press Run again.');
      const label = /MNIST test digit #\d+, labelled (\d)/.exec(rec.text())?.[1];
      expect(label).toBeDefined();
      expect(top1(rec)).toBe(label);
      expect(rec.images.map((i) => [i.width, i.height])).toEqual([[28, 28]]);
    });
  }

  // Every digit, drawn at different sizes and places: small in a corner, big and off-centre.
  const placements = [
    { scale: 3, left: 10, top: 100 },
    { scale: 6, left: 20, top: 5 },
  ];
  it('reads a drawn 0…9 wherever and however big it is drawn', async () => {
    const wrong: string[] = [];
    for (let d = 0; d <= 9; d++) {
      for (const p of placements) {
        const rec = await runWith('digit-draw', { image: drawOnPad(mnistTestDigit(d).pixels, p) });
        if (top1(rec) !== String(d)) wrong.push(`${d} at ${JSON.stringify(p)} read as ${top1(rec)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('classify-photo', () => {
  it('with no photo: classifies the generated house scene', async (ctx) => {
    needTinyDarknet(ctx);
    const rec = await runWith('classify-photo', {});
    expect(rec.text()).toContain('No photo chosen');
    expect(rec.images[0]!.label).toBe('what tiny-darknet sees (224×224)');
    expect(rec.tables[0]!.rows).toHaveLength(5);
    expect(top1(rec)).toBe(1);
    // A house with a roof, a door and the sun: Tiny Darknet calls it a birdhouse.
    expect(rec.tables[0]!.rows[0]![1]).toBe('birdhouse');
  });
});

describe('classify-photo offline', () => {
  it('says that Tiny Darknet could not be loaded and answers with the book CNN', async () => {
    const rec = await runWith('classify-photo', {}, { offline: true });
    const warning = rec.logs.find((l) => l.level === 'warn')!;
    expect(warning.text).toMatch(/Could not load Tiny Darknet .*offline or the CDN is blocked/s);
    expect(warning.text).toMatch(/Using book-cnn instead/);
    expect(rec.text()).toContain('Tiny Darknet could not be downloaded, so the book’s MNIST CNN answers instead');
    expect(rec.images[0]!.label).toBe('what book-cnn sees (28×28)');
    const rows = rec.tables[0]!.rows;
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(r[1]).toMatch(/^\d$/);
  });
});

describe('first-layer-filters offline', () => {
  it('shows the book CNN filters and explains why Tiny Darknet’s are missing', async () => {
    const rec = await runWith('first-layer-filters', {}, { offline: true });
    expect(rec.images).toHaveLength(1);
    expect(rec.text()).toContain('kernel shape [5, 5, 1, 20]');
    expect(rec.text()).toMatch(/Tiny Darknet’s filters cannot be shown: Could not load Tiny Darknet/);
  });
});

describe('your-model', () => {
  it('with no files: says what to choose and shows the book CNN', async () => {
    const rec = await runWith('your-model', {});
    expect(rec.text()).toContain('Choose your model above: its model.json together with all its weight files (*.bin)');
    expect(rec.tables[0]!.caption).toBe('Layers of book-cnn');
    expect(rec.tables[0]!.rows).toHaveLength(8);
    // The book CNN knows its class names: the digits.
    for (const r of rec.tables[1]!.rows) expect(r[1]).toMatch(/^\d$/);
  });

  it('with model.json only: fails with a clear message naming the missing weight file', async () => {
    await expect(runWith('your-model', { files: bookCnnFiles(['model.json']) })).rejects.toThrow(
      /model\.json needs a weight file that was not chosen: weights\.bin\. Choose model\.json together with all its weight files/,
    );
  });

  it('with a model that is not an image classifier: lists its layers and says so', async () => {
    // A dense model on vectors, saved to memory as model.json + weights, as model.save() would.
    const m = tf.sequential({ name: 'tabular', layers: [tf.layers.dense({ inputShape: [4], units: 3 })] });
    let files: Inputs['files'] = [];
    await m.save(
      tf.io.withSaveHandler(async (a) => {
        const json = { modelTopology: a.modelTopology, format: 'layers-model', weightsManifest: [{ paths: ['w.bin'], weights: a.weightSpecs }] };
        files = [
          { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(json)).buffer as ArrayBuffer },
          { name: 'w.bin', bytes: a.weightData as ArrayBuffer },
        ];
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    m.dispose();
    const rec = await runWith('your-model', { files });
    expect(rec.tables[0]!.rows.map((r) => r.slice(1))).toEqual([['Dense', '[null,3]', 4 * 3 + 3]]);
    expect(rec.text()).toContain('Not an image classifier (input [null,4], output [null,3])');
  });
});
