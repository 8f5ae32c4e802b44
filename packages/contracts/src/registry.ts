import type { EventDefinition } from './define-event.js';
import { ContractError, issuesOf } from './errors.js';
import { getAtPath, type FieldPath } from './field-path.js';
import type { Category } from './streams.js';

export interface Upcasted {
  readonly version: number;
  readonly data: unknown;
}

export interface EventRegistry {
  readonly types: readonly string[];
  has(type: string): boolean;
  latest(type: string): EventDefinition;
  definition(type: string, version: number): EventDefinition;
  /** Every version of a type, oldest first. */
  versions(type: string): readonly EventDefinition[];
  /** Latest definitions of a category, in registration order. */
  ofCategory(category: Category): readonly EventDefinition[];
  /** Upcasts stored data to the latest version; data is not validated (it was on append). */
  upcast(type: string, version: number, data: unknown): Upcasted;
  /** Validates data against one version's schema; throws invalid_event_data listing every issue. */
  parseData(type: string, version: number, data: unknown): unknown;
  personalFieldPaths(type: string, version: number): readonly FieldPath[];
  /** The id of the customer owning the personal data, or null for events without one. */
  subjectOf(type: string, version: number, data: unknown): string | null;
}

export function createRegistry(latestDefinitions: readonly EventDefinition[]): EventRegistry {
  const chains = new Map<string, EventDefinition[]>();
  for (const latest of latestDefinitions) {
    if (chains.has(latest.type)) {
      throw new ContractError('invalid_definition', `event type ${latest.type} is registered twice`);
    }
    const chain: EventDefinition[] = [];
    for (let at: EventDefinition | null = latest; at; at = at.previous) chain.unshift(at);
    chains.set(latest.type, chain);
  }

  const versions = (type: string): EventDefinition[] => {
    const chain = chains.get(type);
    if (!chain) throw new ContractError('unknown_event_type', `unknown event type ${JSON.stringify(type)}`);
    return chain;
  };
  const latest = (type: string): EventDefinition => versions(type)[versions(type).length - 1]!;
  const definition = (type: string, version: number): EventDefinition => {
    const found = versions(type)[version - 1];
    if (!found || found.version !== version) {
      throw new ContractError(
        'unknown_event_version',
        `${type} has no schema version ${version} (known: 1..${latest(type).version})`,
      );
    }
    return found;
  };

  return {
    types: [...chains.keys()],
    has: (type) => chains.has(type),
    latest,
    definition,
    versions,
    ofCategory: (category) => latestDefinitions.filter((candidate) => candidate.category === category),
    upcast(type, version, data) {
      definition(type, version);
      let current = data;
      for (const next of versions(type).slice(version)) current = next.upcaster!.upcast(current);
      return { version: latest(type).version, data: current };
    },
    parseData(type, version, data) {
      const parsed = definition(type, version).schema.safeParse(data);
      if (!parsed.success) {
        throw new ContractError('invalid_event_data', `invalid ${type} v${version} data`, issuesOf(parsed.error));
      }
      return parsed.data;
    },
    personalFieldPaths: (type, version) => definition(type, version).personalFields,
    subjectOf(type, version, data) {
      const path = definition(type, version).subject;
      if (path === null) return null;
      const subject = getAtPath(data, path);
      if (typeof subject !== 'string' || subject === '') {
        throw new ContractError('invalid_event_data', `${type} v${version} data has no subject at ${path}`);
      }
      return subject;
    },
  };
}
