import type { TierComponent } from '@ctp/contracts';
import { formatComponentValue, roundComponentValue } from './component-format.js';
import type { ComponentValues } from './component-values.js';
import { bandOf, scoringComponents, type ScoringComponent } from './normalise.js';
import type { ScoringPolicy } from './policy.js';
import { scoreOf } from './score.js';

export interface Needed {
  readonly component: TierComponent;
  readonly current: string;
  readonly target: string;
}

/**
 * Per component, the nearest value that alone lifts the score to keepScore; components that cannot do it
 * alone are left out. When none can, the fewest components that can together, each at its best band.
 */
export function neededToKeep(values: ComponentValues, policy: ScoringPolicy, keepScore: number): Needed[] {
  const entry = (component: TierComponent, target: number): Needed => ({
    component,
    current: formatComponentValue(component, values[component], policy.currency),
    target: formatComponentValue(component, target, policy.currency),
  });
  const scorings = scoringComponents(policy).filter(({ weight }) => weight > 0);
  const alone = scorings.flatMap((scoring) => {
    const target = aloneTarget(values, policy, scoring, keepScore);
    return target === null ? [] : [entry(scoring.component, target)];
  });
  if (alone.length > 0) return alone;
  const lift = (scoring: ScoringComponent) => scoring.weight * (1 - bandOf(values[scoring.component], scoring) / scoring.breakpoints.length);
  const together: Needed[] = [];
  let lifted = values;
  for (const scoring of [...scorings].sort((a, b) => lift(b) - lift(a))) {
    if (scoreOf(lifted, policy) >= keepScore) break;
    const target = valueReaching(scoring, scoring.breakpoints.length);
    if (bandOf(target, scoring) <= bandOf(values[scoring.component], scoring)) continue;
    lifted = { ...lifted, [scoring.component]: target };
    together.push(entry(scoring.component, target));
  }
  return together;
}

function aloneTarget(values: ComponentValues, policy: ScoringPolicy, scoring: ScoringComponent, keepScore: number) {
  for (let band = bandOf(values[scoring.component], scoring) + 1; band <= scoring.breakpoints.length; band += 1) {
    const target = valueReaching(scoring, band);
    if (scoreOf({ ...values, [scoring.component]: target }, policy) >= keepScore) return target;
  }
  return null;
}

/** The least extreme value in `band`, as a contract decimal can carry it. */
function valueReaching({ component, breakpoints, lowerIsBetter }: ScoringComponent, band: number): number {
  const breakpoint = lowerIsBetter ? breakpoints[breakpoints.length - band]! : breakpoints[band - 1]!;
  return roundComponentValue(component, breakpoint, lowerIsBetter ? 'down' : 'up');
}
