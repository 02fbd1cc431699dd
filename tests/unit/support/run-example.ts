/**
 * Runs an example exactly as the worker does: its source compiled by the same compiler, with
 * `@tensorflow/tfjs` and `playground` as its only imports, against a recording sink. Unlike a
 * plain `import`, the same example can run many times in one test file with other settings.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import * as api from '../../../playground/runtime/api.ts';
import { compileUserCode } from '../../../playground/runtime/compile.ts';
import { flushPlots } from '../../../playground/runtime/plots.ts';
import { restoreRandom } from '../../../playground/runtime/random.ts';
import { consoleSink, type Inputs, setSink } from '../../../playground/runtime/sink.ts';
import { type Recording, recordingSink } from './recording-sink.ts';

export interface ExampleRun extends Recording {
  /** Tensors the example left alive when it ended (before the harness cleans up): leaks. */
  leakedTensors: number;
  seconds: number;
}

export function exampleSource(id: string): string {
  return readFileSync(new URL(`../../../playground/examples/${id}.ts`, import.meta.url), 'utf8');
}

const modules: Record<string, unknown> = { '@tensorflow/tfjs': tf, playground: api };

/** Run `playground/examples/<id>.ts` (or other source) with the given params and inputs. */
export async function runExample(
  id: string,
  inputs: Partial<Inputs> = {},
  source = exampleSource(id),
  { offline = false } = {},
): Promise<ExampleRun> {
  const rec = recordingSink(inputs);
  if (offline) {
    // As with no network: every https:// request fails the way fetch does.
    const fetchAsset = rec.fetchAsset;
    rec.fetchAsset = async (pathOrUrl, onProgress) => {
      if (/^https?:/.test(pathOrUrl)) throw new TypeError('Failed to fetch');
      return fetchAsset(pathOrUrl, onProgress);
    };
  }
  const run = compileUserCode(source);
  setSink(rec);
  const before = tf.memory().numTensors;
  const started = performance.now();
  tf.engine().startScope();
  let leakedTensors = 0;
  try {
    await run((name) => {
      if (name in modules) return modules[name];
      throw new Error(`examples may import only @tensorflow/tfjs and playground, not ${name}`);
    }, {});
    flushPlots();
    leakedTensors = tf.memory().numTensors - before;
  } finally {
    flushPlots();
    restoreRandom();
    tf.engine().endScope();
    tf.disposeVariables();
    setSink(consoleSink);
  }
  return Object.assign(rec, { leakedTensors, seconds: (performance.now() - started) / 1000 });
}
