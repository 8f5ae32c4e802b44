import { evolveAccountStanding, noAccountStanding, type AccountStanding } from '@ctp/contracts';

/** The decider's state is the standing every service folds from `account-<customerId>` (contracts). */
export type AccountState = AccountStanding;
export const initialAccountState = noAccountStanding;
export const evolveAccount = evolveAccountStanding;
