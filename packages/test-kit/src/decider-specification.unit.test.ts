import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { deciderSpecification } from './decider-specification.js';

type Event = { type: 'Opened' } | { type: 'Closed' };
class AlreadyClosed extends Error {}
const door = deciderSpecification<'close', 'open' | 'closed' | 'none', Event>({
  initialState: () => 'none',
  evolve: (_state, event) => (event.type === 'Opened' ? 'open' : 'closed'),
  decide: (_command, state) => {
    if (state === 'closed') throw new AlreadyClosed('the door is closed already');
    return state === 'open' ? [{ type: 'Closed' }] : [];
  },
});

describe('a decider specification', () => {
  it('passes when the decision is the one expected, and fails when it is not', () => {
    door.given([{ type: 'Opened' }]).when('close').then([{ type: 'Closed' }]);
    expect(() => door.given([{ type: 'Opened' }]).when('close').then([])).toThrow(AssertionError);
  });

  it('checks that nothing is decided', () => {
    door.given([]).when('close').thenNothing();
    expect(() => door.given([{ type: 'Opened' }]).when('close').thenNothing()).toThrow(AssertionError);
  });

  it('checks the error thrown and its message', () => {
    door.given([{ type: 'Opened' }, { type: 'Closed' }]).when('close').thenThrows(AlreadyClosed, /closed already/);
    expect(() => door.given([{ type: 'Opened' }]).when('close').thenThrows(AlreadyClosed)).toThrow(AssertionError);
  });
});
