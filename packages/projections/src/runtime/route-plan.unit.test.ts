import { describe, expect, it } from 'vitest';
import { planRoute, type PointerView } from './route-plan.js';

const steady: PointerView = { active: 1, builtThrough: null, building: null };
const building = (readyThrough: string | null): PointerView => ({ active: 1, builtThrough: null, building: { version: 2, readyThrough } });

describe('planRoute', () => {
  it('writes the active version when nothing is being rebuilt', () => {
    expect(planRoute(steady, null, '5')).toEqual({ kind: 'write', version: 1, adoptFrom: null, versions: [1] });
    expect(planRoute(steady, { version: 1, position: '40' }, null)).toEqual({ kind: 'write', version: 1, adoptFrom: null, versions: [1] });
  });

  it('stays on the active version while the rebuild has not reached the partition', () => {
    expect(planRoute(building(null), { version: 1, position: '40' }, null)).toMatchObject({ version: 1, versions: [1] });
    expect(planRoute(building('39'), { version: 1, position: '40' }, null)).toMatchObject({ version: 1, versions: [1] });
  });

  it('adopts the rebuilt version once it covers the partition, writing both until the switch', () => {
    expect(planRoute(building('40'), { version: 1, position: '40' }, null)).toEqual({ kind: 'write', version: 2, adoptFrom: 1, versions: [2, 1] });
    expect(planRoute(building('7'), null, '7')).toEqual({ kind: 'write', version: 2, adoptFrom: null, versions: [2, 1] });
    expect(planRoute(building('41'), { version: 2, position: '90' }, null)).toEqual({ kind: 'write', version: 2, adoptFrom: null, versions: [2, 1] });
  });

  it('judges a partition without checkpoint by the first event of its batch', () => {
    expect(planRoute(building('7'), null, '8')).toMatchObject({ version: 1, versions: [1] });
    expect(planRoute(building('7'), null, null)).toMatchObject({ version: 1, versions: [1] });
    expect(planRoute(building('7'), { version: 1, position: null }, '9')).toMatchObject({ version: 1, versions: [1] });
  });

  it('writes only the new version after the switch', () => {
    const switched: PointerView = { active: 2, builtThrough: '100', building: null };
    expect(planRoute(switched, { version: 2, position: '150' }, null)).toEqual({ kind: 'write', version: 2, adoptFrom: null, versions: [2] });
  });

  it('follows a switch it missed when the new version covers it, and refuses when it does not', () => {
    const switched: PointerView = { active: 2, builtThrough: '100', building: null };
    expect(planRoute(switched, { version: 1, position: '100' }, null)).toEqual({ kind: 'write', version: 2, adoptFrom: 1, versions: [2] });
    expect(planRoute(switched, { version: 1, position: '101' }, null)).toEqual({ kind: 'stranded', version: 1 });
    expect(planRoute(switched, { version: 1, position: null }, null)).toEqual({ kind: 'write', version: 1, adoptFrom: null, versions: [] });
  });

  it('falls back to the active version when the build it had adopted was abandoned', () => {
    const abandoned: PointerView = { active: 1, builtThrough: null, building: { version: 3, readyThrough: null } };
    expect(planRoute(abandoned, { version: 2, position: '50' }, null)).toEqual({ kind: 'write', version: 1, adoptFrom: 2, versions: [1] });
  });
});
