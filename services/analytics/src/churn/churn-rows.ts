import { drillLink, eventsLink, type TraceEvent } from '../metrics/drill.js';
import type { CustomerRisk } from './churn-backtest.js';
import { factorNames } from './churn-model.js';
import type { CustomerSignals } from './churn-signals.js';

export const risksPath = '/v1/analytics/churn/risks';

/** The events route takes at most 100 positions: a long trace gets one link per 100, each position once (one event may plan several contacts). */
export function eventsLinks(trace: readonly TraceEvent[]): string[] {
  const unique = [...new Map(trace.map((event) => [event.position, event])).values()];
  const links: string[] = [];
  for (let start = 0; start < unique.length; start += 100) links.push(eventsLink(unique.slice(start, start + 100)));
  return links;
}

export const riskColumns = ['customerId', 'tier', 'score', 'atRisk', ...factorNames.map((name) => `${name}Contribution`), 'factors', 'drill'];

/** A risk as a row: the score, each factor's contribution flat (for CSV), the factors in full, and drill links to the facts. */
export function riskRow(risk: CustomerRisk, signals: CustomerSignals, tier: string | null, asOf: string) {
  const contributionColumns = Object.fromEntries(risk.contributions.map(({ factor, contribution }) => [`${factor}Contribution`, contribution]));
  const factors = risk.factors.map((factor) => {
    const part = risk.contributions.find(({ factor: name }) => name === factor.name)!;
    return { name: factor.name, measured: factor.measured, value: factor.value, weight: part.weight, contribution: part.contribution, share: part.share, events: eventsLinks(factor.trace) };
  });
  const traceOf = (facts: readonly { readonly trace: readonly TraceEvent[] }[]) => facts.flatMap(({ trace }) => trace);
  const drill = {
    risk: drillLink(`${risksPath}/${encodeURIComponent(risk.customerId)}`, { asOf }),
    purchases: eventsLinks(traceOf(signals.purchases)),
    cases: eventsLinks(traceOf(signals.breaches)),
    complaints: eventsLinks(traceOf(signals.complaints)),
    surveys: eventsLinks(traceOf(signals.poorSurveys)),
    contacts: eventsLinks(traceOf(signals.contacts)),
  };
  return { customerId: risk.customerId, tier, score: risk.score, atRisk: risk.atRisk, ...contributionColumns, factors, drill };
}
