import type { ContactEvent } from '@ctp/contracts';

/** What one event adds to coverage: its obligation's due day and owner, and the counts it moves. */
export interface CoverageTally {
  readonly dueOn: string;
  readonly tier: string | null;
  readonly team: string | null;
  readonly accountManager: string | null;
  readonly due: number;
  readonly fulfilled: number;
  readonly late: number;
  readonly overdue: number;
}

/**
 * An obligation counts as due when it falls due (and as fulfilled if it was by then), as fulfilled late when an
 * outcome fulfils it after that, and as overdue when it goes overdue; each under the owner the event names.
 */
export function coverageTallyOf(event: ContactEvent): CoverageTally | null {
  const tally = ({ dueOn, tier, team, accountManager }: Pick<CoverageTally, 'dueOn' | 'tier' | 'team' | 'accountManager'>, counts: Partial<Pick<CoverageTally, 'due' | 'fulfilled' | 'late' | 'overdue'>>) => ({ dueOn, tier, team, accountManager, due: 0, fulfilled: 0, late: 0, overdue: 0, ...counts });
  switch (event.type) {
    case 'ContactObligationFellDue':
      return tally(event.data, { due: 1, fulfilled: event.data.fulfilled ? 1 : 0 });
    case 'ContactOutcomeRecorded':
      return event.data.late ? tally(event.data, { fulfilled: 1, late: 1 }) : null;
    case 'ContactObligationOverdue':
      return tally(event.data, { overdue: 1 });
    default:
      return null;
  }
}

const sameOwner = (a: CoverageTally, b: CoverageTally) => a.tier === b.tier && a.team === b.team && a.accountManager === b.accountManager;

/** A day's counts per owner with `tallies` added (each tally of that day). */
export function addTallies(counts: readonly CoverageTally[], tallies: readonly CoverageTally[]): CoverageTally[] {
  const sums = [...counts];
  for (const tally of tallies) {
    const index = sums.findIndex((count) => sameOwner(count, tally));
    if (index < 0) sums.push(tally);
    else sums[index] = { ...sums[index]!, due: sums[index]!.due + tally.due, fulfilled: sums[index]!.fulfilled + tally.fulfilled, late: sums[index]!.late + tally.late, overdue: sums[index]!.overdue + tally.overdue };
  }
  return sums;
}
