import { AssignerProtocol, type Cluster } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { oneWriterAssigners, oneWriterProtocol, writerOf } from './one-writer-assigner.js';

const partitionsOf: Record<string, number> = { 'ctp.events.case': 3, 'ctp.events.customer': 2 };
const cluster = { findTopicPartitionMetadata: (topic: string) => Array.from({ length: partitionsOf[topic] ?? 0 }, (_, partitionId) => ({ partitionId })) } as unknown as Cluster;

describe('writerOf', () => {
  it('picks the member that has been in the group longest, by member id when two joined at once', () => {
    expect(writerOf([{ memberId: 'sla-b-2', since: 20 }, { memberId: 'sla-1', since: 10 }])).toBe('sla-1');
    expect(writerOf([{ memberId: 'sla-b-2', since: 10 }, { memberId: 'sla-1', since: 10 }])).toBe('sla-1');
    expect(writerOf([])).toBeUndefined();
  });
});

describe('oneWriterAssigner', () => {
  it("gives every partition of the group's topics to its oldest member and none to the others, whatever order they come in", async () => {
    const [earlier, fallback] = oneWriterAssigners(1_000);
    const first = earlier!({ cluster, groupId: 'g', logger: undefined as never });
    const second = oneWriterAssigners(2_000)[0]!({ cluster, groupId: 'g', logger: undefined as never });
    const topics = Object.keys(partitionsOf);
    const members = [
      { memberId: 'sla-b-x', memberMetadata: second.protocol({ topics }).metadata },
      { memberId: 'sla-y', memberMetadata: first.protocol({ topics }).metadata },
    ];
    const assignments = await second.assign({ members, topics });
    const decoded = Object.fromEntries(assignments.map(({ memberId, memberAssignment }) => [memberId, AssignerProtocol.MemberAssignment.decode(memberAssignment)?.assignment]));
    expect(decoded).toEqual({ 'sla-y': { 'ctp.events.case': [0, 1, 2], 'ctp.events.customer': [0, 1] }, 'sla-b-x': {} });
    expect(first.protocol({ topics }).name).toBe(oneWriterProtocol);
    expect(fallback!({ cluster, groupId: 'g', logger: undefined as never }).name).toBe('RoundRobinAssigner');
  });
});
