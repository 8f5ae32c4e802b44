import { lowerIsBetter, type TierComponent } from '@ctp/contracts';
import { TieringError } from './errors.js';
import type { ScoringPolicy } from './policy.js';

export interface ScoringComponent {
  readonly component: TierComponent;
  readonly weight: number;
  /** Rising; fixed by the policy or cut by its calibration. */
  readonly breakpoints: readonly number[];
  readonly lowerIsBetter: boolean;
}

/** How many breakpoints a value reaches: at or above each one, or at or below for lower-is-better components. */
export function bandOf(value: number, { breakpoints, lowerIsBetter }: Pick<ScoringComponent, 'breakpoints' | 'lowerIsBetter'>) {
  let band = 0;
  for (const breakpoint of breakpoints) if (lowerIsBetter ? value <= breakpoint : value >= breakpoint) band += 1;
  return band;
}

/** 0 below the first breakpoint, 1 beyond the last, evenly spaced bands between. */
export function normalisedOf(value: number, scoring: ScoringComponent): number {
  return bandOf(value, scoring) / scoring.breakpoints.length;
}

const compiled = new WeakMap<ScoringPolicy, readonly ScoringComponent[]>();

/** The policy's components with their breakpoints resolved; cached per policy object, which must not change. */
export function scoringComponents(policy: ScoringPolicy): readonly ScoringComponent[] {
  const cached = compiled.get(policy);
  if (cached) return cached;
  const components = policy.components.map((entry) => scoringComponent(entry, policy));
  compiled.set(policy, components);
  return components;
}

function scoringComponent({ component, weight, normalisation }: ScoringPolicy['components'][number], policy: ScoringPolicy) {
  const breakpoints = normalisation.method === 'fixed' ? normalisation.breakpoints : policy.calibration?.breakpoints[component];
  if (!breakpoints) {
    throw new TieringError('policy_not_calibrated', `${component} is normalised by percentile but the policy has no calibration`);
  }
  return { component, weight, breakpoints, lowerIsBetter: lowerIsBetter(component) };
}

/** A component's value as a 0..1 score under the policy; 0 for a component the policy does not weigh. */
export function normalise(component: TierComponent, value: number, policy: ScoringPolicy): number {
  const entry = policy.components.find((candidate) => candidate.component === component);
  return entry ? normalisedOf(value, scoringComponent(entry, policy)) : 0;
}
