/**
 * The chapter on learning quotes computed numbers through src/data/q07-numbers.ts. Every
 * `{q07.name}` in the MDX must exist there (a missing key would print "undefined"), and the text
 * must not carry hand-typed copies of the computed values.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALEXNET, summarize } from '../../playground/shared/architecture.ts';
import { alexnetTrainingWork, find, secondsForAlexnet } from '../../playground/shared/training-runs.ts';
import { duration, q07, scientific } from '../../src/data/q07-numbers.ts';

const mdx = readFileSync('docs/07-learning.mdx', 'utf8');

describe('numbers quoted by the chapter on learning', () => {
  it('every {q07.…} in the chapter is a computed value', () => {
    const used = [...mdx.matchAll(/\{q07\.(\w+)\}/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(15);
    for (const key of used) expect(q07, key).toHaveProperty(key);
    for (const [key, value] of Object.entries(q07)) expect(String(value), key).not.toMatch(/undefined|NaN|Infinity/);
  });

  it('no computed value is typed into the text by hand', () => {
    const body = mdx.slice(mdx.indexOf('\n---', 4));
    for (const value of [q07.alexnetParams, q07.alexnetWork, q07.alexnetTrainingGflops, q07.rate2017Tflops, q07.alexnetAt2017]) {
      expect(body.includes(String(value)), String(value)).toBe(false);
    }
  });

  it('the short answer rounds AlexNet’s computed total the way the text states it', () => {
    const shortAnswer = /^shortAnswer: "(.*)"$/m.exec(mdx)?.[1] ?? '';
    const rounded = Math.round(alexnetTrainingWork() / 1e17);
    expect(shortAnswer).toContain(`roughly ${rounded} × 10¹⁷ arithmetic operations`);
  });

  it('the values are what the architecture and the run table give', () => {
    const alexnet = summarize(ALEXNET);
    expect(q07.alexnetParams).toBe('60,965,224');
    expect(Number(q07.alexnetTrainingGflops)).toBeCloseTo(alexnet.trainingFlops / 1e9, 2);
    expect(q07.alexnetWork).toBe(scientific(alexnetTrainingWork()));
    expect(q07.alexnetAt2017).toBe(duration(secondsForAlexnet(find('resnet50-2017').flopsPerSecond!)));
    expect(scientific(4.77e17)).toBe('4.8 × 10¹⁷');
    expect(duration(613)).toBe('10 minutes');
    expect(duration(0.073)).toBe('73 milliseconds');
    expect(duration(3 * 365 * 86400)).toBe('3.0 years');
  });
});
