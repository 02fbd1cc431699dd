/**
 * CPU seconds used so far by every Chromium process this process started (browser, GPU,
 * renderers, utilities), read from /proc. Benchmarks on a shared machine compare engines by CPU
 * time: wall time would also count the other users' work. Linux only; 0 elsewhere.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export function chromiumCpuSeconds(): number {
  const parentOf = new Map<number, number>();
  const ticks = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(fields[1]));
      if (/chrom/i.test(readlinkSync(`/proc/${entry}/exe`))) ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // gone, or not ours to read
    }
  }
  let total = 0;
  for (const [pid, t] of ticks) {
    for (let p: number | undefined = pid; p && p > 1; p = parentOf.get(p)) {
      if (p === process.pid) {
        total += t;
        break;
      }
    }
  }
  return total / TICKS_PER_SECOND;
}
