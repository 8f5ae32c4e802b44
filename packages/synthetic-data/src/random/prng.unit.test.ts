import { describe, expect, it } from 'vitest';
import { chance, logNormal, weighted, weights } from './distributions.js';
import { seededCode, seededUuid } from './ids.js';
import { createRng, hashSeed } from './prng.js';

const draw = (rng: { uint32(): number }, count: number): number[] => Array.from({ length: count }, () => rng.uint32());

describe('seeded generator', () => {
  it('repeats its sequence for the same seed and stream', () => {
    expect(draw(createRng(42, 'customer', 7), 100)).toEqual(draw(createRng(42, 'customer', 7), 100));
  });

  it('gives other seeds and streams other sequences', () => {
    const base = draw(createRng(42, 'customer', 7), 4);
    expect(draw(createRng(43, 'customer', 7), 4)).not.toEqual(base);
    expect(draw(createRng(42, 'customer', 8), 4)).not.toEqual(base);
    expect(hashSeed('4', '2')).not.toBe(hashSeed('42'));
  });

  it('draws floats in [0, 1) with a uniform mean', () => {
    const rng = createRng('uniform');
    const values = Array.from({ length: 20_000 }, () => rng.float());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((a, b) => a + b) / values.length).toBeCloseTo(0.5, 1);
  });

  it('draws categories in proportion to their weights', () => {
    const rng = createRng('weights');
    const table = weights({ a: 70, b: 20, c: 10, never: 0 });
    const counts: Record<string, number> = { a: 0, b: 0, c: 0, never: 0 };
    for (let i = 0; i < 10_000; i++) counts[weighted(rng, table)]!++;
    expect(counts.a! / 10_000).toBeCloseTo(0.7, 1);
    expect(counts.c! / 10_000).toBeCloseTo(0.1, 1);
    expect(counts.never).toBe(0);
  });

  it('centres a log-normal on its median', () => {
    const rng = createRng('lognormal');
    const values = Array.from({ length: 10_001 }, () => logNormal(rng, 100, 1)).sort((a, b) => a - b);
    expect(values[5000]).toBeGreaterThan(90);
    expect(values[5000]).toBeLessThan(110);
    expect(chance(rng, 0)).toBe(false);
  });
});

describe('seeded ids', () => {
  it('formats UUID v4 and does not repeat', () => {
    const rng = createRng('uuid');
    const ids = Array.from({ length: 10_000 }, () => seededUuid(rng));
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('draws codes from the Crockford alphabet', () => {
    expect(seededCode(createRng('code'), 12)).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
  });
});
