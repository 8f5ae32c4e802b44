import { AssignerProtocol } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { assignedTopics, busyPace, lagOfGroup, projectionGroupIds } from './read-side-lag.js';

const assignment = (topics: Record<string, number[]>) => ({ memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: topics, userData: Buffer.alloc(0) }) });

describe('the read side lag', () => {
  it('counts the projection groups of its prefix only, not their redrive or inspection groups', () => {
    const ids = ['ctp.projection.a', 'ctp.projection.a.redrive', 'ctp.projection.a.inspect.1f', 'ctp.reactor.b', 'other.projection.c', 'ctp.projection.d'];
    expect(projectionGroupIds(ids, 'ctp')).toEqual(['ctp.projection.a', 'ctp.projection.d']);
  });

  it('takes the topics assigned to any member; an idle member of a one-writer group has none', () => {
    const members = [assignment({ 'ctp.events.customer': [0, 1, 2], 'ctp.events.case': [0] }), assignment({}), { memberAssignment: Buffer.alloc(0) }];
    expect(assignedTopics(members)).toEqual(['ctp.events.case', 'ctp.events.customer']);
  });

  it('reads the lag in time and events, and a group behind whose offsets stay still as stalled', () => {
    const samples = [
      { at: 0, produced: 100, consumed: 50 },
      { at: 1_000, produced: 200, consumed: 80 },
      { at: 2_000, produced: 300, consumed: 80 },
    ];
    expect(lagOfGroup('g', samples, 5_000)).toEqual({ groupId: 'g', behindMs: 2_000, behindEvents: 220, catchUpMs: 14_667, stalled: false });
    expect(lagOfGroup('g', samples, 1_000)).toMatchObject({ stalled: true });
    expect(lagOfGroup('g', [{ at: 0, produced: 10, consumed: 10 }, { at: 60_000, produced: 10, consumed: 10 }], 1_000)).toEqual({ groupId: 'g', behindMs: 0, behindEvents: 0, catchUpMs: 0, stalled: false });
    expect(lagOfGroup('g', [], 1_000)).toMatchObject({ behindMs: 0, stalled: false });
  });

  it('tells how long a backlog takes at the pace kept while there was work, idle intervals left out', () => {
    const samples = [
      { at: 0, produced: 100, consumed: 100 },
      { at: 10_000, produced: 100, consumed: 100 },
      { at: 11_000, produced: 700, consumed: 100 },
      { at: 12_000, produced: 700, consumed: 400 },
      { at: 13_000, produced: 1_300, consumed: 700 },
    ];
    expect(busyPace(samples)).toBe(0.3);
    // Just published: not yet behind in time, but 600 events at 0.3 per ms are 2 s of work.
    expect(lagOfGroup('g', samples, 30_000)).toMatchObject({ behindEvents: 600, catchUpMs: 2_000 });
    expect(lagOfGroup('g', samples.slice(0, 3), 30_000)).toMatchObject({ behindEvents: 600, catchUpMs: null });
  });
});
