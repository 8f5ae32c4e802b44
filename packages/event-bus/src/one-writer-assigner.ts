import { AssignerProtocol, PartitionAssigners, type Assigner, type GroupMember, type PartitionAssigner } from 'kafkajs';

export const oneWriterProtocol = 'OneWriterAssigner';

/** A member as the assigner sees it: its id and when its consumer was created (from its metadata). */
export interface Candidate {
  readonly memberId: string;
  readonly since: number;
}

/** The member that gets every partition: the one that has been a member longest, so a member joining takes nothing over. */
export function writerOf(candidates: readonly Candidate[]): string | undefined {
  return candidates.toSorted((a, b) => a.since - b.since || a.memberId.localeCompare(b.memberId))[0]?.memberId;
}

const sinceOf = (member: GroupMember): number => {
  const text = AssignerProtocol.MemberMetadata.decode(member.memberMetadata)?.userData?.toString('utf8') ?? '';
  return /^\d+$/.test(text) ? Number(text) : Number.MAX_SAFE_INTEGER;
};

/**
 * A kafkajs partition assigner that gives every partition of the group's topics to one member, the others standing by
 * with none until it leaves. For read models, whose documents may be fed by several partitions' events: FerretDB 1.24's
 * updates are read-modify-write, so two writers of one document at once lose writes (docs/projections.md).
 * `since`: when this member's consumer was created, in wall-clock milliseconds, which members of other processes compare.
 */
const oneWriterAssigner = (since: number): PartitionAssigner => ({ cluster }) => {
  const assigner: Assigner = {
    name: oneWriterProtocol,
    version: 0,
    async assign({ members, topics }) {
      const writer = writerOf(members.map((member) => ({ memberId: member.memberId, since: sinceOf(member) })));
      const everything = Object.fromEntries(topics.map((topic) => [topic, cluster.findTopicPartitionMetadata(topic).map(({ partitionId }) => partitionId)]));
      return members.map(({ memberId }) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: assigner.version, assignment: memberId === writer ? everything : {}, userData: Buffer.alloc(0) }),
      }));
    },
    protocol: ({ topics }) => ({ name: oneWriterProtocol, metadata: AssignerProtocol.MemberMetadata.encode({ version: assigner.version, topics, userData: Buffer.from(String(since)) }) }),
  };
  return assigner;
};

/**
 * One writer, and round robin after it: a group that still has members of an older release (round robin only)
 * agrees on round robin until they are gone, rather than refusing the new members.
 */
export const oneWriterAssigners = (since: number): PartitionAssigner[] => [oneWriterAssigner(since), PartitionAssigners.roundRobin];
