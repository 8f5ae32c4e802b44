import type { EventData, ImprovementEvent, ImprovementStatus } from '@ctp/contracts';
import { Refusal } from '../complaints/refusal.js';

export type ImprovementAction = EventData<'ImprovementActionCreated'> & { readonly status: ImprovementStatus; readonly escalated: boolean };
export type ImprovementState = ImprovementAction | null;

export const initialImprovementState = (): ImprovementState => null;

export function evolveImprovement(state: ImprovementState, event: ImprovementEvent): ImprovementState {
  if (event.type === 'ImprovementActionCreated') return { ...event.data, status: 'planned', escalated: false };
  if (!state) return state;
  if (event.type === 'ImprovementActionStatusChanged') return { ...state, status: event.data.to };
  return { ...state, escalated: true };
}

/** done and cancelled are final; planned may start, finish or be cancelled; in progress may finish or be cancelled. */
const allowed: Record<ImprovementStatus, readonly ImprovementStatus[]> = {
  planned: ['in_progress', 'done', 'cancelled'],
  in_progress: ['done', 'cancelled'],
  done: [],
  cancelled: [],
};

export type ImprovementCommand =
  | { readonly kind: 'create'; readonly action: EventData<'ImprovementActionCreated'> }
  | { readonly kind: 'change_status'; readonly to: ImprovementStatus; readonly note?: string; readonly at: string; readonly by: string }
  /** The overdue timer fired at the end of the due date. */
  | { readonly kind: 'overdue'; readonly at: string };

export const isOpen = (status: ImprovementStatus) => status === 'planned' || status === 'in_progress';

export function decideImprovement(command: ImprovementCommand, state: ImprovementState): ImprovementEvent[] {
  if (command.kind === 'create') {
    if (state) throw new Refusal('action_exists', `improvement action ${state.actionId} exists`);
    return [{ type: 'ImprovementActionCreated', data: command.action }];
  }
  if (!state) {
    if (command.kind === 'overdue') return [];
    throw new Refusal('action_not_found', 'no improvement action with this id');
  }
  if (command.kind === 'overdue') {
    if (state.escalated || !isOpen(state.status)) return [];
    return [{ type: 'ImprovementActionOverdue', data: { actionId: state.actionId, owner: state.owner, dueDate: state.dueDate, status: state.status, escalatedAt: command.at } }];
  }
  if (state.status === command.to) return [];
  if (!allowed[state.status].includes(command.to)) throw new Refusal('transition_not_allowed', `an action ${state.status} cannot become ${command.to}`);
  const note = command.note === undefined ? {} : { note: command.note };
  return [{ type: 'ImprovementActionStatusChanged', data: { actionId: state.actionId, from: state.status, to: command.to, changedAt: command.at, by: command.by, ...note } }];
}
