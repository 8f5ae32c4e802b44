/** A seeded source of uniform 32-bit integers: xoshiro128** seeded through splitmix32. */
export interface Rng {
  /** A uniform unsigned 32-bit integer. */
  uint32(): number;
  /** A uniform float in [0, 1). */
  float(): number;
}

export type Seed = number | string;

function fmix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 32-bit hash of a seed and stream labels (FNV-1a over the text, then a murmur3 finaliser). */
export function hashSeed(seed: Seed, ...streams: readonly (number | string)[]): number {
  let hash = 0x811c9dc5;
  for (const char of [String(seed), ...streams.map(String)].join('\u0000')) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  }
  return fmix32(hash);
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    return fmix32(s);
  };
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

class Xoshiro128 implements Rng {
  constructor(
    private a: number,
    private b: number,
    private c: number,
    private d: number,
  ) {
    if ((a | b | c | d) === 0) this.a = 1;
  }

  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  float(): number {
    return this.uint32() / 0x1_0000_0000;
  }
}

export function createRng(seed: Seed, ...streams: readonly (number | string)[]): Rng {
  const next = splitmix32(hashSeed(seed, ...streams));
  return new Xoshiro128(next(), next(), next(), next());
}
