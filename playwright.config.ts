import { defineConfig } from '@playwright/test';
import { findChromium, NO_BROWSER_HINT } from './tests/browser-path.mjs';

const executablePath = findChromium();
if (!executablePath) throw new Error(NO_BROWSER_HINT);

export const PORT = Number(process.env.TEST_PORT ?? 4399);

/** Flags for every test browser (a spec that needs more, such as the crash test, starts from these). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];

export default defineConfig({
  testDir: 'tests/browser',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  // On CI, one retry: a timing slip on a shared runner should not sink the suite; a real failure fails twice.
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: {
      executablePath,
      args: CHROMIUM_ARGS,
    },
    permissions: ['clipboard-read', 'clipboard-write'],
    // The offline tests (offline.spec.ts) allow the service worker; elsewhere it would only add
    // install-time downloads and keep pages from seeing their own requests.
    serviceWorkers: 'block',
  },
  webServer: {
    command: `npx astro preview --port ${PORT} --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
