import { rulesFor } from '../cases/case-stream.js';
import type { OpenedCase } from '../domain/case-state.js';
import type { CaseRules } from '../domain/decide-case.js';
import type { SlaDeps } from '../sla-deps.js';

/**
 * The rules of firing timers, each policy version's loaded at most once per `maxAgeMs` (a published
 * policy version never changes; its calendars may get a version). A timer decided on calendars up to
 * `maxAgeMs` old decides as it would have a moment before the new version was published: the calendar
 * reaction then moves the clock, and retracts a breach that no longer holds.
 */
export function recentRules(deps: Pick<SlaDeps, 'store' | 'policyId'>, maxAgeMs = 1_000): (state: OpenedCase) => Promise<CaseRules> {
  const loaded = new Map<string, { readonly at: number; readonly rules: Promise<CaseRules> }>();
  return (state) => {
    const key = `${state.slaPolicy.policyId}:${state.slaPolicy.policyVersion}`;
    const now = performance.now();
    const entry = loaded.get(key);
    if (entry && now - entry.at < maxAgeMs) return entry.rules;
    const rules = rulesFor(deps, state);
    loaded.set(key, { at: now, rules });
    rules.catch(() => loaded.delete(key));
    return rules;
  };
}
