import { beforeAll, it } from 'vitest';
import { initBackend } from '../../playground/runtime/backends.ts';
import { runExample } from './support/run-example.ts';
beforeAll(async () => { await initBackend('wasm'); });
it('scratch', async () => {
  for (const id of ['sparse-coding', 'chosen-vs-learned', 'filter-responses']) {
    const t0 = process.cpuUsage();
    const rec = await runExample(id);
    const cpu = process.cpuUsage(t0);
    console.log('RUN', id, 'wall', rec.seconds.toFixed(1), 'cpu', ((cpu.user + cpu.system) / 1e6).toFixed(1), rec.text().split('\n').filter((l) => /correlates|of 64|%;/.test(l)).join(' | '));
  }
}, 900_000);
