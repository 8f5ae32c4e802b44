import type { FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import { beforeAll, describe, it } from 'vitest';
import { complaintFactProjection, type ComplaintFactDocument } from '../complaints/complaint-fact-projection.js';
import { complaintFactOf } from '../complaints/complaint-facts.js';
import { complaintsListingFamily, complaintsListingKey } from '../complaints/complaint-months.js';
import { complaintsArea } from '../complaints/index.js';
import { monthStartIn, type Month } from '../metrics/period.js';
import { invitationProjection, type InvitationDocument } from '../satisfaction/invitation-projection.js';
import { satisfactionArea } from '../satisfaction/index.js';
import { surveyFactOf } from '../satisfaction/survey-facts.js';
import { answersListingFamily, answersListingKey } from '../satisfaction/survey-months.js';
import type { Cell } from './counts.js';
import { listed } from './listing.js';
import { figureMonthDocuments, figureMonthsHeadId, monthDocumentId, rowListOf, storedCells, type FigureMonthsHead } from './month-store.js';
import { fileRowLists, type RowEntry } from '../metrics/row-lists.js';
import { timeFactsAgainstKept } from '../test-support/route-timing.js';
import { insertFacts, timingReadModel } from '../test-support/timing-read-model.js';

/** Documents of each listing (their rows kept too) and calls timed per URL (LISTING_TIMING_SIZE, 2,000 unless set; LISTING_TIMING_CALLS, 5). */
const size = Number(process.env['LISTING_TIMING_SIZE'] ?? 2_000);
const timeZone = 'Asia/Shanghai';
const months: Month[] = ['2026-01', '2026-02', '2026-03', '2026-04'];
const calls = Number(process.env['LISTING_TIMING_CALLS'] ?? 5);
const pick = <T>(values: readonly T[], n: number) => values[n % values.length]!;
const id = (prefix: string, n: number) => `${prefix}-${String(n).padStart(6, '0')}`;
const instant = (n: number) => new Date(monthStartIn(pick(months, n), timeZone) + (n % 27) * 86_400_000 + 3_600_000);

function invitation(n: number): InvitationDocument {
  const answered = n % 3 === 0;
  return {
    _id: id('I', n), status: answered ? 'answered' : 'invited', customerId: id('C', n), kind: pick(['transactional', 'relationship'], n), tier: pick(['gold', 'silver', null], n), channel: pick(['phone', 'email'], n),
    caseId: null, sampleId: null, invitedAt: instant(n), answeredAt: answered ? instant(n) : null, csat: answered ? 1 + (n % 5) : null, nps: answered ? n % 11 : null, ces: null, dimensions: {}, trace: [{ position: String(n + 1), type: 'SurveyInvited' }],
  };
}

function complaint(n: number): ComplaintFactDocument {
  return { _id: id('K', n), customerId: id('C', n), channel: pick(['phone', 'email'], n), tier: pick(['gold', null], n), team: pick(['T-1', 'T-2', null], n), openedAt: instant(n), causes: n % 4 === 0 ? [] : ['product'], repeats: [], trace: [{ position: String(n + 1), type: 'ComplaintRecorded' }] };
}

/** The listing documents the follower would have written for these facts: a cell per fact in its month, and its row. */
async function writeListing(db: Db, family: string, cells: readonly (readonly [Month, Cell, RowEntry])[]) {
  const byMonth = new Map<Month, Cell[]>();
  for (const [month, cell] of cells) byMonth.set(month, byMonth.get(month) ?? []).get(month)!.push(cell);
  await figureMonthDocuments(db).months.insertMany([...byMonth].map(([month, ofMonth]) => ({ _id: monthDocumentId(family, month, timeZone), position: String(size * 2), months: { [month]: storedCells(ofMonth) } })));
  const rows = new Map<string, RowEntry[]>();
  for (const [month, , row] of cells) (rows.get(rowListOf(family, month)) ?? rows.set(rowListOf(family, month), []).get(rowListOf(family, month))!).push(row);
  return rows;
}

/** Times the drill listings read from the fact documents (a scan) and from the listing documents (by `_id`); asserts only that both answer alike. */
describe(`the drill listings at ${size} documents each`, () => {
  const readModel = timingReadModel('listing_timing');
  let db: Db;
  let app: FastifyInstance;
  let head: FigureMonthsHead;
  beforeAll(async () => {
    db = await readModel.open();
    const invitations = Array.from({ length: size }, (_, n) => invitation(n));
    const complaints = Array.from({ length: size }, (_, n) => complaint(n));
    await insertFacts<InvitationDocument>(db, invitationProjection.name, 'invitationFacts', invitations);
    await insertFacts<ComplaintFactDocument>(db, complaintFactProjection.name, 'complaintFacts', complaints);
    const rows = new Map([
      ...(await writeListing(db, answersListingFamily, invitations.map((document) => {
        const fact = surveyFactOf(document, timeZone)!;
        return [fact.month, { key: answersListingKey(document._id, fact), counts: listed }, [document._id, JSON.stringify(document)]] as const;
      }))),
      ...(await writeListing(db, complaintsListingFamily, complaints.map((document) => {
        const fact = complaintFactOf(document, timeZone)!;
        return [fact.month, { key: complaintsListingKey(document._id, fact), counts: listed }, [document._id, JSON.stringify(document)]] as const;
      }))),
    ]);
    head = { _id: figureMonthsHeadId(timeZone), position: String(size * 2), followedAt: new Date(), ...(await fileRowLists(figureMonthDocuments(db).rows, { headId: figureMonthsHeadId(timeZone), position: String(size * 2), head: null }, rows)) };
    app = await readModel.serve([satisfactionArea, complaintsArea], timeZone, new Date('2026-05-02T02:00:00Z'));
  }, 600_000);

  it('prints the time of a first page of one month, from the facts and from the listing', async () => {
    const heads = figureMonthDocuments(db).head;
    await timeFactsAgainstKept(app, ['/v1/analytics/satisfaction/answers?month=2026-02', '/v1/analytics/satisfaction/answers?month=2026-02&limit=10', '/v1/analytics/satisfaction/answers?from=2026-01&to=2026-04&answered=yes&tier=gold', '/v1/analytics/complaints/complaints?month=2026-02', '/v1/analytics/complaints/complaints?from=2026-01&to=2026-04&team=none'], {
      calls, scale: `${size}`, kept: 'listing',
      head: { remove: () => heads.deleteOne({ _id: head._id }), restore: () => heads.insertOne(head) },
    });
  }, 600_000);
});

