import { AssignerProtocol, type Admin } from 'kafkajs';

/** One member of a consumer group: the client id of its process and the partitions it holds (`topic/partition`). */
export interface GroupMember {
  readonly clientId: string;
  readonly partitions: readonly string[];
}

/** The members of a group and what each holds, once the group is stable (undefined while it rebalances). */
export async function stableAssignment(admin: Admin, groupId: string): Promise<GroupMember[] | undefined> {
  const [group] = (await admin.describeGroups([groupId])).groups;
  if (group?.state !== 'Stable') return undefined;
  return group.members.map((member) => {
    const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment ?? {};
    const partitions = Object.entries(assignment).flatMap(([topic, numbers]) => numbers.map((partition) => `${topic}/${partition}`));
    return { clientId: member.clientId, partitions: partitions.sort() };
  });
}
