/** Start `astro preview` on a free port for scripts (benchmarks); resolves with its URL and a stop(). */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** @returns {Promise<number>} */
async function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

/** @returns {Promise<{ url: string; stop: () => void }>} */
export async function startPreview() {
  const port = await freePort();
  const child = spawn('npx', ['astro', 'preview', '--port', String(port), '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
  const url = `http://127.0.0.1:${port}`;
  // The server runs in its own process group (detached), so stopping it ends npx and astro together.
  const stop = () => {
    if (child.pid !== undefined) process.kill(-child.pid);
  };
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) return { url, stop };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  stop();
  throw new Error('astro preview did not start; run `npm run build` first.');
}
