import { z } from 'zod';
import { ContractError } from './errors.js';
import { entityIdSchema } from './primitives.js';

/**
 * Stream categories; each is one Kafka topic. A category never contains '-': the category of a
 * stream is everything before its first '-', as in EventStoreDB's $by_category projection.
 */
export const categories = ['customer', 'audit', 'tier', 'tierPolicy', 'case', 'calendar', 'slaPolicy', 'surveyTemplate', 'survey', 'complaint', 'causeTaxonomy', 'improvement', 'contact', 'target', 'churn', 'lifecycle', 'lifecycleRules', 'account', 'accountRoster', 'managerAbsence', 'webhook', 'messageTemplate', 'message'] as const;
export type Category = (typeof categories)[number];

export function isCategory(value: string): value is Category {
  return (categories as readonly string[]).includes(value);
}

export const streamIdSchema = z
  .string()
  .regex(/^[a-z][A-Za-z0-9]{0,39}-[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, { abort: true })
  .refine((value) => isCategory(value.slice(0, value.indexOf('-'))), 'unknown stream category')
  .meta({ title: 'StreamId' });

export interface StreamName {
  readonly category: Category;
  readonly id: string;
}

export function streamIdFor(category: Category, id: string): string {
  if (!isCategory(category)) {
    throw new ContractError('unknown_category', `unknown stream category ${JSON.stringify(category)}`);
  }
  if (!entityIdSchema.safeParse(id).success) {
    throw new ContractError('invalid_stream_id', `${JSON.stringify(id)} is not a valid id for a ${category} stream`);
  }
  return `${category}-${id}`;
}

export function parseStreamId(streamId: string): StreamName {
  const dash = streamId.indexOf('-');
  const category = streamId.slice(0, dash);
  const id = streamId.slice(dash + 1);
  if (dash < 1 || !entityIdSchema.safeParse(id).success) {
    throw new ContractError(
      'invalid_stream_id',
      `${JSON.stringify(streamId)} is not a stream id of the form <category>-<id>`,
    );
  }
  if (!isCategory(category)) {
    throw new ContractError(
      'unknown_category',
      `stream ${JSON.stringify(streamId)} has unknown category ${JSON.stringify(category)}`,
    );
  }
  return { category, id };
}

export function categoryOf(streamId: string): Category {
  return parseStreamId(streamId).category;
}
