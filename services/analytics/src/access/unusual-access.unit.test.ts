import { describe, expect, it } from 'vitest';
import { unusualAccess, type AccessRead } from './unusual-access.js';

const reads = (actorId: string, role: string, customers: number, from = 0): AccessRead[] =>
  Array.from({ length: customers }, (_, index) => ({ actorId, role, customerId: `C-${from + index}` }));

describe('the unusual-access report', () => {
  it('flags a key reading far more distinct customers than the median of its role’s other keys', () => {
    const rows = unusualAccess([...reads('agent-a', 'agent', 10), ...reads('agent-b', 'agent', 12), ...reads('agent-c', 'agent', 8), ...reads('agent-x', 'agent', 90)], { factor: 3, minCustomers: 20 });
    expect(rows[0]).toEqual({ actorId: 'agent-x', role: 'agent', holder: null, customers: 90, reads: 90, peers: 3, peerMedian: 10, ratio: 9, unusual: true });
    expect(rows.slice(1).map(({ actorId, unusual }) => [actorId, unusual])).toEqual([['agent-b', false], ['agent-a', false], ['agent-c', false]]);
  });

  it('counts a customer read twice once, and compares only within a role', () => {
    const rows = unusualAccess([...reads('agent-a', 'agent', 30), ...reads('agent-a', 'agent', 30), ...reads('agent-b', 'agent', 25), ...reads('auditor-a', 'auditor', 2)], { factor: 3, minCustomers: 20 });
    expect(rows.find(({ actorId }) => actorId === 'agent-a')).toMatchObject({ customers: 30, reads: 60, peerMedian: 25, ratio: 1.2, unusual: false });
    expect(rows.find(({ actorId }) => actorId === 'auditor-a')).toMatchObject({ peers: 0, peerMedian: null, ratio: null, unusual: false });
  });

  it('names the person or system holding each key, as its reads named it', () => {
    const holder = { kind: 'person', name: 'Xu Ming' } as const;
    const rows = unusualAccess([{ actorId: 'agent-x', role: 'agent', customerId: 'C-1' }, { actorId: 'agent-x', role: 'agent', holder, customerId: 'C-2' }], { factor: 3, minCustomers: 20 });
    expect(rows).toMatchObject([{ actorId: 'agent-x', holder, customers: 2 }]);
  });

  it('holds a key without peers to the floor alone, and never flags one under the floor', () => {
    expect(unusualAccess(reads('integrator-a', 'integrator', 25), { factor: 3, minCustomers: 20 })[0]).toMatchObject({ peers: 0, unusual: true });
    expect(unusualAccess([...reads('agent-a', 'agent', 1), ...reads('agent-b', 'agent', 19)], { factor: 3, minCustomers: 20 }).every(({ unusual }) => !unusual)).toBe(true);
  });
});
