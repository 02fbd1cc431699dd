/**
 * The model examples in the real sandbox: drawing a digit with the mouse, uploading a photo,
 * choosing model files from disk, Tiny Darknet served from the local copy (or made unreachable).
 *
 *   npm run build && TEST_PORT=4411 npx playwright test tests/browser/models.spec.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Locator, Page } from '@playwright/test';
import { test, expect, needTinyDarknet, routeTinyDarknet } from './fixtures.ts';
import { chooseBackend, memoryLine, openExample, run } from './playground-helpers.ts';
import { TINY_DARKNET_CLASSES_URL, TINY_DARKNET_DIR as TINY_DARKNET_PREFIX } from '../../playground/shared/remote-models.ts';
import { ringsPhoto } from '../unit/support/model-inputs.ts';

const BOOK_CNN = path.resolve(process.cwd(), 'public/models/book-cnn');

// ---- helpers ----------------------------------------------------------------------------------

/** Finish a run: no error, and no tensor left behind. */
async function runClean(pg: Locator, timeout = 150_000): Promise<string> {
  const out = await run(pg, timeout);
  expect(out).not.toMatch(/^Error/m);
  const { before, after } = memoryLine(out);
  expect(after).toBe(before);
  return out;
}

/** Draw one stroke through points given in pad pixels (0..196), with the mouse. */
async function stroke(page: Page, pad: Locator, points: Array<[number, number]>): Promise<void> {
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const at = ([x, y]: [number, number]): [number, number] => [box.x + (x / 196) * box.width, box.y + (y / 196) * box.height];
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 12 });
  await page.mouse.up();
}

/** The n-th image shown in the output: its button (which enlarges it) carries the image's name. */
function shownImage(pg: Locator, n = 0): Locator {
  return pg.locator('[data-output] figure.pg-image button.pg-enlarge').nth(n);
}

/** The first column of the output's first table, top row first. */
async function firstColumn(pg: Locator, table = 0): Promise<string[]> {
  return pg.locator('[data-output] table').nth(table).locator('tbody tr td:first-child').allInnerTexts();
}

/** A PNG file (8-bit RGBA, no filtering) for an image made in the test. */
function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), body]);
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc(typed));
    return Buffer.concat([head, typed, tail]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter, no interlace
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A wide photo as a PNG: concentric rings in the centre square, noise on both sides (352×224). */
function ringsPng(): Buffer {
  const photo = ringsPhoto(224, 64);
  return encodePng(photo.width, photo.height, new Uint8Array(photo.rgba.buffer));
}

// ---- the examples, on WASM and WebGL ----------------------------------------------------------

for (const backend of ['wasm', 'webgl']) {
  test.describe(`model examples on ${backend}`, () => {
    test(`digit-draw reads a 1 and a 7 drawn with the mouse (${backend})`, async ({ page }) => {
      test.setTimeout(180_000);
      const pg = await openExample(page, 'digit-draw');
      await chooseBackend(pg, backend);
      const pad = pg.locator('canvas.pg-drawing');

      // A '1': one slightly slanted vertical stroke.
      await stroke(page, pad, [
        [104, 28],
        [92, 168],
      ]);
      let out = await runClean(pg);
      await expect(pg.locator('[data-badge]')).toHaveText(`Backend: ${backend}`);
      expect(out).not.toContain('Draw a digit first');
      expect(out).toMatch(/The network reads: 1 \(/);
      expect(await firstColumn(pg)).toHaveLength(3);
      expect((await firstColumn(pg))[0]).toBe('1');
      await expect(shownImage(pg)).toHaveAttribute('aria-label', 'Enlarge: what the network sees (28×28) (28×28 pixels).');

      // A '7': a bar across the top, then a long diagonal down to the left.
      await pg.getByRole('button', { name: 'Clear drawing' }).click();
      await stroke(page, pad, [
        [46, 36],
        [150, 36],
        [84, 170],
      ]);
      out = await runClean(pg);
      expect(out).toMatch(/The network reads: 7 \(/);
      expect((await firstColumn(pg))[0]).toBe('7');
    });

    test(`classify-photo: an uploaded PNG gets a top-5 from Tiny Darknet (${backend})`, async ({ page }) => {
      needTinyDarknet();
      test.setTimeout(180_000);
      await routeTinyDarknet(page);
      const pg = await openExample(page, 'classify-photo');
      await chooseBackend(pg, backend);
      await pg.locator('input[type="file"][accept="image/*"]').setInputFiles({ name: 'rings.png', mimeType: 'image/png', buffer: ringsPng() });
      await expect(pg.locator('[data-status]')).toHaveText('Using your image “rings.png” (352×224).');
      const out = await runClean(pg);
      expect(out).toContain('Your image “rings.png”, 352×224.');
      expect(out).not.toMatch(/could not|MNIST CNN answers/i);
      expect(await firstColumn(pg)).toEqual(['1', '2', '3', '4', '5']);
      // Concentric rings, cropped to the centre square: Tiny Darknet sees a coil.
      expect(out).toMatch(/Best guess: coil \(/);
      await expect(shownImage(pg)).toHaveAttribute('aria-label', 'Enlarge: what tiny-darknet sees (224×224) (224×224 pixels).');
      // The download bar ran to the end.
      const bar = pg.locator('[data-output] progress');
      await expect(bar).toHaveAttribute('value', '100');
    });

    test(`classify-photo falls back to the book CNN with a clear message when Tiny Darknet is unreachable (${backend})`, async ({ page, guard }) => {
      test.setTimeout(180_000);
      // The page's failed fetches are logged by Chromium as console errors: expected here.
      guard.allowConsoleError(/Failed to load resource|net::ERR_FAILED/);
      await page.context().route(`${TINY_DARKNET_PREFIX}**`, (route) => route.abort('failed'));
      await page.context().route(TINY_DARKNET_CLASSES_URL, (route) => route.abort('failed'));
      const pg = await openExample(page, 'classify-photo');
      await chooseBackend(pg, backend);
      const out = await runClean(pg);
      await expect(pg.locator('[data-output] .pg-log-warn')).toContainText(/Could not load Tiny Darknet .*offline or the CDN is blocked/);
      await expect(pg.locator('[data-output] .pg-log-warn')).toContainText('Using book-cnn instead.');
      expect(out).toContain('Tiny Darknet could not be downloaded, so the book’s MNIST CNN answers instead.');
      const classes = await pg.locator('[data-output] table tbody tr td:nth-child(2)').allInnerTexts();
      expect(classes).toHaveLength(5);
      for (const c of classes) expect(c).toMatch(/^\d$/);
      await expect(shownImage(pg)).toHaveAttribute('aria-label', /^Enlarge: what book-cnn sees \(28×28\)/);
    });

    test(`first-layer-filters shows two filter grids (${backend})`, async ({ page }) => {
      needTinyDarknet();
      test.setTimeout(180_000);
      await routeTinyDarknet(page);
      const pg = await openExample(page, 'first-layer-filters');
      await chooseBackend(pg, backend);
      const out = await runClean(pg);
      expect(out).toContain('kernel shape [5, 5, 1, 20]');
      expect(out).toContain('kernel shape [3, 3, 3, 16]');
      const grids = pg.locator('[data-output] .pg-image-grid .pg-enlarge');
      await expect(grids).toHaveCount(2);
      await expect(shownImage(pg, 0)).toHaveAttribute('aria-label', 'Enlarge: book-cnn: 20 first-layer filters (31×25 pixels).');
      await expect(shownImage(pg, 1)).toHaveAttribute('aria-label', 'Enlarge: tiny-darknet: 16 first-layer filters (17×17 pixels).');
    });

    test(`your-model lists the layers of model files chosen from disk, and names a missing weight file (${backend})`, async ({ page }) => {
      test.setTimeout(180_000);
      const pg = await openExample(page, 'your-model');
      await chooseBackend(pg, backend);
      const picker = pg.locator('input[type="file"][multiple]');
      await picker.setInputFiles([path.join(BOOK_CNN, 'model.json'), path.join(BOOK_CNN, 'weights.bin')]);
      await expect(pg.locator('[data-status]')).toHaveText('2 files chosen: model.json, weights.bin');
      const out = await runClean(pg);
      expect(out).toContain('Loaded “book_cnn” from model.json, weights.bin.');
      await expect(pg.locator('[data-output] table').first().locator('caption')).toHaveText('Layers of book_cnn');
      expect(await firstColumn(pg)).toEqual(['conv1', 'pool1', 'conv2', 'pool2', 'flatten', 'dense1', 'dropout', 'output']);
      const weights = readFileSync(path.join(BOOK_CNN, 'weights.bin')).byteLength;
      const params = await pg.locator('[data-output] table').first().locator('tbody tr td:nth-child(4)').allInnerTexts();
      expect(params.reduce((n, p) => n + Number(p), 0)).toBe(weights / 4);
      expect(await firstColumn(pg, 1)).toEqual(['1', '2', '3', '4', '5']);

      // model.json alone: the run fails with a message that names the missing file.
      await picker.setInputFiles([path.join(BOOK_CNN, 'model.json')]);
      await expect(pg.locator('[data-status]')).toHaveText('1 file chosen: model.json');
      const failed = await run(pg);
      expect(failed).toMatch(
        /model\.json needs a weight file that was not chosen: weights\.bin\. Choose model\.json together with all its weight files\./,
      );
      await expect(pg.locator('[data-output] [role="alert"]')).toContainText('needs a weight file that was not chosen: weights.bin');
      await expect(pg.locator('[data-output] table')).toHaveCount(0);
    });
  });
}

// ---- first runs with nothing chosen (on WASM; the tests above cover WebGL, the examples spec CPU) ----

test('with nothing drawn or chosen, digit-draw and your-model explain what to do and still show a result (wasm)', async ({ page }) => {
  test.setTimeout(300_000);
  let pg = await openExample(page, 'digit-draw');
  await chooseBackend(pg, 'wasm');
  let out = await runClean(pg);
  expect(out).toContain('Draw a digit first: use the pad above, then press Run again.');
  const label = /MNIST test digit #\d+, labelled (\d)/.exec(out)?.[1];
  expect(out).toContain(`The network reads: ${label} (`);

  pg = await openExample(page, 'your-model');
  await chooseBackend(pg, 'wasm');
  out = await runClean(pg);
  expect(out).toContain('Choose your model above: its model.json together with all its weight files (*.bin).');
  await expect(pg.locator('[data-output] table').first().locator('caption')).toHaveText('Layers of book-cnn');
});

test('with no photo chosen, classify-photo and first-layer-filters use the generated scene and Tiny Darknet (wasm)', async ({ page }) => {
  needTinyDarknet();
  test.setTimeout(300_000);
  await routeTinyDarknet(page);
  let pg = await openExample(page, 'classify-photo');
  await chooseBackend(pg, 'wasm');
  // classify-photo starts with a sample photo chosen; "none" brings back the generated scene.
  await pg.getByLabel('Sample photo:').selectOption('');
  await expect(pg.locator('[data-status]')).toHaveText('Using the generated image.');
  const out = await runClean(pg);
  expect(out).toContain('No photo chosen');
  expect(out).toMatch(/Best guess: birdhouse \(/);

  pg = await openExample(page, 'first-layer-filters');
  await chooseBackend(pg, 'wasm');
  await runClean(pg);
  await expect(pg.locator('[data-output] .pg-image-grid canvas')).toHaveCount(2);
});
