import type { SurveyEvent } from '@ctp/contracts';
import { addSums, noSums, type ScoreSums } from './scores.js';

/** A segment of invitations (survey kind, tier, channel) and its sums on one business day; `expired`: invitations that expired unanswered. */
export interface SegmentSums extends ScoreSums {
  readonly kind: string;
  readonly tier: string | null;
  readonly channel: string | null;
  readonly expired: number;
}

export type Segment = Pick<SegmentSums, 'kind' | 'tier' | 'channel'>;

/** What one answer adds to its segment: CSAT top-2 box, NPS promoters and detractors, CES and dimension sums. */
export function answerSums(data: { csat: number | null; nps: number | null; ces: number | null; dimensions: Record<string, number> }): ScoreSums {
  return {
    ...noSums,
    responded: 1,
    ...(data.csat !== null ? { csatN: 1, csatTop: data.csat >= 4 ? 1 : 0 } : {}),
    ...(data.nps !== null ? { npsN: 1, promoters: data.nps >= 9 ? 1 : 0, detractors: data.nps <= 6 ? 1 : 0 } : {}),
    ...(data.ces !== null ? { cesN: 1, cesSum: data.ces } : {}),
    dimensions: Object.fromEntries(Object.entries(data.dimensions).map(([dimension, score]) => [dimension, { n: 1, sum: score }])),
  };
}

/** What an invitation event adds to its segment's day (SurveyExpired names no tier or channel: `segmentOf` finds its invitation's). */
export function scoreTallyOf(event: SurveyEvent, segmentOf: () => Segment | null): (Segment & { sums: ScoreSums; expired: number; invitedAt: string }) | null {
  switch (event.type) {
    case 'SurveyInvited':
    case 'SurveyAnswered': {
      const { kind, tier, channel, invitedAt } = event.data;
      return { kind, tier, channel, invitedAt, sums: event.type === 'SurveyInvited' ? { ...noSums, invited: 1 } : answerSums(event.data), expired: 0 };
    }
    case 'SurveyExpired': {
      const segment = segmentOf();
      return segment && { ...segment, invitedAt: event.data.invitedAt, sums: noSums, expired: 1 };
    }
    default:
      return null;
  }
}

const sameSegment = (a: Segment) => (b: Segment) => a.kind === b.kind && a.tier === b.tier && a.channel === b.channel;

/** A day's segments with tallies added. */
export function addToSegments(segments: readonly SegmentSums[], tallies: readonly (Segment & { sums: ScoreSums; expired: number })[]): SegmentSums[] {
  const added = [...segments];
  for (const { kind, tier, channel, sums, expired } of tallies) {
    const index = added.findIndex(sameSegment({ kind, tier, channel }));
    const before = index < 0 ? { ...noSums, kind, tier, channel, expired: 0 } : added[index]!;
    const after = { ...addSums(before, sums), kind, tier, channel, expired: before.expired + expired };
    if (index < 0) added.push(after);
    else added[index] = after;
  }
  return added;
}
