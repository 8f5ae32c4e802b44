import { deepStrictEqual, throws } from 'node:assert/strict';

export interface SpecifiedDecider<Command, State, Event> {
  readonly decide: (command: Command, state: State) => readonly Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: () => State;
}

/**
 * Given / when / then for a pure decider, without I/O (emmett's DeciderSpecification):
 * `spec.given([...past events]).when(command).then([...expected events])`, `.thenNothing()` or
 * `.thenThrows(ErrorClass, /message/)`.
 */
export function deciderSpecification<Command, State, Event>(decider: SpecifiedDecider<Command, State, Event>) {
  return {
    given: (history: readonly Event[]) => ({
      when: (command: Command) => {
        const run = () => decider.decide(command, history.reduce(decider.evolve, decider.initialState()));
        return {
          then: (expected: readonly Event[]) => deepStrictEqual(run(), expected),
          thenNothing: () => deepStrictEqual(run(), []),
          thenThrows: (error: new (...args: never[]) => Error, message?: RegExp) =>
            throws(run, (thrown: unknown) => thrown instanceof error && (message === undefined || message.test((thrown as Error).message))),
        };
      },
    }),
  };
}
