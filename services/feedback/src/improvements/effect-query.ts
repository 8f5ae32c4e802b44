import { startOfDayIn } from '@ctp/calendar';
import type { ImprovementAction } from '../domain/improvements/improvement-action.js';
import type { PeriodCounts } from '../domain/improvements/effect.js';
import { activeCollection } from '@ctp/projections';
import type { ComplaintReads } from '../complaints/complaint-deps.js';
import { complaintProjection } from '../complaints/complaint-projection.js';

const within = (list: readonly string[]) => (list.length === 0 ? undefined : { $in: [...list] });

function only(filter: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
}

/**
 * One period's counts from the complaints read model: complaints in the action's scope opened in it,
 * customers with a purchase in it, CSAT answers in it for the scope's channels and tiers (answers carry
 * no cause or team).
 */
export async function periodCounts(reads: ComplaintReads, action: ImprovementAction, [fromDay, toDay]: readonly [string, string], timeZone: string): Promise<PeriodCounts> {
  const collection = (name: 'complaints' | 'activity' | 'csat') => activeCollection(reads.db, complaintProjection.name, name);
  const range = { $gte: new Date(startOfDayIn(fromDay, timeZone)), $lt: new Date(startOfDayIn(toDay, timeZone)) };
  const { causes, channels, tiers, teams } = action.scope;
  const complaints = await (await collection('complaints')).countDocuments(only({ openedAt: range, causes: within(causes), channel: within(channels), tier: within(tiers), team: within(teams) }));
  const active = await (await collection('activity')).aggregate<{ n: number }>([{ $match: { at: range } }, { $group: { _id: '$customerId' } }, { $count: 'n' }]).toArray();
  const answers = await collection('csat');
  const csatFilter = only({ at: range, channel: within(channels), tier: within(tiers) });
  const responses = await answers.countDocuments(csatFilter);
  const satisfied = await answers.countDocuments({ ...csatFilter, satisfied: true });
  return { from: fromDay, to: toDay, complaints, activeCustomers: active[0]?.n ?? 0, csat: { responses, satisfied } };
}
