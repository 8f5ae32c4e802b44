import { AssignerProtocol, Kafka, logLevel, type Admin } from 'kafkajs';
import { kafkaBrokers } from './server-urls.js';

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

/**
 * A group shared as designed: a projection's with one member holding every partition and the others standing by with
 * none (one writer per read model), a reactor's with every member holding some.
 */
export const sharedAsDesigned = (members: readonly GroupMember[], projection: boolean): boolean =>
  projection ? members.filter(({ partitions }) => partitions.length > 0).length === 1 : members.every(({ partitions }) => partitions.length > 0);

/** Whether a group is a projection's (read models have one writer at a time); a reactor's spreads over its members. */
export const isProjectionGroup = (groupId: string): boolean => groupId.includes('.projection.');

/** The consumer groups of one stack (their ids start with its schema), read with an admin client of its own. */
export async function stackGroups(schema: string): Promise<{ assignments(): Promise<Map<string, GroupMember[] | undefined>>; close(): Promise<void> }> {
  const admin = new Kafka({ clientId: `${schema}-groups`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  return {
    async assignments() {
      const ids = (await admin.listGroups()).groups.map(({ groupId }) => groupId).filter((groupId) => groupId.startsWith(`${schema}.`));
      return new Map(await Promise.all(ids.map(async (groupId) => [groupId, await stableAssignment(admin, groupId)] as const)));
    },
    close: () => admin.disconnect(),
  };
}
