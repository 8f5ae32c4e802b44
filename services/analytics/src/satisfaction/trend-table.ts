import { activeCollection } from '@ctp/projections';
import type { GlobalPosition } from '@ctp/contracts';
import type { Db } from 'mongodb';
import { drillLink } from '../metrics/drill.js';
import { periodOf, type Month } from '../metrics/period.js';
import { invitationProjection, type InvitationDocument } from './invitation-projection.js';
import { satisfactionTrend } from './satisfaction-trend.js';
import { matchesSurvey, surveyFactOf, type SatisfactionDimension, type SurveyFact } from './survey-facts.js';
import { trendFromMonths } from './survey-months.js';

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

/**
 * The satisfaction trend's rows (the route's and the monthly report's): from the month documents once the follower has
 * written them, else counted from the invitations as they are.
 */
export async function satisfactionTrendRows(db: Db, timeZone: string, selection: TrendSelection, minPosition?: GlobalPosition): Promise<TrendTableRow[]> {
  const { from, to, tier, channel, kind } = selection;
  const trend = (await trendFromMonths(db, timeZone, selection, minPosition)) ?? satisfactionTrend(await surveyFactsOf(db, timeZone, selection), selection.groupBy);
  return trend.map(({ key, figures }) => ({
    ...key,
    ...figures,
    drill: drillLink(answersPath, { ...(key['month'] ? { month: key['month'] } : { from, to }), tier, channel, kind, ...key }),
  }));
}

/** The invitations a trend counts, read from the invitation documents (before the month documents exist). */
export async function surveyFactsOf(db: Db, timeZone: string, { from, to, tier, channel, kind }: TrendSelection): Promise<SurveyFact[]> {
  const period = periodOf(from, to, timeZone);
  const invitations = await activeCollection<InvitationDocument>(db, invitationProjection.name, 'invitationFacts');
  const documents = await invitations.find({ invitedAt: { $gte: new Date(period.startMs), $lt: new Date(period.endMs) } }).toArray();
  return documents.flatMap((document) => {
    const fact = surveyFactOf(document, timeZone);
    return fact !== null && matchesSurvey(fact, { from, to, tier, channel, kind }) ? [fact] : [];
  });
}
