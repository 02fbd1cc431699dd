/**
 * Build the compact MNIST assets the playgrounds load: `public/data/mnist/`.
 *
 *   npx tsx scripts/prepare-mnist.ts           # (re)write the assets
 *   npx tsx scripts/prepare-mnist.ts --check   # regenerate in memory; exit 1 if the files differ
 *
 * Source: the `mnist` npm package (MIT), 10,000 labelled 28×28 digits stored per class as floats
 * with three decimals. Every float is one of 256 values k/255 (rounded), so `round(v * 255)` gives
 * back the original byte losslessly.
 *
 * The 10,000 images, in the package's order (class 0 samples, then class 1, …), are shuffled with a
 * seeded PRNG (mulberry32 + Fisher–Yates) and cut into train 8,000 | validation 1,000 | test 1,000.
 * Output is byte-identical across runs and machines (no dates, no Math.random, no locale).
 *
 *   images.u8.gz  uint8 pixels, 784 bytes per image, row-major, in split order train|validation|test,
 *                 gzip-compressed (7.8 MB → 1.6 MB; the browser inflates it with DecompressionStream)
 *   labels.u8  one byte (0..9) per image, same order
 *   meta.json  counts, offsets, seed, source, sha256 of both binaries
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { prettyJson } from './pretty-json.ts';

export const MNIST_SEED = 20240607;
export const IMAGE_SIZE = 28;
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;
export const SPLIT_COUNTS = { train: 8000, validation: 1000, test: 1000 } as const;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const MNIST_ASSET_DIR = join(ROOT, 'public', 'data', 'mnist');

export interface MnistAssets {
  images: Uint8Array;
  labels: Uint8Array;
  /** meta.json text, exactly as written (pretty-printed, trailing newline). */
  metaJson: string;
}

/** Deterministic PRNG shared with the runtime (mulberry32); floats in [0, 1). */
export { mulberry32 } from '../playground/runtime/random.ts';
import { mulberry32 } from '../playground/runtime/random.ts';

/** Maximum compression; Node writes no timestamp into the header, so the output is repeatable. */
export function gzipImages(images: Uint8Array): Uint8Array {
  return gzipSync(images, { level: 9 });
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Build the assets in memory from the installed `mnist` package. */
export function buildMnistAssets(seed = MNIST_SEED): MnistAssets {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('mnist/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { name: string; version: string; license: string; homepage?: string };
  const digitsDir = join(dirname(pkgPath), 'src', 'digits');

  // Read the per-class JSON files directly (the package's own helpers use Math.random).
  const sources: Array<{ label: number; pixels: Uint8Array }> = [];
  const perClassCounts: number[] = [];
  for (let d = 0; d < 10; d++) {
    const raw = (JSON.parse(readFileSync(join(digitsDir, `${d}.json`), 'utf8')) as { data: number[] }).data;
    if (raw.length % PIXELS !== 0) throw new Error(`mnist ${d}.json: ${raw.length} values is not a multiple of ${PIXELS}`);
    const n = raw.length / PIXELS;
    perClassCounts.push(n);
    for (let i = 0; i < n; i++) {
      const pixels = new Uint8Array(PIXELS);
      for (let p = 0; p < PIXELS; p++) {
        const v = raw[i * PIXELS + p]!;
        if (!(v >= 0 && v <= 1)) throw new Error(`mnist ${d}.json: pixel value ${v} outside 0..1`);
        pixels[p] = Math.round(v * 255);
      }
      sources.push({ label: d, pixels });
    }
  }
  const total = SPLIT_COUNTS.train + SPLIT_COUNTS.validation + SPLIT_COUNTS.test;
  if (sources.length !== total) throw new Error(`expected ${total} digits in the mnist package, found ${sources.length}`);

  // Seeded Fisher–Yates shuffle of the indices.
  const order = Array.from({ length: total }, (_, i) => i);
  const rand = mulberry32(seed);
  for (let i = total - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }

  const images = new Uint8Array(total * PIXELS);
  const labels = new Uint8Array(total);
  order.forEach((src, k) => {
    const source = sources[src]!;
    images.set(source.pixels, k * PIXELS);
    labels[k] = source.label;
  });

  const splits: Record<string, { offset: number; count: number; labelHistogram: number[] }> = {};
  let offset = 0;
  for (const [name, count] of Object.entries(SPLIT_COUNTS)) {
    const hist = new Array(10).fill(0) as number[];
    for (let k = offset; k < offset + count; k++) hist[labels[k]!]!++;
    splits[name] = { offset, count, labelHistogram: hist };
    offset += count;
  }

  const meta = {
    name: 'mnist-10k',
    description:
      'MNIST handwritten digits (10,000 labelled 28x28 images from the mnist npm package), shuffled with a fixed seed and split train|validation|test.',
    generator: 'scripts/prepare-mnist.ts',
    source: {
      package: pkg.name,
      version: pkg.version,
      license: pkg.license,
      homepage: pkg.homepage ?? 'https://github.com/cazala/mnist',
      perClassCounts,
      note: 'Pixels were stored as floats k/255 rounded to 3 decimals; round(v*255) recovers the byte exactly.',
    },
    seed,
    shuffle: 'mulberry32(seed) Fisher-Yates over the package order (class 0 samples first, then class 1, ...)',
    count: total,
    image: { width: IMAGE_SIZE, height: IMAGE_SIZE, channels: 1, dtype: 'uint8', decode: 'float = byte / 255 (0..1)', bytesPerImage: PIXELS },
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    splits,
    files: {
      images: {
        path: 'images.u8.gz',
        encoding: 'gzip',
        bytes: images.byteLength,
        transferBytes: gzipImages(images).byteLength,
        sha256: sha256(images),
      },
      labels: { path: 'labels.u8', bytes: labels.byteLength, sha256: sha256(labels) },
    },
  };
  const metaJson = prettyJson(meta);
  return { images, labels, metaJson };
}

export function writeMnistAssets(assets: MnistAssets, dir = MNIST_ASSET_DIR): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'images.u8.gz'), gzipImages(assets.images));
  writeFileSync(join(dir, 'labels.u8'), assets.labels);
  writeFileSync(join(dir, 'meta.json'), assets.metaJson);
}

/** Names of the committed files that differ from a fresh build (empty when all match). */
export function diffMnistAssets(assets: MnistAssets, dir = MNIST_ASSET_DIR): string[] {
  const expected: Array<[string, Uint8Array]> = [
    ['images.u8.gz', assets.images],
    ['labels.u8', assets.labels],
    ['meta.json', new TextEncoder().encode(assets.metaJson)],
  ];
  const differ: string[] = [];
  for (const [name, bytes] of expected) {
    const path = join(dir, name);
    if (!existsSync(path)) {
      differ.push(`${name} (missing)`);
      continue;
    }
    // The gzip stream itself may differ between zlib versions; compare what it inflates to.
    const onDisk = name.endsWith('.gz') ? gunzipSync(readFileSync(path)) : readFileSync(path);
    if (onDisk.byteLength !== bytes.byteLength || sha256(onDisk) !== sha256(bytes)) differ.push(name);
  }
  return differ;
}

function main(argv: string[]): number {
  const assets = buildMnistAssets();
  if (argv.includes('--check')) {
    const differ = diffMnistAssets(assets);
    if (differ.length) {
      console.error(`MNIST assets in public/data/mnist differ from a fresh build: ${differ.join(', ')}`);
      console.error('Run `npx tsx scripts/prepare-mnist.ts` to regenerate them.');
      return 1;
    }
    console.log('MNIST assets are up to date.');
    return 0;
  }
  writeMnistAssets(assets);
  const meta = JSON.parse(assets.metaJson) as { splits: Record<string, { count: number }> };
  const total = assets.images.byteLength + assets.labels.byteLength + assets.metaJson.length;
  console.log(
    `Wrote public/data/mnist: ${Object.entries(meta.splits)
      .map(([k, v]) => `${k} ${v.count}`)
      .join(', ')}; ` + `${(total / 1e6).toFixed(2)} MB`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(main(process.argv.slice(2)));
}
