import { describe, expect, it } from 'vitest';
import { planRoute, type PointerView } from './route-plan.js';

const at = new Date('2026-12-06T12:00:00Z');
const later = new Date('2026-12-06T12:01:00Z');
const steady: PointerView = { active: 1, builtThrough: null, fence: null };
const fenced = (through: string | null): PointerView => ({ active: 1, builtThrough: null, fence: { through, until: later } });
const batch = (first: string | null, last = first) => ({ first, last });

describe('planRoute', () => {
  it('writes the active version only, whether or not a rebuild is under way', () => {
    expect(planRoute(steady, null, batch('5'), at)).toEqual({ kind: 'write', version: 1, adoptFrom: null, versions: [1] });
    expect(planRoute(steady, { version: 1, position: '40' }, batch('41'), at)).toEqual({ kind: 'write', version: 1, adoptFrom: null, versions: [1] });
  });

  it('holds back a batch that reaches beyond a rebuild fence, and lets through one that does not', () => {
    expect(planRoute(fenced('40'), { version: 1, position: '30' }, batch('31', '41'), at)).toEqual({ kind: 'fenced', until: later });
    expect(planRoute(fenced(null), null, batch('1'), at)).toEqual({ kind: 'fenced', until: later });
    expect(planRoute(fenced('40'), { version: 1, position: '30' }, batch('31', '40'), at)).toEqual({ kind: 'write', version: 1, adoptFrom: null, versions: [1] });
    expect(planRoute(fenced('40'), { version: 1, position: '30' }, batch(null), at)).toMatchObject({ kind: 'write', versions: [1] });
  });

  it('no longer holds a batch once the fence has expired (a rebuild that died)', () => {
    expect(planRoute(fenced('40'), { version: 1, position: '30' }, batch('31', '41'), later)).toEqual({ kind: 'write', version: 1, adoptFrom: null, versions: [1] });
  });

  it('writes only the new version after the switch', () => {
    const switched: PointerView = { active: 2, builtThrough: '100', fence: null };
    expect(planRoute(switched, { version: 2, position: '150' }, batch('151'), at)).toEqual({ kind: 'write', version: 2, adoptFrom: null, versions: [2] });
    expect(planRoute(switched, null, batch('90'), at)).toEqual({ kind: 'write', version: 2, adoptFrom: null, versions: [2] });
  });

  it('follows the switch when the new version covers what the partition applied, and refuses when it does not', () => {
    const switched: PointerView = { active: 2, builtThrough: '100', fence: null };
    expect(planRoute(switched, { version: 1, position: '100' }, batch('101'), at)).toEqual({ kind: 'write', version: 2, adoptFrom: 1, versions: [2] });
    expect(planRoute(switched, { version: 1, position: '101' }, batch('102'), at)).toEqual({ kind: 'stranded', version: 1 });
    expect(planRoute(switched, { version: 1, position: null }, batch(null), at)).toEqual({ kind: 'write', version: 1, adoptFrom: null, versions: [] });
  });

  it('returns to the active version from a newer one (a build abandoned, or adopted under the earlier protocol)', () => {
    expect(planRoute(steady, { version: 2, position: '50' }, batch('51'), at)).toEqual({ kind: 'write', version: 1, adoptFrom: 2, versions: [1] });
  });
});
