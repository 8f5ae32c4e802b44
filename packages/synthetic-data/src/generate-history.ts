import type { Fact } from './facts.js';
import { resolveOptions, type HistoryOptions } from './options.js';
import { Agenda } from './simulation/agenda.js';
import { arrivalsInOrder } from './simulation/arrival.js';
import { happen } from './simulation/happen.js';
import type { Happening, Outcome } from './simulation/outcome.js';
import type { Person } from './simulation/person.js';
import { register } from './simulation/registration.js';

interface Entry {
  readonly at: number;
  readonly seq: number;
  readonly person: Person;
  readonly happening: Happening;
}

/**
 * Customer facts in intake's format, lazily and in time order (ties in the order they were
 * scheduled, so a customer's registration comes first). A discrete-event simulation: only customers
 * with something still to happen are held, each with a handful of scheduled happenings.
 */
export function* generateHistory(options: HistoryOptions): Generator<Fact, void, undefined> {
  const world = resolveOptions(options);
  const agenda = new Agenda<Entry>();
  let seq = 0;
  const schedule = (person: Person, outcome: Outcome): void => {
    for (const { at, happening } of outcome.next) {
      if (at < world.clock.end) agenda.push({ at, seq: seq++, person, happening });
    }
  };
  const drainUntil = function* (limit: number): Generator<Fact, void, undefined> {
    for (let head = agenda.peek(); head && head.at < limit; head = agenda.peek()) {
      agenda.pop();
      if (head.person.erased) continue;
      const outcome = happen(world, head.person, head.at, head.happening);
      yield* outcome.facts;
      schedule(head.person, outcome);
    }
  };
  for (const arrival of arrivalsInOrder(world)) {
    yield* drainUntil(arrival.at);
    const { person, outcome } = register(world, arrival);
    yield* outcome.facts;
    schedule(person, outcome);
  }
  yield* drainUntil(Infinity);
}
