import { type EventData, type ImprovementEvent } from '@ctp/contracts';
import { deciderSpecification } from '@ctp/test-kit';
import { describe, it } from 'vitest';
import { expectRefusal, expectValidEvents } from '../complaints/test-support/complaint-spec.js';
import { decideImprovement, evolveImprovement, initialImprovementState } from './improvement-action.js';

const spec = deciderSpecification({ decide: decideImprovement, evolve: evolveImprovement, initialState: initialImprovementState, validate: expectValidEvents });
const action: EventData<'ImprovementActionCreated'> = {
  actionId: 'A-1', title: 'One-form returns', owner: 'lead-returns', scope: { causes: ['process'], channels: [], tiers: [], teams: [] },
  startsOn: '2026-04-01', dueDate: '2026-05-31', createdAt: '2026-03-20T09:00:00+08:00', by: 'admin-1',
};
const created: ImprovementEvent = { type: 'ImprovementActionCreated', data: action };
const moved = (from: EventData<'ImprovementActionStatusChanged'>['from'], to: EventData<'ImprovementActionStatusChanged'>['to']): ImprovementEvent => ({ type: 'ImprovementActionStatusChanged', data: { actionId: 'A-1', from, to, changedAt: '2026-04-02T09:00:00+08:00', by: 'lead-returns' } });
const at = '2026-04-02T09:00:00+08:00';

describe('an improvement action', () => {
  it('given nothing, when created, then it is recorded; created again it is refused (action_exists)', () => {
    spec.given().when({ kind: 'create', action }).then({ type: 'ImprovementActionCreated', data: { actionId: 'A-1', owner: 'lead-returns' } });
    spec.given(created).when({ kind: 'create', action }).thenThrows(expectRefusal('action_exists'));
  });

  it('given a planned action, when it starts and then finishes, then each status change is recorded from where it was', () => {
    spec.given(created).when({ kind: 'change_status', to: 'in_progress', at, by: 'lead-returns', note: 'form drafted' }).then({ type: 'ImprovementActionStatusChanged', data: { from: 'planned', to: 'in_progress', note: 'form drafted' } });
    spec.given(created, moved('planned', 'in_progress')).when({ kind: 'change_status', to: 'done', at, by: 'lead-returns' }).then({ data: { from: 'in_progress', to: 'done' } });
  });

  it('given a done or cancelled action, then moving it is refused (transition_not_allowed); the same status is nothing', () => {
    spec.given(created, moved('planned', 'done')).when({ kind: 'change_status', to: 'in_progress', at, by: 'x' }).thenThrows(expectRefusal('transition_not_allowed'));
    spec.given(created, moved('planned', 'cancelled')).when({ kind: 'change_status', to: 'done', at, by: 'x' }).thenThrows(expectRefusal('transition_not_allowed'));
    spec.given(created).when({ kind: 'change_status', to: 'planned', at, by: 'x' }).thenNothing();
  });

  it('given no action, then a status change is not found and an overdue timer records nothing', () => {
    spec.given().when({ kind: 'change_status', to: 'done', at, by: 'x' }).thenThrows(expectRefusal('action_not_found'));
    spec.given().when({ kind: 'overdue', at }).thenNothing();
  });
});

describe('an overdue action', () => {
  const due = '2026-06-01T00:00:00+08:00';

  it('given an action still in progress at the end of its due date, when the timer fires, then it escalates once', () => {
    const escalated = spec.given(created, moved('planned', 'in_progress')).when({ kind: 'overdue', at: due }).then({ type: 'ImprovementActionOverdue', data: { actionId: 'A-1', owner: 'lead-returns', dueDate: '2026-05-31', status: 'in_progress', escalatedAt: due } });
    spec.given(created, moved('planned', 'in_progress'), ...escalated).when({ kind: 'overdue', at: due }).thenNothing();
  });

  it('given an action done or cancelled by then, when the timer fires, then nothing escalates', () => {
    spec.given(created, moved('planned', 'done')).when({ kind: 'overdue', at: due }).thenNothing();
    spec.given(created, moved('planned', 'cancelled')).when({ kind: 'overdue', at: due }).thenNothing();
  });
});
