import type { TierComponent } from '@ctp/contracts';
import type { IsoDate } from '@ctp/calendar';
import type { ComponentValues } from './component-values.js';
import { normalisedOf, scoringComponents } from './normalise.js';
import type { ScoringPolicy } from './policy.js';
import { scoreOf, tierFor, tierRank } from './score.js';

export interface DryRunCustomer {
  readonly customerId: string;
  readonly values: ComponentValues;
  readonly currentTier: string | null;
}

export interface DryRunInput {
  readonly asOf: IsoDate;
  readonly customers: Iterable<DryRunCustomer>;
  /** Calibrated; it need not be published yet. */
  readonly proposed: ScoringPolicy;
  readonly current: ScoringPolicy | null;
  readonly moversLimit?: number;
}

export type Movement = 'upgrade' | 'downgrade' | 'assigned' | 'reclassified';

export interface Driver {
  readonly component: TierComponent;
  readonly normalised: number;
  readonly weight: number;
  /** weight x normalised under the proposed policy, less the same under the current one (null without one). */
  readonly change: number | null;
}

export interface DryRunMover {
  readonly customerId: string;
  readonly from: string | null;
  readonly to: string;
  readonly movement: Movement;
  readonly scoreBefore: number | null;
  readonly score: number;
  /** The three components that pushed the customer most in the direction moved. */
  readonly drivers: Driver[];
}

export interface DryRunResult {
  readonly asOf: IsoDate;
  readonly total: number;
  /** Customers per current tier; those without one are counted in `unassignedBefore`. */
  readonly distributionBefore: Record<string, number>;
  readonly unassignedBefore: number;
  readonly distributionAfter: Record<string, number>;
  readonly upgrades: number;
  readonly downgrades: number;
  readonly unchanged: number;
  readonly assigned: number;
  /** From a tier the proposed policy does not define. */
  readonly reclassified: number;
  readonly moversTotal: number;
  /** The `moversLimit` largest moves: by score change with a current policy, else by tiers moved. */
  readonly movers: DryRunMover[];
  readonly damping: string;
}

const DAMPING =
  "Tiers here follow the proposed thresholds directly. Live, upgrades apply at once but each downgrade needs the policy's " +
  'confirmation reviews, notice and hysteresis gap, and moves at most maxStepsDown tiers per review, so downgrades spread over reviews.';

interface Move {
  readonly customer: DryRunCustomer;
  readonly to: string;
  readonly movement: Movement;
  readonly scoreBefore: number | null;
  readonly score: number;
  readonly size: number;
}

/** What a proposed policy would do to every customer at once; pure, linear in customers. */
export function dryRun({ asOf, customers, proposed, current, moversLimit = 1000 }: DryRunInput): DryRunResult {
  const distributionBefore = Object.fromEntries([...(current?.tiers ?? []), ...proposed.tiers].map(({ tier }) => [tier, 0]));
  const distributionAfter = Object.fromEntries(proposed.tiers.map(({ tier }) => [tier, 0]));
  const counts = { upgrade: 0, downgrade: 0, assigned: 0, reclassified: 0, unchanged: 0 };
  const moves: Move[] = [];
  let total = 0;
  for (const customer of customers) {
    total += 1;
    const score = scoreOf(customer.values, proposed);
    const to = tierFor(score, proposed);
    const from = customer.currentTier;
    distributionAfter[to] = (distributionAfter[to] ?? 0) + 1;
    if (from !== null) distributionBefore[from] = (distributionBefore[from] ?? 0) + 1;
    const movement = movementOf(from, to, proposed);
    counts[movement ?? 'unchanged'] += 1;
    if (!movement) continue;
    const scoreBefore = current ? scoreOf(customer.values, current) : null;
    const steps = movement === 'upgrade' || movement === 'downgrade' ? Math.abs(tierRank(to, proposed) - tierRank(from ?? to, proposed)) : 0;
    moves.push({ customer, to, movement, scoreBefore, score, size: scoreBefore === null ? steps : Math.abs(score - scoreBefore) });
  }
  moves.sort((a, b) => b.size - a.size || (a.customer.customerId < b.customer.customerId ? -1 : 1));
  const movers = moves.slice(0, moversLimit).map((move) => moverOf(move, proposed, current));
  return {
    asOf,
    total,
    distributionBefore,
    unassignedBefore: counts.assigned,
    distributionAfter,
    upgrades: counts.upgrade,
    downgrades: counts.downgrade,
    unchanged: counts.unchanged,
    assigned: counts.assigned,
    reclassified: counts.reclassified,
    moversTotal: moves.length,
    movers,
    damping: DAMPING,
  };
}

function movementOf(from: string | null, to: string, proposed: ScoringPolicy): Movement | null {
  if (from === null) return 'assigned';
  if (from === to) return null;
  const fromRank = tierRank(from, proposed);
  if (fromRank === proposed.tiers.length) return 'reclassified';
  return tierRank(to, proposed) < fromRank ? 'upgrade' : 'downgrade';
}

function moverOf(move: Move, proposed: ScoringPolicy, current: ScoringPolicy | null): DryRunMover {
  const { customer, to, movement, scoreBefore, score } = move;
  const contributionBefore = (component: TierComponent) => {
    const scoring = current && scoringComponents(current).find((candidate) => candidate.component === component);
    return scoring ? scoring.weight * normalisedOf(customer.values[component], scoring) : 0;
  };
  const drivers = scoringComponents(proposed).map((scoring) => {
    const { component, weight } = scoring;
    const normalised = normalisedOf(customer.values[component], scoring);
    return { component, normalised, weight, change: current ? weight * normalised - contributionBefore(component) : null };
  });
  const sign = movement === 'downgrade' ? -1 : 1;
  const lean = ({ weight, normalised }: Driver) => (sign < 0 ? weight * (normalised - 1) : weight * normalised);
  drivers.sort((a, b) => sign * ((b.change ?? 0) - (a.change ?? 0)) || sign * (lean(b) - lean(a)));
  return { customerId: customer.customerId, from: customer.currentTier, to, movement, scoreBefore, score, drivers: drivers.slice(0, 3) };
}
