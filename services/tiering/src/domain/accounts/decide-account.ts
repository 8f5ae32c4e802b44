import type { AccountEvent, AccountManager, EntitledTier } from '@ctp/contracts';
import type { TieringErrorCode } from '../errors.js';
import type { AccountState } from './account-state.js';
import { chooseManager } from './choose-manager.js';

export interface Roster {
  readonly rosterId: string;
  readonly version: number;
  readonly managers: readonly AccountManager[];
}

/** Everything the decider needs is in the command: it reads no clock and no store. */
export type AccountCommand =
  /** The tier in force changed at `at` (null: none or withdrawn); `noticeDays` of the policy in force. */
  | { readonly kind: 'follow_tier'; readonly customerId: string; readonly entitled: EntitledTier | null; readonly noticeDays: number; readonly roster: Roster | null; readonly loads: ReadonlyMap<string, number>; readonly region: string | null; readonly at: string }
  | { readonly kind: 'reassign'; readonly customerId: string; readonly managerId: string; readonly reason: string; readonly by: string; readonly roster: Roster | null; readonly at: string }
  /** The release timer fired: the notice scheduled at `releaseAt` has run out. */
  | { readonly kind: 'release'; readonly customerId: string; readonly releaseAt: string; readonly at: string };

export class AccountError extends Error {
  constructor(readonly code: Extract<TieringErrorCode, 'no_dedicated_manager' | 'manager_not_on_roster' | 'same_manager'>, message: string) {
    super(message);
    this.name = 'AccountError';
  }
}

const DAY_MS = 86_400_000;

export function decideAccount(command: AccountCommand, state: AccountState): AccountEvent[] {
  switch (command.kind) {
    case 'follow_tier':
      return followTier(command, state);
    case 'reassign':
      return reassign(command, state);
    case 'release':
      if (state.status !== 'releasing' || state.releaseAt !== command.releaseAt) return [];
      return [{ type: 'AccountManagerReleased', data: { customerId: command.customerId, managerId: state.managerId, releaseAt: command.releaseAt, releasedAt: command.at } }];
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

/** Sticky: a manager stays while the tier keeps one; a downgrade gives notice; coming back up before it ends cancels it. */
function followTier(command: Extract<AccountCommand, { kind: 'follow_tier' }>, state: AccountState): AccountEvent[] {
  const { customerId, entitled, at } = command;
  const owed = entitled?.entitlements.dedicatedManager === true;
  if (owed && state.status === 'releasing') {
    return [{ type: 'AccountManagerReleaseCancelled', data: { customerId, managerId: state.managerId, tier: entitled.tier, tierPolicy: entitled.tierPolicy, cancelledAt: at } }];
  }
  if (owed && (state.status === 'none' || state.status === 'released')) {
    const choice = command.roster ? chooseManager(command.roster.managers, command.loads, command.region) : null;
    if (!command.roster || !choice) return [];
    const { manager, customers } = choice;
    return [
      {
        type: 'AccountManagerAssigned',
        data: {
          customerId, managerId: manager.managerId, team: manager.team, reason: 'tier_entitles_manager', tier: entitled.tier, tierPolicy: entitled.tierPolicy,
          roster: { rosterId: command.roster.rosterId, version: command.roster.version }, load: { customers, capacity: manager.capacity }, region: command.region, assignedAt: at,
        },
      },
    ];
  }
  if (!owed && state.status === 'managed') {
    const releaseAt = new Date(Date.parse(at) + command.noticeDays * DAY_MS).toISOString();
    return [{ type: 'AccountManagerReleaseScheduled', data: { customerId, managerId: state.managerId, tier: entitled?.tier ?? null, noticeDays: command.noticeDays, releaseAt, scheduledAt: at } }];
  }
  return [];
}

function reassign(command: Extract<AccountCommand, { kind: 'reassign' }>, state: AccountState): AccountEvent[] {
  if (state.status !== 'managed') throw new AccountError('no_dedicated_manager', `customer ${command.customerId} has no dedicated manager held (none, released or being released)`);
  const manager = command.roster?.managers.find(({ managerId }) => managerId === command.managerId);
  if (!manager) throw new AccountError('manager_not_on_roster', `manager ${command.managerId} is not on the latest roster`);
  if (manager.managerId === state.managerId) throw new AccountError('same_manager', `manager ${command.managerId} already holds customer ${command.customerId}`);
  const { customerId, reason, by, at } = command;
  return [{ type: 'AccountManagerReassigned', data: { customerId, from: state.managerId, managerId: manager.managerId, team: manager.team, reason, reassignedAt: at, by } }];
}
