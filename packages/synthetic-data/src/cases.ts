import { drawStory, type DemoCaseType, type StoryName, type StoryStep } from './cases-stories.js';
import { resolveOptions, type World } from './options.js';
import { interactionNotes } from './persona/texts.js';
import { pick, weighted, weights } from './random/distributions.js';
import { seededCode } from './random/ids.js';
import { createRng, type Seed } from './random/prng.js';
import { planArrival } from './simulation/arrival.js';
import { samplePerson } from './simulation/blueprint.js';

export type { StoryName } from './cases-stories.js';

export const DEMO_HELPDESK = 'demo-helpdesk';

export interface DemoCasesOptions {
  /** The seed and customer count the demo customers were generated with. */
  readonly seed: Seed;
  readonly customers: number;
  /** Cases to make. */
  readonly cases: number;
  /** The instant the cases lead up to: no opening or step after it. */
  readonly now: Date;
}

/** `POST /v1/cases` as a helpdesk integration sends it. */
export interface DemoCaseOpening {
  readonly customerId: string;
  readonly channel: 'phone' | 'online' | 'email' | 'app';
  readonly type: DemoCaseType;
  readonly priority: 'low' | 'normal' | 'high' | 'urgent';
  readonly subject: string;
  readonly openedAt: string;
  readonly source: { readonly system: typeof DEMO_HELPDESK; readonly externalId: string };
}

/** A step as its route takes it: `POST /v1/cases/{id}/replies | customer-messages | status`. */
export type DemoCaseStep =
  | { readonly kind: 'reply'; readonly at: string; readonly body: string }
  | { readonly kind: 'customer_message'; readonly at: string; readonly body: string }
  | { readonly kind: 'status'; readonly at: string; readonly to: string; readonly reason: string };

export interface DemoCase {
  readonly story: StoryName;
  readonly opening: DemoCaseOpening;
  readonly steps: readonly DemoCaseStep[];
}

const channels = weights<DemoCaseOpening['channel']>({ phone: 35, online: 30, email: 30, app: 5 });
const types = weights<DemoCaseType>({ complaint: 40, inquiry: 40, request: 20 });
const priorities = weights<DemoCaseOpening['priority']>({ normal: 70, high: 18, low: 8, urgent: 4 });
const noteKind = { complaint: 'complaint', inquiry: 'inquiry', request: 'service_request' } as const;
const replies = [
  'Thank you for contacting us. We are looking into it and will get back to you shortly.',
  '您好，我们已收到您的反馈，正在核实处理。',
  'We have arranged a replacement; the courier will contact you within two days.',
  'The refund has been issued and should reach your account in 3-5 working days.',
];
const customerMessages = ['Any news on this?', '我已经上传了照片和订单号。', 'The problem is back since yesterday.', 'Here is the delivery receipt you asked for.'];

/** The demo customers who were customers before the history started: registered long before any case. */
function longStandingCustomers(world: World): string[] {
  return Array.from({ length: world.customers }, (_, index) => planArrival(world, index))
    .filter(({ existing }) => existing)
    .map((arrival) => samplePerson(world, arrival).customerId);
}

function stepAt(step: StoryStep, at: string, rng: ReturnType<typeof createRng>): DemoCaseStep {
  switch (step.kind) {
    case 'reply':
      return { kind: 'reply', at, body: pick(rng, replies) };
    case 'customer_message':
      return { kind: 'customer_message', at, body: pick(rng, customerMessages) };
    case 'status':
      return { kind: 'status', at, to: step.to, reason: step.reason };
  }
}

/**
 * Demo service cases for the demo customers, leading up to `now`: the same options give the same cases.
 * Old cases answered in time, late or never, paused while waiting on the customer, resolved and reopened;
 * recent ones near their deadline or just in; so a queue shows met, warned and breached clocks.
 */
export function generateDemoCases(options: DemoCasesOptions): DemoCase[] {
  const world = resolveOptions({ seed: options.seed, customers: options.customers, from: '2000-01-01', to: '2000-01-02' });
  const customers = longStandingCustomers(world);
  if (customers.length === 0) return [];
  const now = Math.floor(options.now.getTime() / 1000) * 1000;
  const iso = (ms: number) => new Date(ms).toISOString();
  return Array.from({ length: options.cases }, (_, index) => {
    const rng = createRng(options.seed, 'demo-case', index);
    const story = drawStory(rng);
    const drawn = weighted(rng, types);
    const type = story.types && !story.types.includes(drawn) ? pick(rng, story.types) : drawn;
    const openedAt = now - story.ageMinutes * 60_000;
    const subject = pick(rng, interactionNotes[noteKind[type]]).replace('{order}', `SO-${seededCode(rng, 12)}`);
    const opening: DemoCaseOpening = {
      customerId: pick(rng, customers),
      channel: weighted(rng, channels),
      type,
      priority: story.types ? 'normal' : weighted(rng, priorities),
      subject,
      openedAt: iso(openedAt),
      source: { system: DEMO_HELPDESK, externalId: `DH-${String(index + 1).padStart(6, '0')}` },
    };
    const steps = story.steps
      .map((step) => ({ step, at: openedAt + step.after * 60_000 }))
      .filter(({ at }) => at <= now)
      .map(({ step, at }) => stepAt(step, iso(at), rng));
    return { story: story.name, opening, steps };
  });
}
