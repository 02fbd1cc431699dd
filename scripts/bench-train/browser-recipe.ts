/**
 * The book recipe as playground code, for bench:train's time to 98 % in the browser: the recipe
 * module (scripts/book-recipe.ts, plain TF.js) bundled by esbuild into one program that imports
 * only '@tensorflow/tfjs' and 'playground', as any reader's code does, so it trains in the
 * sandbox exactly as `npm run train` does in Node, on the same data and seeds.
 *
 * It logs "BENCH start", then "BENCH epoch <n> <test accuracy> <ms since start>" after every
 * epoch's evaluation (the clock starts once the data and backend are ready), and stops at the
 * target like the Node run.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function browserRecipeCode(seed: number, target: number, epochs: number): Promise<string> {
  const entry = `
import * as tf from '@tensorflow/tfjs';
import { data, log } from 'playground';
import { trainBookRecipe } from './scripts/book-recipe.ts';

const mnist = await data.mnist({ progress: false });
tf.tidy(() => tf.zeros([1]).dataSync()); // the backend is up before the clock starts
log('BENCH start');
const t0 = performance.now();
const { model } = await trainBookRecipe(mnist, {
  seed: ${seed},
  epochs: ${epochs},
  onEpoch: (r) => {
    log(\`BENCH epoch \${r.epoch} \${r.testAccuracy} \${(performance.now() - t0).toFixed(0)}\`);
    return r.testAccuracy >= ${target};
  },
});
model.dispose();
mnist.dispose();
log(\`BENCH finished on \${tf.getBackend()}\`);
`;
  const out = await build({
    stdin: { contents: entry, loader: 'ts', resolveDir: ROOT, sourcefile: 'bench-recipe.ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: ['@tensorflow/tfjs', 'playground'],
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]?.text;
  if (!code) throw new Error('esbuild produced no bundle for the book recipe');
  return `// bench:train: the book recipe (scripts/book-recipe.ts), bundled, timed to ${target * 100} % test accuracy.\n${code}`;
}
