import { isoDateIn, isoDateTimeIn } from '@ctp/calendar';
import type { ConsentEvidence } from '@ctp/contracts';
import type { World } from '../options.js';
import { weighted, weights } from '../random/distributions.js';
import { seededCode } from '../random/ids.js';
import type { Rng } from '../random/prng.js';
import type { SourceSystem } from './person.js';

const methods: Readonly<Record<SourceSystem, ConsentEvidence['method']>> = {
  erp: 'signed_form',
  crm: 'signed_form',
  web: 'web_form',
  app: 'app',
  callcentre: 'recorded_call',
};

const laterMethods = weights<ConsentEvidence['method']>({ app: 40, web_form: 30, sms: 15, email: 10, recorded_call: 5 });

/** The business date at an instant (epoch seconds). */
export function localDate(world: World, at: number): string {
  return isoDateIn(at * 1000, world.clock.timeZone);
}

/** An instant (epoch seconds) as ISO-8601 with the business time zone's offset, as facts carry it. */
export function localTime(world: World, at: number): string {
  return isoDateTimeIn(at * 1000, world.clock.timeZone);
}

/** Privacy notices are republished every January and July. */
export function noticeVersion(world: World, at: number): string {
  const date = localDate(world, at);
  return `${date.slice(0, 4)}-${Number(date.slice(5, 7)) < 7 ? '01' : '07'}`;
}

/** Evidence for a consent given at registration comes from the registering system; later ones from the channels customers use. */
export function consentEvidence(rng: Rng, world: World, source: SourceSystem | null, at: number): ConsentEvidence {
  const method = source === null ? weighted(rng, laterMethods) : methods[source];
  return { method, reference: `${method.replace('_', '-')}-${seededCode(rng, 10)}`, noticeVersion: noticeVersion(world, at) };
}
