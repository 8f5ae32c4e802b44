import { eventRegistry, type TargetEvent } from '@ctp/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publications } from '../test-support/target-arbitraries.js';
import { decideTarget, evolveTarget, initialTargetState, latestVersionOf, StaleTargetVersion, type PublishTarget, type TargetState } from './target-decider.js';

const numRuns = 300;
const targetId = 'plan-csat';

type Outcome = { readonly events: TargetEvent[] } | { readonly stale: number };

function outcomeOf(command: PublishTarget, state: TargetState): Outcome {
  try {
    return { events: decideTarget(command, state) };
  } catch (error) {
    if (error instanceof StaleTargetVersion) return { stale: error.latestVersion };
    throw error;
  }
}

/** Each publication expects the latest version (null) or the given one. */
function run(published: readonly [PublishTarget['target'], number | null][]) {
  let state = initialTargetState();
  return published.map(([target, expected]) => {
    const before = state;
    const command: PublishTarget = { kind: 'publish', targetId, expectedVersion: expected ?? latestVersionOf(before), target };
    const outcome = outcomeOf(command, before);
    if ('events' in outcome) state = outcome.events.reduce(evolveTarget, before);
    return { before, command, outcome, after: state };
  });
}

describe('the target decider, for any sequence of publications', () => {
  it('publishes versions 1, 2, 3 ... in order, each passing its contract and carrying the document sent', () => {
    fc.assert(
      fc.property(publications, (published) => {
        let version = 0;
        for (const { command, outcome } of run(published)) {
          if (!('events' in outcome)) continue;
          for (const { type, data } of outcome.events) {
            eventRegistry.parseData(type, eventRegistry.latest(type).version, data);
            expect(data.version).toBe((version += 1));
            expect(data.target).toEqual(command.target);
          }
        }
      }),
      { numRuns },
    );
  });

  it('refuses exactly the publications that expect another version, naming the latest, and is deterministic', () => {
    fc.assert(
      fc.property(publications, (published) => {
        for (const { before, command, outcome } of run(published)) {
          expect(outcomeOf(command, before)).toEqual(outcome);
          const latest = latestVersionOf(before);
          expect(outcome).toEqual(command.expectedVersion === latest ? { events: expect.any(Array) } : { stale: latest });
        }
      }),
      { numRuns },
    );
  });

  it('never publishes the same read twice: a publication retried after its event is refused as stale', () => {
    fc.assert(
      fc.property(publications, (published) => {
        for (const { command, outcome, after } of run(published)) {
          if ('events' in outcome) expect(outcomeOf(command, after)).toEqual({ stale: latestVersionOf(after) });
        }
      }),
      { numRuns },
    );
  });
});
