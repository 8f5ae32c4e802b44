import type { AccountEvent } from '@ctp/contracts';

/** A customer's dedicated manager: none yet, held, held until a scheduled release, or released. */
export type AccountState =
  | { readonly status: 'none' }
  | { readonly status: 'managed'; readonly managerId: string; readonly team: string }
  | { readonly status: 'releasing'; readonly managerId: string; readonly team: string; readonly releaseAt: string }
  | { readonly status: 'released'; readonly managerId: string };

export const initialAccountState: AccountState = { status: 'none' };

export function evolveAccount(state: AccountState, event: AccountEvent): AccountState {
  switch (event.type) {
    case 'AccountManagerAssigned':
    case 'AccountManagerReassigned':
      return { status: 'managed', managerId: event.data.managerId, team: event.data.team };
    case 'AccountManagerReleaseScheduled':
      return state.status === 'managed' ? { ...state, status: 'releasing', releaseAt: event.data.releaseAt } : state;
    case 'AccountManagerReleaseCancelled':
      return state.status === 'releasing' ? { status: 'managed', managerId: state.managerId, team: state.team } : state;
    case 'AccountManagerReleased':
      return { status: 'released', managerId: event.data.managerId };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
