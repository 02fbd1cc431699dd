/**
 * Every example runs in Node against a recording sink, on the WASM backend, and must show what it
 * promises. (The browser tests run them again in the real sandbox on each backend.)
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readdirSync } from 'node:fs';
import { setSink, consoleSink } from '../../playground/runtime/sink.ts';
import { initBackend } from '../../playground/runtime/backends.ts';
import { examples } from '../../playground/examples/registry.ts';
import { recordingSink, hasTinyDarknet, type Recording } from './support/recording-sink.ts';
import { exampleChecks } from './support/example-checks.ts';

beforeAll(async () => {
  await initBackend('wasm');
});
afterEach(() => setSink(consoleSink));

async function runExample(id: string, rec: Recording): Promise<void> {
  setSink(rec);
  const before = tf.memory().numTensors;
  tf.engine().startScope();
  try {
    await import(`../../playground/examples/${id}.ts`);
  } finally {
    tf.engine().endScope();
    tf.disposeVariables();
  }
  expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 1);
}

describe('examples', () => {
  it('every example file has a registry entry and checks, and vice versa', () => {
    const files = readdirSync('playground/examples')
      .filter((f) => f.endsWith('.ts') && f !== 'registry.ts')
      .map((f) => f.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual(examples.map((e) => e.id).sort());
    expect(Object.keys(exampleChecks).sort()).toEqual(files.sort());
  });

  for (const example of examples) {
    const check = exampleChecks[example.id];
    const needsDarknet = check?.needsTinyDarknet ?? false;
    it.skipIf(needsDarknet && !hasTinyDarknet)(`${example.id} runs and shows what it promises`, async () => {
      const rec = recordingSink(check?.inputs?.());
      await runExample(example.id, rec);
      expect(rec.logs.filter((l) => l.level === 'error')).toEqual([]);
      await check!.verify(rec);
    });
  }
});
