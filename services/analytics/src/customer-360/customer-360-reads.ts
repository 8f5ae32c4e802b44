import { activeCollection } from '@ctp/projections';
import type { ReadModel } from '@ctp/service-kit';
import type { Collection } from 'mongodb';
import { complaintFactOf } from '../complaints/complaint-facts.js';
import { complaintReads } from '../complaints/complaint-reads.js';
import { customerProjection, type CustomerLedgerDocument } from '../retention/customer-projection.js';
import { invitationProjection, type InvitationDocument } from '../satisfaction/invitation-projection.js';
import type { CaseFact, ClockFact } from '../service-levels/facts.js';
import { serviceLevelProjection } from '../service-levels/service-level-projection.js';
import { loadMovements } from '../tiers/tier-reads.js';

export type ReadModelView = Pick<ReadModel, 'db' | 'readYourWrites'>;

/** The read models the 360 view composes: the five areas'. */
export interface Customer360ReadModels {
  readonly retention: ReadModelView;
  readonly tiers: ReadModelView;
  readonly serviceLevels: ReadModelView;
  readonly satisfaction: ReadModelView;
  readonly complaints: ReadModelView;
}

export interface Customer360Context {
  readonly readModels: Customer360ReadModels;
  readonly timeZone: string;
  readonly clock: () => Date;
}

/** Everything each read model knows of one customer, each read by `_id` or by a `{ customerId }` filter. */
export async function customerFacts({ readModels, timeZone, clock }: Customer360Context, customerId: string) {
  const complaints = complaintReads({ readModel: readModels.complaints, timeZone });
  const [retention, movements, cases, invitations, complaintDocuments, calendar, clockFacts] = await Promise.all([
    activeCollection<CustomerLedgerDocument>(readModels.retention.db, customerProjection.name, 'customerFacts').then((facts) => facts.findOne({ _id: customerId })),
    loadMovements({ db: readModels.tiers.db, readYourWrites: readModels.tiers.readYourWrites, timeZone, clock }, customerId),
    activeCollection<CaseFact>(readModels.serviceLevels.db, serviceLevelProjection.name, 'caseFacts').then((facts) => facts.find({ customerId }).toArray()),
    activeCollection<InvitationDocument>(readModels.satisfaction.db, invitationProjection.name, 'invitationFacts').then((facts) => facts.find({ customerId }).toArray()),
    complaints.complaints().then((facts) => facts.find({ customerId, openedAt: { $exists: true } }).toArray()),
    complaints.cycleCalendar(),
    activeCollection<ClockFact>(readModels.serviceLevels.db, serviceLevelProjection.name, 'clockFacts'),
  ]);
  const clocks = await clocksOf(clockFacts, cases);
  const complaintFacts = complaintDocuments.flatMap((document) => {
    const fact = complaintFactOf(document, timeZone);
    return fact === null ? [] : [{ fact, document }];
  });
  return { retention, movements, cases, clocks, invitations, complaints: complaintFacts, cycleDaysOf: calendar.cycleDaysOf, cycleCalendar: calendar.calendarMeta };
}

/** Each case's clocks by the `caseId` index, one find per case (FerretDB reads `$in` as a scan). */
async function clocksOf(clocks: Collection<ClockFact>, cases: readonly CaseFact[]): Promise<ClockFact[]> {
  const perCase = await Promise.all(cases.map(({ _id }) => clocks.find({ caseId: _id }).toArray()));
  return perCase.flat();
}

export type CustomerFacts = Awaited<ReturnType<typeof customerFacts>>;

/** No area knows the customer: no fact document of theirs in any read model. */
export function unknownCustomer(facts: CustomerFacts): boolean {
  return facts.retention === null && facts.movements.length === 0 && facts.cases.length === 0 && facts.invitations.length === 0 && facts.complaints.length === 0;
}
