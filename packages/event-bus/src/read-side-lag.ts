import { AssignerProtocol, type Admin } from 'kafkajs';
import { timeLagMs, type LagSample } from './time-lag.js';

/** How far a read model (a projection's consumer group with a member) stands behind the head of its topics. */
export interface GroupLag {
  readonly groupId: string;
  readonly behindMs: number;
  readonly behindEvents: number;
  /**
   * How long its backlog takes at the pace it kept while it had work in the recent history (busyPace): 0 without a
   * backlog, null while that pace is unknown. A batch just published shows here before it shows in `behindMs`.
   */
  readonly catchUpMs: number | null;
  /** Behind, and its committed offsets have not moved for `stallMs`: a fault its own service reports, not load. */
  readonly stalled: boolean;
}

/** The read models' consumer groups of `prefix`, without their redrive and inspection groups. */
export function projectionGroupIds(groupIds: readonly string[], prefix: string): string[] {
  const start = `${prefix}.projection.`;
  return groupIds.filter((id) => id.startsWith(start) && !id.endsWith('.redrive') && !id.includes('.inspect.'));
}

/** The topics assigned to a group's members (a one-writer group assigns them all to one member). */
export function assignedTopics(members: readonly { readonly memberAssignment: Buffer }[]): string[] {
  const topics = new Set<string>();
  for (const { memberAssignment } of members) {
    if (memberAssignment.length === 0) continue;
    const decoded = AssignerProtocol.MemberAssignment.decode(memberAssignment);
    for (const [topic, partitions] of Object.entries(decoded?.assignment ?? {})) if (partitions.length > 0) topics.add(topic);
  }
  return [...topics].sort();
}

/** Events per ms a group consumed over the intervals it started behind (its pace while it had work); null if none. */
export function busyPace(samples: readonly LagSample[]): number | null {
  let consumed = 0;
  let busyMs = 0;
  for (let index = 1; index < samples.length; index++) {
    const [before, after] = [samples[index - 1]!, samples[index]!];
    if (before.produced <= before.consumed) continue;
    consumed += after.consumed - before.consumed;
    busyMs += after.at - before.at;
  }
  return consumed > 0 && busyMs > 0 ? consumed / busyMs : null;
}

/** A group's lag from its samples (the newest last): in time (timeLagMs), in events, and whether it stalled. */
export function lagOfGroup(groupId: string, samples: readonly LagSample[], stallMs: number): GroupLag {
  const now = samples.at(-1);
  if (!now) return { groupId, behindMs: 0, behindEvents: 0, catchUpMs: 0, stalled: false };
  const behindEvents = Math.max(0, now.produced - now.consumed);
  const still = samples.find((sample) => sample.consumed === now.consumed) ?? now;
  const pace = behindEvents === 0 ? null : busyPace(samples);
  const catchUpMs = behindEvents === 0 ? 0 : pace === null ? null : Math.round(behindEvents / pace);
  return { groupId, behindMs: timeLagMs(samples), behindEvents, catchUpMs, stalled: behindEvents > 0 && now.at - still.at >= stallMs };
}

export interface ReadSideLagOptions {
  readonly admin: Admin;
  readonly prefix: string;
  /** How long a group may keep its committed offsets still while behind before it counts as stalled. */
  readonly stallMs: number;
  /** How much of each group's history is kept (default 120 s): a lag longer than that reads as at least that long. */
  readonly historyMs?: number;
  /** The clock readings are timed by (ms). */
  readonly now: () => number;
}

/**
 * Reads, on each `sample`, every live read model of the topic prefix (its group's committed offsets against the high
 * watermarks of the topics assigned to it) and keeps each group's recent history, from which it answers how far
 * behind each stands. A group without members (its service stopped) has no reading, and its history starts again.
 */
export class ReadSideLag {
  private readonly histories = new Map<string, LagSample[]>();

  constructor(private readonly options: ReadSideLagOptions) {}

  /** Reads every live read model once; each reading is timed when its offsets came back. */
  async sample(): Promise<readonly GroupLag[]> {
    const { admin, prefix } = this.options;
    const ids = projectionGroupIds((await admin.listGroups()).groups.map((group) => group.groupId), prefix);
    const live = ids.length === 0 ? [] : (await admin.describeGroups(ids)).groups.filter((group) => group.members.length > 0);
    const assigned = new Map(live.map((group) => [group.groupId, assignedTopics(group.members)] as const).filter(([, topics]) => topics.length > 0));
    const topics = [...new Set([...assigned.values()].flat())];
    const [watermarks, committed] = await Promise.all([
      Promise.all(topics.map(async (topic) => [topic, await admin.fetchTopicOffsets(topic)] as const)).then((entries) => new Map(entries)),
      Promise.all([...assigned].map(async ([groupId, groupTopics]) => [groupId, await admin.fetchOffsets({ groupId, topics: groupTopics })] as const)),
    ]);
    const at = this.options.now();
    const readings: GroupLag[] = [];
    for (const [groupId, offsetsByTopic] of committed) {
      let produced = 0;
      let consumed = 0;
      for (const topic of assigned.get(groupId)!) {
        const offsets = offsetsByTopic.find((entry) => entry.topic === topic)?.partitions ?? [];
        for (const { partition, low, high } of watermarks.get(topic) ?? []) {
          const offset = offsets.find((entry) => entry.partition === partition)?.offset ?? '-1';
          produced += Number(high);
          consumed += Number(offset === '-1' ? low : offset);
        }
      }
      const history = [...(this.histories.get(groupId) ?? []), { at, produced, consumed }].filter((sample) => sample.at >= at - (this.options.historyMs ?? 120_000));
      this.histories.set(groupId, history);
      readings.push(lagOfGroup(groupId, history, this.options.stallMs));
    }
    for (const groupId of this.histories.keys()) if (!assigned.has(groupId)) this.histories.delete(groupId);
    return readings;
  }
}
