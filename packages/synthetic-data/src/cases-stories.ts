import { chance, intBetween, weighted, weights } from './random/distributions.js';
import type { Rng } from './random/prng.js';

export type DemoCaseType = 'inquiry' | 'request' | 'complaint';

/** One step after the opening, `after` minutes from it. */
export type StoryStep =
  | { readonly kind: 'reply'; readonly after: number }
  | { readonly kind: 'customer_message'; readonly after: number }
  | { readonly kind: 'status'; readonly after: number; readonly to: 'waiting_on_customer' | 'open' | 'resolved' | 'reopened' | 'closed'; readonly reason: string };

/** How a case goes: how long ago it opened (minutes before now) and its steps; steps not yet due are left out. */
export interface Story {
  readonly name: StoryName;
  readonly ageMinutes: number;
  /** The types the story fits (a warned clock needs the 24-hour calendar-time target of inquiries and requests). */
  readonly types?: readonly DemoCaseType[];
  readonly steps: readonly StoryStep[];
}

export type StoryName = 'answered' | 'answered_late' | 'waited_on_customer' | 'reopened' | 'unanswered' | 'due_soon' | 'fresh' | 'waiting_now';

const hour = 60;
const day = 24 * hour;

const between = (rng: Rng, min: number, max: number) => intBetween(rng, Math.round(min), Math.round(max));
const resolved = (after: number): StoryStep => ({ kind: 'status', after, to: 'resolved', reason: 'solution confirmed' });
const closed = (after: number): StoryStep => ({ kind: 'status', after, to: 'closed', reason: 'no further questions' });

/** Replied in time, perhaps a follow-up question answered, resolved and later closed. */
function answered(rng: Rng): Story {
  const reply = between(rng, 3, 40);
  const followUp = chance(rng, 0.4) ? between(rng, reply + 2 * hour, reply + 20 * hour) : null;
  const steps: StoryStep[] = [{ kind: 'reply', after: reply }];
  if (followUp !== null) steps.push({ kind: 'customer_message', after: followUp }, { kind: 'reply', after: followUp + between(rng, 10, 90) });
  const done = steps.at(-1)!.after + between(rng, hour, 2 * day);
  steps.push(resolved(done), closed(done + 2 * day));
  return { name: 'answered', ageMinutes: between(rng, 1 * day, 21 * day), steps };
}

/** The first reply came a day or more after the opening: a breached first response, answered late. */
function answeredLate(rng: Rng): Story {
  const reply = between(rng, 26 * hour, 60 * hour);
  return { name: 'answered_late', ageMinutes: between(rng, 3 * day, 21 * day), steps: [{ kind: 'reply', after: reply }, resolved(reply + between(rng, hour, day))] };
}

/** The agent asked the customer for something; the clocks paused until the customer wrote back. */
function waitedOnCustomer(rng: Rng): Story {
  const reply = between(rng, 5, 60);
  const wrote = reply + between(rng, 4 * hour, 40 * hour);
  const answer = wrote + between(rng, 10, 60);
  return {
    name: 'waited_on_customer',
    ageMinutes: between(rng, 3 * day, 21 * day),
    steps: [
      { kind: 'reply', after: reply },
      { kind: 'status', after: reply + 1, to: 'waiting_on_customer', reason: 'asked for the order number and a photo' },
      { kind: 'customer_message', after: wrote },
      { kind: 'status', after: wrote + 1, to: 'open', reason: 'customer answered' },
      { kind: 'reply', after: answer },
      resolved(answer + between(rng, hour, day)),
    ],
  };
}

/** Resolved, then the customer came back: reopened, answered, and resolved again or still open. */
function reopened(rng: Rng): Story {
  const reply = between(rng, 5, 45);
  const solved = reply + between(rng, hour, day);
  const back = solved + between(rng, day, 3 * day);
  const answer = back + between(rng, 15, 90);
  const steps: StoryStep[] = [
    { kind: 'reply', after: reply },
    resolved(solved),
    { kind: 'customer_message', after: back },
    { kind: 'status', after: back + 1, to: 'reopened', reason: 'the fix did not hold' },
    { kind: 'reply', after: answer },
  ];
  if (chance(rng, 0.5)) steps.push(resolved(answer + between(rng, hour, day)));
  return { name: 'reopened', ageMinutes: between(rng, 5 * day, 21 * day), steps };
}

/** Nobody answered for more than a day: the first response is breached. */
const unanswered = (rng: Rng): Story => ({ name: 'unanswered', ageMinutes: between(rng, 30 * hour, 10 * day), steps: [] });

/** An inquiry or request 18.5 to 23.5 hours old on its 24-hour target: warned, not yet breached. */
const dueSoon = (rng: Rng): Story => ({ name: 'due_soon', ageMinutes: between(rng, 18.5 * hour, 23.5 * hour), types: ['inquiry', 'request'], steps: [] });

/** Just in. */
const fresh = (rng: Rng): Story => ({ name: 'fresh', ageMinutes: between(rng, 5, 12 * hour), steps: [] });

/** Answered and waiting for the customer now: next response and resolution paused. */
function waitingNow(rng: Rng): Story {
  const reply = between(rng, 5, 60);
  return {
    name: 'waiting_now',
    ageMinutes: between(rng, reply + 2 * hour, 5 * day),
    steps: [
      { kind: 'reply', after: reply },
      { kind: 'status', after: reply + 1, to: 'waiting_on_customer', reason: 'waiting for the delivery receipt' },
    ],
  };
}

const storyWeights = weights<StoryName>({ answered: 35, answered_late: 10, waited_on_customer: 12, reopened: 8, unanswered: 10, due_soon: 8, fresh: 12, waiting_now: 5 });
const storyOf: Readonly<Record<StoryName, (rng: Rng) => Story>> = {
  answered,
  answered_late: answeredLate,
  waited_on_customer: waitedOnCustomer,
  reopened,
  unanswered,
  due_soon: dueSoon,
  fresh,
  waiting_now: waitingNow,
};

export const drawStory = (rng: Rng): Story => storyOf[weighted(rng, storyWeights)](rng);
