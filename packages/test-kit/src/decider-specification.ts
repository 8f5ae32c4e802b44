import { expect } from 'vitest';

export interface SpecifiedDecider<Command, State, Event> {
  readonly decide: (command: Command, state: State) => readonly Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: () => State;
  /** Checks every decided event before it is compared, e.g. that the contracts accept it. */
  readonly validate?: (events: readonly Event[]) => void;
}

/**
 * Given / when / then for a pure decider, without I/O (emmett's DeciderSpecification):
 * `spec.given(...past events).when(command).then(...expected events)` (each matched partially,
 * in order, none more), `.thenNothing()`, or `.thenThrows(check)`; `given(...).state` is the
 * folded state.
 */
export function deciderSpecification<Command, State, Event>(decider: SpecifiedDecider<Command, State, Event>) {
  return {
    given: (...history: readonly Event[]) => {
      const state = history.reduce(decider.evolve, decider.initialState());
      return {
        state,
        when: (command: Command) => {
          const run = () => decider.decide(command, state);
          return {
            then: (...expected: readonly unknown[]): readonly Event[] => {
              const produced = run();
              decider.validate?.(produced);
              expect(produced).toMatchObject(expected);
              return produced;
            },
            thenNothing: () => expect(run()).toEqual([]),
            /** `check` gets what was thrown; the spec fails when nothing is, or the check fails. */
            thenThrows: (check: (error: unknown) => void) => {
              let thrown: unknown = undefined;
              let threw = false;
              try {
                run();
              } catch (error) {
                threw = true;
                thrown = error;
              }
              expect(threw, 'the decider should have thrown').toBe(true);
              check(thrown);
            },
          };
        },
      };
    },
  };
}
