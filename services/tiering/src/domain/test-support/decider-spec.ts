import { eventRegistry, type TierEvent } from '@ctp/contracts';
import { deciderSpecification } from '@ctp/test-kit';
import { expect } from 'vitest';
import type { TierCommand } from '../commands.js';
import { decide } from '../decide.js';
import { TieringError, type TieringErrorCode } from '../errors.js';
import { evolve, initialTierState, type TierState } from '../state.js';

/** Every event the decider produces must be one the contract accepts. */
export function expectValidEvents(events: readonly TierEvent[]): void {
  for (const { type, data } of events) eventRegistry.parseData(type, eventRegistry.latest(type).version, data);
}

const tierSpec = deciderSpecification<TierCommand, TierState, TierEvent>({ decide, evolve, initialState: () => initialTierState, validate: expectValidEvents });

/** The shared given / when / then, with a tiering rule code for what is refused. */
export function given(...history: TierEvent[]) {
  const given = tierSpec.given(...history);
  return {
    state: given.state,
    when(command: TierCommand) {
      const when = given.when(command);
      return {
        then: when.then,
        thenNothing: when.thenNothing,
        thenThrows: (code: TieringErrorCode) =>
          when.thenThrows((error) => {
            expect(error).toBeInstanceOf(TieringError);
            expect((error as TieringError).code).toBe(code);
          }),
      };
    },
  };
}
