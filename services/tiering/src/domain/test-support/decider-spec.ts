import { eventRegistry, type TierEvent } from '@ctp/contracts';
import { expect } from 'vitest';
import type { TierCommand } from '../commands.js';
import { decide } from '../decide.js';
import { TieringError, type TieringErrorCode } from '../errors.js';
import { evolve, initialTierState, type TierState } from '../state.js';

/** Every event the decider produces must be one the contract accepts. */
export function expectValidEvents(events: readonly TierEvent[]): void {
  for (const { type, data } of events) eventRegistry.parseData(type, eventRegistry.latest(type).version, data);
}

/** given(events).when(command).then(expected events, matched partially) — after emmett's DeciderSpecification. */
export function given(...history: TierEvent[]) {
  const state: TierState = history.reduce(evolve, initialTierState);
  return {
    state,
    when(command: TierCommand) {
      const run = () => decide(command, state);
      return {
        then(...expected: unknown[]): TierEvent[] {
          const produced = run();
          expectValidEvents(produced);
          expect(produced).toMatchObject(expected);
          return produced;
        },
        thenNothing(): void {
          expect(run()).toEqual([]);
        },
        thenThrows(code: TieringErrorCode): void {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(TieringError);
          expect((caught as TieringError).code).toBe(code);
        },
      };
    },
  };
}
