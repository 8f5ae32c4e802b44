import { describe, expect, it } from 'vitest';
import { deciderSpecification } from './decider-specification.js';

type Event = { type: 'Opened'; by: string } | { type: 'Closed'; by: string };
class AlreadyClosed extends Error {}
const validated: Event[][] = [];
const door = deciderSpecification<{ close: string }, 'open' | 'closed' | 'none', Event>({
  initialState: () => 'none',
  evolve: (_state, event) => (event.type === 'Opened' ? 'open' : 'closed'),
  decide: ({ close }, state) => {
    if (state === 'closed') throw new AlreadyClosed('the door is closed already');
    return state === 'open' ? [{ type: 'Closed', by: close }] : [];
  },
  validate: (events) => void validated.push([...events]),
});

describe('a decider specification', () => {
  it('folds the history, matches the decision partially and validates it, and fails on a wrong one', () => {
    expect(door.given({ type: 'Opened', by: 'a' }).state).toBe('open');
    door.given({ type: 'Opened', by: 'a' }).when({ close: 'b' }).then({ type: 'Closed' });
    expect(validated.at(-1)).toEqual([{ type: 'Closed', by: 'b' }]);
    expect(() => door.given({ type: 'Opened', by: 'a' }).when({ close: 'b' }).then({ type: 'Opened' })).toThrow();
    expect(() => door.given({ type: 'Opened', by: 'a' }).when({ close: 'b' }).then()).toThrow();
  });

  it('checks that nothing is decided', () => {
    door.given().when({ close: 'b' }).thenNothing();
    expect(() => door.given({ type: 'Opened', by: 'a' }).when({ close: 'b' }).thenNothing()).toThrow();
  });

  it('checks what was thrown, and fails when nothing was', () => {
    door
      .given({ type: 'Opened', by: 'a' }, { type: 'Closed', by: 'a' })
      .when({ close: 'b' })
      .thenThrows((error) => expect(error).toBeInstanceOf(AlreadyClosed));
    expect(() => door.given({ type: 'Opened', by: 'a' }).when({ close: 'b' }).thenThrows(() => undefined)).toThrow(/should have thrown/);
  });
});
