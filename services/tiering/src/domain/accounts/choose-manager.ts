import type { AccountManager } from '@ctp/contracts';

export interface ManagerChoice {
  readonly manager: AccountManager;
  readonly customers: number;
}

const keyOf = ({ manager, customers }: ManagerChoice, region: string | null): readonly number[] => [
  customers >= manager.capacity ? 1 : 0,
  customers / manager.capacity,
  region !== null && !manager.regions.some((covered) => covered.toLowerCase() === region.toLowerCase()) ? 1 : 0,
];

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * The roster's manager with room, then the lowest share of capacity taken, then one covering the
 * customer's region (in any letter case), then the lowest id: deterministic for the same loads. A full manager only when all are.
 */
export function chooseManager(managers: readonly AccountManager[], loads: ReadonlyMap<string, number>, region: string | null): ManagerChoice | null {
  const choices = managers.map((manager) => ({ manager, customers: loads.get(manager.managerId) ?? 0 }));
  choices.sort((a, b) => compareKeys(keyOf(a, region), keyOf(b, region)) || a.manager.managerId.localeCompare(b.manager.managerId));
  return choices[0] ?? null;
}
