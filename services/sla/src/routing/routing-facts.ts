import { decoderFor, dedicatedManagerOf, evolveAccountStanding, noAccountStanding, serviceOf, streamIdFor, type CaseType, type EventData } from '@ctp/contracts';
import type { EventStore } from '@ctp/event-store';
import type { RoutingFacts, RoutingTeams } from '../domain/route-case.js';

const accountEvent = decoderFor('account');
const absenceEvent = decoderFor('managerAbsence');
const tierPolicyEvent = decoderFor('tierPolicy');

/** The tier's service section in the tier policy version the tier at start names (tiering's event, the one source). */
async function entitlementsOf(history: EventStore, tierAtStart: EventData<'CaseOpened'>['tierAtStart']) {
  if (!tierAtStart) return null;
  const versions = (await history.readStream(streamIdFor('tierPolicy', tierAtStart.tierPolicyId))).map(tierPolicyEvent);
  const version = versions.find(({ data }) => data.policyVersion === tierAtStart.tierPolicyVersion);
  return version ? serviceOf(version.data, tierAtStart.tier) : null;
}

/**
 * The customer's manager now, from tiering's `account-<customerId>` stream: the one who takes the case.
 * (A release is dated at the end of its notice and happens when its timer fires, so the stream as it
 * stands is what holds now.)
 */
async function currentManager(history: EventStore, customerId: string) {
  const events = await history.readStream(streamIdFor('account', customerId));
  return dedicatedManagerOf(events.map(accountEvent).reduce(evolveAccountStanding, noAccountStanding));
}

/** The manager's absence covering `at` (from inclusive, to exclusive), the latest recorded first. */
export async function absenceAt(history: EventStore, managerId: string, at: string): Promise<string | null> {
  const absences = (await history.readStream(streamIdFor('managerAbsence', managerId))).map(absenceEvent).map(({ data }) => data);
  const instant = Date.parse(at);
  return absences.findLast(({ from, to }) => Date.parse(from) <= instant && instant < Date.parse(to))?.absenceId ?? null;
}

export async function routingFacts(history: EventStore, teams: RoutingTeams, opening: { customerId: string; type: CaseType; openedAt: string; tierAtStart: EventData<'CaseOpened'>['tierAtStart'] }): Promise<RoutingFacts> {
  const [entitlements, manager] = await Promise.all([entitlementsOf(history, opening.tierAtStart), currentManager(history, opening.customerId)]);
  const absenceId = manager ? await absenceAt(history, manager.managerId, opening.openedAt) : null;
  return { type: opening.type, tier: opening.tierAtStart?.tier ?? null, entitlements, manager, absenceId, teams };
}
