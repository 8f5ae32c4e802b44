import { streamIdFor, type RecordedEvent } from '@ctp/contracts';
import { loadCaseRules } from '../case-rules.js';
import { caseDecider } from '../cases/case-stream.js';
import type { OpenedCase } from '../domain/case-state.js';
import type { CaseRules } from '../domain/decide-case.js';
import { scheduleClockTimers } from '../timers.js';
import type { ClockDeps } from './clock-deps.js';
import { indexedCase } from './open-cases.js';
import { catchUpCalendars } from './calendar-reaction.js';
import { catchUpTier } from './tier-reaction.js';

const caseIdOf = (event: RecordedEvent) => event.streamId.slice('case-'.length);

async function loadCase(deps: Pick<ClockDeps, 'history'>, caseId: string): Promise<{ state: OpenedCase; revision: number } | null> {
  const history = await deps.history.readStream(streamIdFor('case', caseId));
  const state = history.map(caseDecider.decode).reduce(caseDecider.evolve, caseDecider.initialState());
  return state && { state, revision: history.length - 1 };
}

/**
 * The cases touched by a batch, each loaded once: recorded in the open-case index, and the timers their
 * running clocks need scheduled (scheduling one again is a no-op, so a redelivered batch changes nothing).
 * Rules are loaded once per policy version in the batch. A case seen for the first time catches up with
 * a tier event recorded after it opened (catchUpTier) and with calendar versions its clocks did not count
 * with (catchUpCalendars).
 */
export async function reactToCases(deps: ClockDeps, events: readonly RecordedEvent[], heartbeat: () => Promise<void>): Promise<void> {
  const caseIds = [...new Set(events.map(caseIdOf))];
  const rules = new Map<string, Promise<CaseRules | null>>();
  const rulesOf = ({ slaPolicy: { policyId, policyVersion } }: OpenedCase) => {
    const key = `${policyId}:${policyVersion}`;
    if (!rules.has(key)) rules.set(key, loadCaseRules(deps, policyId, policyVersion));
    return rules.get(key)!;
  };
  for (let i = 0; i < caseIds.length; i += 16) {
    const loaded = (await Promise.all(caseIds.slice(i, i + 16).map((caseId) => loadCase(deps, caseId)))).filter((found) => found !== null);
    const entries = loaded.map(({ state, revision }) => indexedCase(state, revision));
    const firstSeen = new Set(await deps.openCases.record(entries));
    await Promise.all(
      loaded.map(async ({ state }, index) => {
        const caseRules = await rulesOf(state);
        if (caseRules) await scheduleClockTimers(deps, state, caseRules);
        if (firstSeen.has(state.caseId) && entries[index]!.open) {
          await catchUpTier(deps, state);
          await catchUpCalendars(deps, state);
        }
      }),
    );
    await heartbeat();
  }
}
