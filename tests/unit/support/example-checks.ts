/** What each example must show when it works: shared by the Node example tests. */
import { expect } from 'vitest';
import type { Inputs } from '../../../playground/runtime/sink.ts';
import type { Recording } from './recording-sink.ts';

export interface ExampleCheck {
  inputs?: () => Partial<Inputs>;
  needsTinyDarknet?: boolean;
  verify(rec: Recording): void | Promise<void>;
}

export const exampleChecks: Record<string, ExampleCheck> = {
  'hello-tensor': {
    verify(rec) {
      expect(rec.text()).toContain('sum of entries\t15');
      expect(rec.text()).toMatch(/\[\[-2\],\s+\[-2\]\]/);
    },
  },
  'conv-from-scratch': {
    verify(rec) {
      expect(rec.text()).toContain('[[0,-1,-1],[-1,1,3],[2,0,-2]]');
      const diffs = rec.tables[0]!.rows.map((r) => Number(r[r.length - 1]));
      expect(diffs).toHaveLength(4);
      for (const d of diffs) expect(d).toBeLessThan(1e-4);
    },
  },
  'kernel-demo': {
    verify(rec) {
      expect(rec.images.map((i) => i.label)).toEqual(['input', 'greyscale', 'filtered (stretched to 0–255)']);
      // A vertical-edge kernel on the generated scene: the output is not flat.
      const out = rec.images[2]!.rgba;
      const values = new Set(Array.from(out.filter((_, i) => i % 4 === 0)));
      expect(values.size).toBeGreaterThan(10);
    },
  },
  'train-cnn': {
    verify(rec) {
      const chart = [...rec.charts.values()][0]!;
      expect(chart.points).toHaveLength(60);
      const first = chart.points.slice(0, 5).reduce((s, p) => s + p.values.loss!, 0) / 5;
      const last = chart.points.slice(-5).reduce((s, p) => s + p.values.loss!, 0) / 5;
      expect(last).toBeLessThan(first);
      expect(Number(/Test accuracy: ([\d.]+) %/.exec(rec.text())?.[1])).toBeGreaterThan(50);
    },
  },
};
