import { minorUnitDigits } from '@ctp/contracts';
import type { DemoCase } from './cases.js';
import { chance, intBetween, pick, weighted, weights } from './random/distributions.js';
import { createRng, type Seed } from './random/prng.js';

/** What feedback's demo data does to one demo complaint case (found in sla by its external id). */
export interface DemoComplaintPlan {
  readonly externalId: string;
  /** One or two of the taxonomy's codes. */
  readonly causes: readonly string[];
  /** A remedy against the customer's latest order: `within` the 10 % band (settled), or `above` it (awaits approval). */
  readonly remedy: { readonly kind: 'refund' | 'voucher' | 'replacement' | 'goodwill'; readonly band: 'within' | 'above' } | null;
}

export interface DemoImprovementAction {
  readonly actionId: string;
  readonly title: string;
  readonly owner: string;
  readonly causes: readonly string[];
  readonly startsInDays: number;
  readonly dueInDays: number;
}

export type SurveyAnswers = Readonly<Record<string, number | string>>;

/** A contact outcome as `POST /v1/contacts/{obligationId}/outcomes` takes it. */
export interface DemoContactOutcome {
  readonly outcome: 'reached' | 'not_reached' | 'declined' | 'visit_report';
  readonly channel: 'phone' | 'email' | 'sms' | 'on_site';
  readonly note?: string;
}

const ABOVE_BAND_REMEDIES = 2;
const remedyKinds = weights<'refund' | 'voucher' | 'replacement' | 'goodwill'>({ refund: 40, voucher: 30, replacement: 20, goodwill: 10 });
const comments = ['Quick and friendly, thank you.', '处理得很及时，谢谢！', 'It took three calls to get an answer.', 'The courier never called back.', 'Fine in the end.'];
const visitNotes = ['Visited the store manager; reviewed the open orders and next season’s plan.', '上门拜访，确认了售后流程改进。'];

/** The demo complaints' causes and remedies: every complaint classified, one in five given a remedy, the first two of those above the band. */
export function planDemoComplaints(cases: readonly DemoCase[], seed: Seed, causeCodes: readonly string[]): DemoComplaintPlan[] {
  if (causeCodes.length === 0) return [];
  let above = 0;
  return cases
    .filter(({ opening }) => opening.type === 'complaint')
    .map(({ opening: { source } }) => {
      const rng = createRng(seed, 'demo-complaint', source.externalId);
      const first = pick(rng, causeCodes);
      const second = chance(rng, 0.3) ? pick(rng, causeCodes) : first;
      const causes = second === first ? [first] : [first, second];
      const remedy = chance(rng, 0.2) ? { kind: weighted(rng, remedyKinds), band: above++ < ABOVE_BAND_REMEDIES ? ('above' as const) : ('within' as const) } : null;
      return { externalId: source.externalId, causes, remedy };
    });
}

/** The remedy's amount for an order: 5 % of it within the band, 25 % above it, cut to the currency's minor units (null when that is zero). */
export function remedyAmount(orderAmount: string, currency: string, band: 'within' | 'above'): string | null {
  const digits = minorUnitDigits(currency);
  const [whole, fraction = ''] = orderAmount.split('.');
  const minor = BigInt(whole!) * 10n ** BigInt(digits) + BigInt((fraction + '0'.repeat(digits)).slice(0, digits) || '0');
  const share = (minor * (band === 'within' ? 5n : 25n)) / 100n;
  if (share === 0n) return null;
  const text = share.toString().padStart(digits + 1, '0');
  return digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Three actions against the taxonomy's first causes (fixed ids: creating them again is refused as action_exists). */
export function planImprovementActions(causeCodes: readonly string[]): DemoImprovementAction[] {
  const [first, second, third] = [0, 1, 2].map((index) => causeCodes[index % Math.max(causeCodes.length, 1)]);
  if (!first || !second || !third) return [];
  return [
    { actionId: 'demo-improvement-1', title: 'Simplify the returns process', owner: 'team-service', causes: [first], startsInDays: -30, dueInDays: 30 },
    { actionId: 'demo-improvement-2', title: 'Coach front-line staff on complaint calls', owner: 'team-training', causes: [second], startsInDays: -7, dueInDays: 60 },
    { actionId: 'demo-improvement-3', title: 'Answer new complaints within four hours', owner: 'team-service', causes: [third], startsInDays: 0, dueInDays: 90 },
  ];
}

/** A customer's answers to the case survey (CSAT, CES, the six dimensions, sometimes a comment): mostly content, a few poor. */
export function caseSurveyAnswers(seed: Seed, invitationId: string): SurveyAnswers {
  const rng = createRng(seed, 'demo-case-survey', invitationId);
  const csat = Number(weighted(rng, weights({ '5': 40, '4': 30, '3': 15, '2': 10, '1': 5 })));
  const score = (low: number, high: number) => intBetween(rng, low, high);
  const dimension = () => Math.min(100, Math.max(0, csat * 20 - score(0, 30)));
  const answers: Record<string, number | string> = {
    csat,
    ces: Math.min(7, Math.max(1, csat + score(0, 2))),
    efficiency: dimension(), speed: dimension(), resolution: dimension(), attitude: dimension(), environment: dimension(), personalisation: dimension(),
  };
  if (chance(rng, 0.4)) answers.comment = pick(rng, comments);
  return answers;
}

/** A sampled customer's relationship answers (NPS 0-10 and why). */
export function relationshipSurveyAnswers(seed: Seed, invitationId: string): SurveyAnswers {
  const rng = createRng(seed, 'demo-nps-survey', invitationId);
  const nps = Number(weighted(rng, weights({ '10': 25, '9': 25, '8': 20, '7': 10, '6': 8, '5': 5, '3': 4, '0': 3 })));
  return { nps, why: nps >= 9 ? 'Good tea, good people.' : nps >= 7 ? 'Fine, but delivery is slow.' : '售后太慢了。' };
}

/**
 * The outcome recorded on an obligation, or null to leave it: chosen by the obligation's id alone, so a load
 * run again picks the same ones. Two in three get one: most fulfil it, some are a missed call.
 */
export function demoContactOutcome(seed: Seed, obligationId: string, kind: 'visit' | 'callback'): DemoContactOutcome | null {
  const rng = createRng(seed, 'demo-contact', obligationId);
  if (!chance(rng, 2 / 3)) return null;
  if (kind === 'visit') return { outcome: 'visit_report', channel: 'on_site', note: pick(rng, visitNotes) };
  return chance(rng, 0.25) ? { outcome: 'not_reached', channel: 'phone' } : { outcome: pick(rng, ['reached', 'reached', 'declined'] as const), channel: pick(rng, ['phone', 'email'] as const) };
}
