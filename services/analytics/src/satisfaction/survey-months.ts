import type { GlobalPosition, RecordedEvent } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { sumCounts, type Increment } from '../figure-months/counts.js';
import { foldWrites } from '../figure-months/fold-writes.js';
import { listed } from '../figure-months/listing.js';
import type { FigureSource } from '../figure-months/month-follower.js';
import { followedFigureMonthsHead, readMonthCells } from '../figure-months/month-store.js';
import { groupRows } from '../metrics/grouping.js';
import { monthsOf } from '../metrics/period.js';
import { withDates } from '../metrics/row-lists.js';
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

/** The invitation these events (its stream's) make, folded by the invitation projection's own writes, and its fact; null: none counted. */
function invitationOf(events: readonly RecordedEvent[], timeZone: string): { readonly document: InvitationDocument; readonly fact: SurveyFact } | null {
  const writes = invitationProjection.handle(events);
  const id = writes[0]?.id;
  const folded = id === undefined ? null : foldWrites(writes, 'invitationFacts', String(id));
  const document = folded === null ? null : ({ ...folded, _id: String(id) } as unknown as InvitationDocument);
  const fact = document === null ? null : surveyFactOf(document, timeZone);
  return fact === null ? null : { document: document!, fact };
}

/** An invitation, folded from its stream by the invitation projection's own writes, counted and listed in its month of invitation, with its row. */
export const surveyMonthSource: FigureSource = {
  streamsOf: (event) => (invitationProjection.handle([event]).length > 0 ? [event.streamId] : null),
  incrementsOf(events, timeZone): Increment[] {
    const invitation = invitationOf(events, timeZone);
    if (invitation === null) return [];
    const { document, fact } = invitation;
    return [
      { family: satisfactionFamily, month: fact.month, key: [fact.tier, fact.channel, fact.kind], counts: surveyCounts(fact) },
      { family: answersListingFamily, month: fact.month, key: answersListingKey(document._id, fact), counts: listed },
    ];
  },
  rowOf(events, timeZone) {
    const invitation = invitationOf(events, timeZone);
    return invitation === null ? null : { family: answersListingFamily, month: invitation.fact.month, id: invitation.document._id, json: JSON.stringify(invitation.document) };
  },
};

/** An invitation as the answers listing's rows keep it. */
export const invitationOfRow = (json: string) => withDates<InvitationDocument>(JSON.parse(json) as Record<string, unknown>, ['invitedAt', 'answeredAt', 'expiredAt']);

/** The trend from the month documents (one `_id` read per month), or null while no follower has written the head. */
export async function trendFromMonths(db: Db, timeZone: string, request: TrendSelection, minPosition?: GlobalPosition): Promise<TrendRow[] | null> {
  if ((await followedFigureMonthsHead(db, timeZone, minPosition)) === null) return null;
  const cells = await readMonthCells(db, satisfactionFamily, monthsOf(request), timeZone);
  const rows = [...cells].flatMap(([month, ofMonth]) => ofMonth.map(({ key: [tier = null, channel = null, kind = null], counts }) => ({ month, tier, channel, kind, counts })));
  const selected = rows.filter((row) => dimensionMatches(request.tier, row.tier) && dimensionMatches(request.channel, row.channel) && dimensionMatches(request.kind, row.kind));
  return groupRows(selected, request.groupBy, (row, dimension) => row[dimension as SatisfactionDimension]).map(({ key, rows: group }) => ({ key, figures: trendFigures(sumCounts(group.map(({ counts }) => counts))) }));
}
