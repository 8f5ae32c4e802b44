import type { Writable } from 'node:stream';
import type { Fact, FactCounts } from '../facts.js';
import { writeLines } from './ndjson.js';

export const csvColumns = ['id', 'type', 'customerId', 'occurredAt', 'reference', 'amount', 'currency', 'channel', 'kind', 'purpose', 'data'] as const;

function escape(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The business id a fact is about: order, refund's order, interaction, erasure request, source record or merged ids. */
function reference(fact: Fact): string {
  switch (fact.type) {
    case 'PurchaseRecorded':
    case 'PurchaseRefunded':
      return fact.data.orderId;
    case 'InteractionRecorded':
      return fact.data.interactionId;
    case 'CustomerErasureRequested':
      return fact.data.requestId;
    case 'CustomerRegistered':
      return `${fact.data.source.system}:${fact.data.source.externalId}`;
    case 'CustomersMerged':
      return fact.data.mergedAwayIds.join(' ');
    default:
      return '';
  }
}

export function csvRow(fact: Fact): string {
  const data: Record<string, unknown> = fact.data;
  const text = (key: string): string => (typeof data[key] === 'string' ? (data[key] as string) : '');
  const channel = fact.type === 'ConsentWithdrawn' ? fact.data.via : fact.type === 'CustomerErasureRequested' ? fact.data.requestedVia : text('channel');
  const row = [fact.id, fact.type, fact.customerId, fact.occurredAt, reference(fact), text('amount'), text('currency'), channel, text('kind'), text('purpose'), JSON.stringify(fact.data)];
  return row.map(escape).join(',');
}

/** A flat CSV: the common columns, and the whole event data as JSON in the last one. */
export function toCsv(facts: Iterable<Fact> | AsyncIterable<Fact>, writable: Writable): Promise<FactCounts> {
  return writeLines(facts, writable, csvRow, csvColumns.join(',') + '\n');
}
