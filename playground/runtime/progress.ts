/**
 * Progress bars in the output, sent through the sink: the first and the last state always, and
 * at most one update every 50 ms between them (enough for a smooth bar, few messages).
 */
import { sink } from './sink.ts';

const MIN_INTERVAL_MS = 50;
let count = 0;

/** Show a bar for `total` steps now; call the result with the steps done so far. */
export function progressBar(label: string, total: number): (done: number) => void {
  const id = `progress-${++count}`;
  const start = Date.now();
  let lastSent = -Infinity;
  const update = (done: number) => {
    const now = Date.now();
    if (done < total && now - lastSent < MIN_INTERVAL_MS) return;
    lastSent = now;
    sink().progress({ id, label, done, total, elapsedMs: now - start });
  };
  update(0);
  return update;
}
