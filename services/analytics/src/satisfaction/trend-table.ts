import { activeCollection } from '@ctp/projections';
import type { Db } from 'mongodb';
import { drillLink } from '../metrics/drill.js';
import { periodOf, type Month } from '../metrics/period.js';
import { invitationProjection, type InvitationDocument } from './invitation-projection.js';
import { satisfactionTrend } from './satisfaction-trend.js';
import { matchesSurvey, surveyFactOf, type SatisfactionDimension } from './survey-facts.js';

export const answersPath = '/v1/analytics/satisfaction/answers';

/** Which invitations a trend counts: those sent in the months, filtered and grouped. */
export interface TrendSelection {
  readonly from: Month;
  readonly to: Month;
  readonly groupBy: readonly SatisfactionDimension[];
  readonly tier?: string | undefined;
  readonly channel?: string | undefined;
  readonly kind?: string | undefined;
}

/** A trend row: its group's dimensions (month, tier, channel, kind as grouped by), its figures, the link to its invitations. */
export type TrendTableRow = Readonly<Record<string, string | number | null>>;

/** The satisfaction trend's rows (the route's and the monthly report's). */
export async function satisfactionTrendRows(db: Db, timeZone: string, selection: TrendSelection): Promise<TrendTableRow[]> {
  const { from, to, tier, channel, kind } = selection;
  const period = periodOf(from, to, timeZone);
  const invitations = await activeCollection<InvitationDocument>(db, invitationProjection.name, 'invitationFacts');
  const documents = await invitations.find({ invitedAt: { $gte: new Date(period.startMs), $lt: new Date(period.endMs) } }).toArray();
  const facts = documents.flatMap((document) => {
    const fact = surveyFactOf(document, timeZone);
    return fact !== null && matchesSurvey(fact, { from, to, tier, channel, kind }) ? [fact] : [];
  });
  return satisfactionTrend(facts, selection.groupBy).map(({ key, figures }) => ({
    ...key,
    ...figures,
    drill: drillLink(answersPath, { ...(key['month'] ? { month: key['month'] } : { from, to }), tier, channel, kind, ...key }),
  }));
}
