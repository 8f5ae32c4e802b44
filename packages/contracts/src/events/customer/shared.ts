import { z } from 'zod';
import { countryCodeSchema } from '../../primitives.js';

/** The default purposes; a deployment may configure others, and intake refuses consent for unknown ones. */
export const consentPurposes = ['service', 'marketing', 'survey', 'analytics'] as const;
export type ConsentPurpose = string;

export const consentPurposeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/)
  .describe("one of the deployment's consent purposes (default: service, marketing, survey, analytics)");

/** The languages customer messages are written in; a customer's profile may name one (else the business default). */
export const messageLocales = ['zh-CN', 'en'] as const;
export type MessageLocale = (typeof messageLocales)[number];
export const localeSchema = z.enum(messageLocales).describe('the language messages to the customer are written in');

export const interactionChannels = ['phone', 'online', 'email', 'walk_in', 'social', 'app'] as const;
export type InteractionChannel = (typeof interactionChannels)[number];

export const consentEvidenceSchema = z.strictObject({
  method: z.enum(['signed_form', 'web_form', 'app', 'recorded_call', 'email', 'sms']),
  reference: z.string().min(1).max(200).describe('id of the stored form, recording or message'),
  noticeVersion: z.string().min(1).max(50).describe('version of the privacy notice the customer was shown'),
});
export type ConsentEvidence = z.infer<typeof consentEvidenceSchema>;

const addressLine = z.string().min(1).max(200);

export const addressSchema = z.strictObject({
  line1: addressLine,
  line2: addressLine.optional(),
  city: addressLine,
  region: z.string().min(1).max(100).optional().describe('province or state; kept for analytics, not personal'),
  postalCode: z.string().min(1).max(20).optional(),
  country: countryCodeSchema,
});
export type Address = z.infer<typeof addressSchema>;

export function addressPersonalFields(prefix: string): string[] {
  return ['line1', 'line2', 'city', 'postalCode'].map((field) => `${prefix}.${field}`);
}
