import { activeCollection } from '@ctp/projections';
import type { Db } from 'mongodb';
import { complaintFactProjection, type ComplaintFactDocument } from '../complaints/complaint-fact-projection.js';
import { contactFactProjection, type ContactFactDocument } from '../contacts/contact-fact-projection.js';
import { customerProjection, type CustomerDocument } from '../retention/customer-projection.js';
import { invitationProjection, type InvitationDocument } from '../satisfaction/invitation-projection.js';
import type { CaseFact, ClockFact } from '../service-levels/facts.js';
import { serviceLevelProjection } from '../service-levels/service-level-projection.js';
import { movementsInForce, tiersAt } from '../tiers/tier-history.js';
import { tierProjection, type TierMovementDocument } from '../tiers/tier-projection.js';
import { assembleSignals } from './churn-signal-assembly.js';
import type { CustomerSignals } from './churn-signals.js';

/** The projections the risk reads: their checkpoints say whether a kept ranking is counted from the read side as it is. */
export const churnSourceProjections = [customerProjection, serviceLevelProjection, complaintFactProjection, invitationProjection, contactFactProjection, tierProjection].map(({ name }) => name);

/** The areas' collections the risk reads (all projections share one database). */
async function collections(db: Db) {
  return Promise.all([
    activeCollection<CustomerDocument>(db, customerProjection.name, 'customerFacts'),
    activeCollection<CaseFact>(db, serviceLevelProjection.name, 'caseFacts'),
    activeCollection<ClockFact>(db, serviceLevelProjection.name, 'clockFacts'),
    activeCollection<ComplaintFactDocument>(db, complaintFactProjection.name, 'complaintFacts'),
    activeCollection<InvitationDocument>(db, invitationProjection.name, 'invitationFacts'),
    activeCollection<ContactFactDocument>(db, contactFactProjection.name, 'contactFacts'),
  ]);
}

/** Every customer's signals: the read models loaded whole, joined here (no aggregation on FerretDB). */
export async function allSignals(db: Db): Promise<CustomerSignals[]> {
  const [customers, cases, clocks, complaints, invitations, contacts] = await collections(db);
  const [customerRows, caseRows, clockRows, complaintRows, invitationRows, contactRows] = await Promise.all([
    customers.find({}, { projection: { trace: 0 } }).toArray(),
    cases.find({}, { projection: { _id: 1, customerId: 1 } }).toArray(),
    clocks.find({ outcome: 'breached' }).toArray(),
    complaints.find({ openedAt: { $exists: true } }).toArray(),
    invitations.find({ status: { $in: ['answered', 'expired'] } }).toArray(),
    contacts.find({ dueAt: { $exists: true } }).toArray(),
  ]);
  return assembleSignals({ customers: customerRows, cases: caseRows, breachedClocks: clockRows, complaints: complaintRows, invitations: invitationRows, contacts: contactRows });
}

/** One customer's signals (with the ids merged into it), each collection read by id or `customerId`; null if retention does not know the customer. */
export async function signalsOf(db: Db, customerId: string): Promise<CustomerSignals | null> {
  const [customers, cases, clocks, complaints, invitations, contacts] = await collections(db);
  const customerRows = await customers.find({ _id: customerId }).toArray();
  if (customerRows.length === 0) return null;
  // The ids merged into it, and those merged into them (by the mergedInto index).
  for (let index = 0; index < customerRows.length && index < 1_000; index += 1) {
    const known = new Set(customerRows.map(({ _id }) => _id));
    customerRows.push(...(await customers.find({ mergedInto: customerRows[index]!._id }).toArray()).filter(({ _id }) => !known.has(_id)));
  }
  const ids = customerRows.map(({ _id }) => _id);
  const perId = async <T>(read: (id: string) => Promise<T[]>) => (await Promise.all(ids.map(read))).flat();
  const caseRows = await perId((id) => cases.find({ customerId: id }, { projection: { _id: 1, customerId: 1 } }).toArray());
  const [clockRows, complaintRows, invitationRows, contactRows] = await Promise.all([
    Promise.all(caseRows.map(({ _id }) => clocks.find({ caseId: _id, outcome: 'breached' }).toArray())).then((rows) => rows.flat()),
    perId((id) => complaints.find({ customerId: id, openedAt: { $exists: true } }).toArray()),
    perId((id) => invitations.find({ customerId: id }).toArray()),
    perId((id) => contacts.find({ customerId: id, dueAt: { $exists: true } }).toArray()),
  ]);
  const signals = assembleSignals({ customers: customerRows, cases: caseRows, breachedClocks: clockRows, complaints: complaintRows, invitations: invitationRows, contacts: contactRows });
  return signals.find((candidate) => candidate.customerId === customerId) ?? null;
}

/** Each customer's tier in force just before `atMs` (tiers read model). */
export async function tiersBefore(db: Db, atMs: number, customerId?: string): Promise<Map<string, string>> {
  const movements = await activeCollection<TierMovementDocument>(db, tierProjection.name, 'movementFacts');
  const documents = await movements.find(customerId === undefined ? {} : { customerId }).toArray();
  return new Map([...tiersAt(movementsInForce(documents), atMs)].map(([id, movement]) => [id, movement.to!]));
}
