import type { Db } from 'mongodb';
import type { CellKey, Counts } from './counts.js';
import { figureRowsReader, readMonthCells, rowListOf, type FigureMonthsHead } from './month-store.js';
import type { Month } from '../metrics/period.js';

/**
 * A drill listing kept in the month documents: a family named `…-listing` with one cell per fact in its month, keyed
 * by the fact's id and then the values the listing filters on, so a page reads one document per month by `_id`.
 */
export const listed: Counts = { listed: 1 };

/** A listed fact: its id and the month it is listed in. */
export interface ListedFact {
  readonly id: string;
  readonly month: Month;
}

/**
 * A page of a drill listing's facts, as the routes answer it: their documents from the rows the month follower keeps
 * (one read per piece of rows they fall on; the pieces' directory read meanwhile), those not kept by `_id` (`byIds`),
 * in `_id` order from the listing's month documents, and the `after` of the next page (null: the last).
 */
export async function listedPage<T extends { readonly _id: string }>(
  db: Db, timeZone: string, head: FigureMonthsHead, listing: { readonly family: string; readonly months: readonly Month[]; readonly matches: (key: CellKey, month: Month) => boolean },
  page: { readonly limit: number; readonly after?: string | undefined }, documentOf: (json: string) => T, byIds: (ids: readonly string[]) => Promise<T[]>,
): Promise<{ readonly items: T[]; readonly next: string | null }> {
  const rowsOf = figureRowsReader(db, timeZone, head);
  const { listed, next } = await listingPage(db, listing.family, listing.months, timeZone, listing.matches, page);
  const kept = await rowsOf(listed.map(({ id, month }) => ({ id, list: rowListOf(listing.family, month) })));
  const read = new Map((await byIds(listed.filter(({ id }) => !kept.has(id)).map(({ id }) => id))).map((document) => [document._id, document]));
  const items = listed.flatMap(({ id }) => {
    const json = kept.get(id);
    const document = json === undefined ? read.get(id) : documentOf(json);
    return document === undefined ? [] : [document];
  });
  return { items, next };
}

/** The listed facts of the months that pass `matches`, in `_id` order, after `after`: at most `limit`, and the `after` of the next page (null: the last). */
async function listingPage(db: Db, family: string, months: readonly Month[], timeZone: string, matches: (key: CellKey, month: Month) => boolean, { limit, after }: { readonly limit: number; readonly after?: string | undefined }) {
  const cells = await readMonthCells(db, family, months, timeZone);
  const listed = [...cells].flatMap(([month, ofMonth]) => ofMonth.filter(({ key }) => matches(key, month)).map(({ key }): ListedFact => ({ id: key[0]!, month })));
  const following = listed.filter(({ id }) => after === undefined || id > after).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ofPage = following.slice(0, limit);
  return { listed: ofPage, next: following.length > limit ? ofPage.at(-1)!.id : null };
}
