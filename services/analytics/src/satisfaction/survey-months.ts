import type { GlobalPosition } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { sumCounts, type Increment } from '../figure-months/counts.js';
import { foldWrites } from '../figure-months/fold-writes.js';
import { listed } from '../figure-months/listing.js';
import type { FigureSource } from '../figure-months/month-follower.js';
import { followedFigureMonthsHead, readMonthCells } from '../figure-months/month-store.js';
import { groupRows } from '../metrics/grouping.js';
import { monthsOf } from '../metrics/period.js';
import { invitationProjection, type InvitationDocument } from './invitation-projection.js';
import { surveyCounts, trendFigures, type TrendRow } from './satisfaction-trend.js';
import { dimensionMatches, surveyFactOf, type SatisfactionDimension, type SurveyFact } from './survey-facts.js';
import type { TrendSelection } from './trend-table.js';

/** The satisfaction month documents: per month of invitation, one cell per tier, channel and kind with its invitations' counts. */
export const satisfactionFamily = 'satisfaction';

/** The invitations listed by the answers drill: per month of invitation, `[invitationId, tier, channel, kind, answered, csat, nps]`. */
export const answersListingFamily = 'satisfaction-answers-listing';

/** The invitation's cell in the answers listing: its id and what the listing filters on. */
export const answersListingKey = (invitationId: string, { tier, channel, kind, answered, csat, nps }: SurveyFact) => [invitationId, tier, channel, kind, answered ? 'yes' : 'no', csat === null ? null : String(csat), nps === null ? null : String(nps)];

/** An invitation, folded from its stream by the invitation projection's own writes, counted and listed in its month of invitation. */
export const surveyMonthSource: FigureSource = {
  streamsOf: (event) => (invitationProjection.handle([event]).length > 0 ? [event.streamId] : null),
  incrementsOf(events, timeZone): Increment[] {
    const writes = invitationProjection.handle(events);
    const id = writes[0]?.id;
    const document = id === undefined ? null : foldWrites(writes, 'invitationFacts', String(id));
    const fact = document === null ? null : surveyFactOf(document as unknown as InvitationDocument, timeZone);
    if (fact === null) return [];
    return [
      { family: satisfactionFamily, month: fact.month, key: [fact.tier, fact.channel, fact.kind], counts: surveyCounts(fact) },
      { family: answersListingFamily, month: fact.month, key: answersListingKey(String(id), fact), counts: listed },
    ];
  },
};

/** The trend from the month documents (one `_id` read per month), or null while no follower has written the head. */
export async function trendFromMonths(db: Db, timeZone: string, request: TrendSelection, minPosition?: GlobalPosition): Promise<TrendRow[] | null> {
  if ((await followedFigureMonthsHead(db, timeZone, minPosition)) === null) return null;
  const cells = await readMonthCells(db, satisfactionFamily, monthsOf(request), timeZone);
  const rows = [...cells].flatMap(([month, ofMonth]) => ofMonth.map(({ key: [tier = null, channel = null, kind = null], counts }) => ({ month, tier, channel, kind, counts })));
  const selected = rows.filter((row) => dimensionMatches(request.tier, row.tier) && dimensionMatches(request.channel, row.channel) && dimensionMatches(request.kind, row.kind));
  return groupRows(selected, request.groupBy, (row, dimension) => row[dimension as SatisfactionDimension]).map(({ key, rows: group }) => ({ key, figures: trendFigures(sumCounts(group.map(({ counts }) => counts))) }));
}
