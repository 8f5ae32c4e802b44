import type { Db } from 'mongodb';
import type { CellKey, Counts } from './counts.js';
import { readMonthCells } from './month-store.js';
import type { Month } from '../metrics/period.js';

/**
 * A drill listing kept in the month documents: a family named `…-listing` with one cell per fact in its month, keyed
 * by the fact's id and then the values the listing filters on, so a page reads one document per month by `_id`.
 */
export const listed: Counts = { listed: 1 };

/** The ids of the listed facts of the months that pass `matches`, in `_id` order, after `after`: at most `limit`, and the `after` of the next page (null: the last). */
export async function listingPage(db: Db, family: string, months: readonly Month[], timeZone: string, matches: (key: CellKey, month: Month) => boolean, { limit, after }: { readonly limit: number; readonly after?: string | undefined }) {
  const cells = await readMonthCells(db, family, months, timeZone);
  const ids = [...cells].flatMap(([month, ofMonth]) => ofMonth.filter(({ key }) => matches(key, month)).map(({ key }) => key[0]!));
  const following = ids.filter((id) => after === undefined || id > after).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const ofPage = following.slice(0, limit);
  return { ids: ofPage, next: following.length > limit ? ofPage.at(-1)! : null };
}
