import type { GlobalPosition } from '@ctp/contracts';
import { activeCollection, findByIds } from '@ctp/projections';
import type { Db, Filter } from 'mongodb';
import type { CellKey } from '../figure-months/counts.js';
import { listedPage } from '../figure-months/listing.js';
import { listingMonths } from '../metrics/listing-period.js';
import { followedFigureMonthsHead } from '../figure-months/month-store.js';
import { takePage, type FactPage } from '../metrics/fact-page.js';
import { monthStartIn, nextMonth, type Month } from '../metrics/period.js';
import { invitationProjection, type InvitationDocument } from './invitation-projection.js';
import { matchesSurvey, surveyFactOf, type SurveyFilters } from './survey-facts.js';
import { answersListingFamily, invitationOfRow } from './survey-months.js';

const orNull = (value: string | null | undefined) => (value === null || value === undefined ? null : Number(value));

/**
 * A page of the invitations behind a satisfaction figure, in `_id` order: their ids from the answers listing the
 * feedback month follower keeps (one `_id` read per month), then those invitations from the rows it keeps (listedPage).
 * Without a bounded range of months, or before the follower has written its head, from the invitation documents (a
 * scan FerretDB does not narrow: it reads every one).
 */
export async function answersPage(db: Db, timeZone: string, filters: SurveyFilters, page: { readonly limit: number; readonly after?: string | undefined }, minPosition?: GlobalPosition): Promise<FactPage<InvitationDocument>> {
  const invitations = await activeCollection<InvitationDocument>(db, invitationProjection.name, 'invitationFacts');
  const months = listingMonths(filters);
  const head = months === null ? null : await followedFigureMonthsHead(db, timeZone, minPosition);
  if (months !== null && head !== null) {
    const matches = ([, tier = null, channel = null, kind = null, answered, csat, nps]: CellKey, month: Month) =>
      matchesSurvey({ month, tier, channel, kind, answered: answered === 'yes', csat: orNull(csat), nps: orNull(nps) }, filters);
    return listedPage(db, timeZone, head, { family: answersListingFamily, months, matches }, page, invitationOfRow, (ids) => findByIds(invitations, ids));
  }
  const cursor = invitations.find({ ...invitedWithin(filters, timeZone), ...(page.after ? { _id: { $gt: page.after } } : {}) }).sort({ _id: 1 });
  return takePage(cursor, (document) => {
    const fact = surveyFactOf(document, timeZone);
    return fact !== null && matchesSurvey(fact, filters);
  }, page.limit);
}

/** Narrows the read to the months asked for; the exact test is matchesSurvey's. */
function invitedWithin({ from, to, month }: SurveyFilters, timeZone: string): Filter<InvitationDocument> {
  const first: Month | undefined = month ?? from;
  const last: Month | undefined = month ?? to;
  if (first === undefined && last === undefined) return {};
  return { invitedAt: { ...(first ? { $gte: new Date(monthStartIn(first, timeZone)) } : {}), ...(last ? { $lt: new Date(monthStartIn(nextMonth(last), timeZone)) } : {}) } };
}
