import type { AccountEvent } from '../index.js';

/** A customer's dedicated manager as other services count on it: none yet, held, held until a scheduled release, or released. */
export type AccountStanding =
  | { readonly status: 'none' }
  | { readonly status: 'managed'; readonly managerId: string; readonly team: string }
  | { readonly status: 'releasing'; readonly managerId: string; readonly team: string; readonly releaseAt: string }
  | { readonly status: 'released'; readonly managerId: string };

export const noAccountStanding: AccountStanding = { status: 'none' };

export function evolveAccountStanding(state: AccountStanding, event: AccountEvent): AccountStanding {
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

/** The manager a customer has now (in notice included), or null. */
export function dedicatedManagerOf(state: AccountStanding): { readonly managerId: string; readonly team: string } | null {
  return state.status === 'managed' || state.status === 'releasing' ? { managerId: state.managerId, team: state.team } : null;
}
