import { z } from 'zod';
import type { EventDefinition } from './define-event.js';
import { eventToAppendSchema, recordedEventSchema, traceparentSchema } from './envelope.js';
import { ERASED } from './personal-data.js';
import { globalPositionSchema } from './position.js';
import * as primitives from './primitives.js';
import type { EventRegistry } from './registry.js';
import { schemaFields, type JsonSchema } from './schema-fields.js';
import { categories, streamIdSchema } from './streams.js';
import { tierIdSchema } from './events/tier/explanation.js';

export const regenerateCommand = 'pnpm --filter @ctp/contracts docs';

const namedTypes: readonly (readonly [z.ZodType, string])[] = [
  [primitives.entityIdSchema, 'opaque id; may contain "-"'],
  [primitives.isoDateTimeSchema, 'RFC 3339 with "Z" or a "+08:00" style offset'],
  [primitives.isoDateSchema, 'calendar date'],
  [primitives.decimalSchema, 'exact decimal string, never a float; no "-0"'],
  [primitives.nonNegativeDecimalSchema, 'exact decimal string >= 0'],
  [primitives.positiveDecimalSchema, 'exact decimal string > 0'],
  [primitives.currencySchema, 'ISO 4217 alphabetic code'],
  [primitives.countryCodeSchema, 'ISO 3166-1 alpha-2'],
  [primitives.emailSchema, ''],
  [primitives.phoneSchema, 'E.164, e.g. +8613800138000'],
  [primitives.freeTextSchema, 'free text: always personal'],
  [tierIdSchema, 'tier id defined by the tier policy'],
  [streamIdSchema, '`<category>-<id>` with a known category'],
  [globalPositionSchema, 'canonical unsigned decimal string <= 2^64 - 1'],
  [traceparentSchema, 'W3C trace context, version 00, ids not all zero'],
];

export function renderCatalogue(registry: EventRegistry): string {
  const lines = [
    '# Event catalogue',
    '',
    `Generated from \`packages/contracts\` by \`${regenerateCommand}\`. Do not edit by hand.`,
    '',
    'Streams are named `<category>-<id>`; each category is one Kafka topic. Personal fields are encrypted',
    `with the subject customer's key and read as \`${ERASED}\` once that key is destroyed. Old versions are`,
    'upcast on read, never rewritten. `globalPosition` is an unsigned decimal string (exact up to 2^64 - 1).',
    '',
    '## Envelope',
    '',
    ...fieldTable(recordedEventSchema, []),
    '',
    `An event to append has the same fields except ${envelopeOnlyOnRecord().join(', ')}.`,
    '',
    '## Named types',
    '',
    '| type | JSON Schema | notes |',
    '|---|---|---|',
    ...namedTypes.map(([schema, note]) => namedTypeRow(schema, note)),
    '',
    ...categories.flatMap((category) => renderCategory(registry, category)),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

function renderCategory(registry: EventRegistry, category: (typeof categories)[number]): string[] {
  const definitions = registry.ofCategory(category);
  if (definitions.length === 0) return [];
  return [
    `## ${category}`,
    '',
    `Stream \`${category}-<id>\`.`,
    '',
    ...definitions.flatMap((latest) => renderType(registry, latest)),
  ];
}

function renderType(registry: EventRegistry, latest: EventDefinition): string[] {
  const versions = [...registry.versions(latest.type)].reverse();
  return [
    `### ${latest.type}`,
    '',
    latest.description,
    '',
    `Latest version ${latest.version}. Subject: ${latest.subject ? `\`${latest.subject}\`` : 'none'}.`,
    '',
    ...versions.flatMap((definition) => [
      `#### ${latest.type} v${definition.version}${definition === latest ? ' (latest)' : ''}`,
      '',
      ...(definition === latest ? [] : [definition.description, '']),
      ...(definition.upcaster ? [`Upcast from v${definition.version - 1}: ${definition.upcaster.change}.`, ''] : []),
      ...fieldTable(definition.schema, definition.personalFields),
      '',
    ]),
  ];
}

function fieldTable(schema: z.ZodType, personal: readonly string[]): string[] {
  return [
    '| field | type | required | personal | notes |',
    '|---|---|---|---|---|',
    ...schemaFields(schema).map((field) =>
      row([
        `\`${field.path}\``,
        field.type,
        field.required ? 'yes' : 'no',
        personal.includes(field.path) ? '**personal**' : '',
        field.description ?? '',
      ]),
    ),
  ];
}

function namedTypeRow(schema: z.ZodType, note: string): string {
  const { title, $schema: _, ...rest } = z.toJSONSchema(schema) as JsonSchema & { $schema?: string };
  const shown = rest.format ? { ...rest, pattern: undefined } : rest;
  return row([title ?? '?', `\`${JSON.stringify(shown)}\``, note]);
}

function envelopeOnlyOnRecord(): string[] {
  const appendFields = new Set(Object.keys(eventToAppendSchema.shape));
  return Object.keys(recordedEventSchema.shape)
    .filter((key) => !appendFields.has(key))
    .map((key) => `\`${key}\``);
}

function row(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replaceAll('|', '\\|').replaceAll('\n', ' ')).join(' | ')} |`;
}
