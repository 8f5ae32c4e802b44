import { eventRegistry, type EventData, type EventType } from './events/index.js';
import type { FieldPath } from './field-path.js';
import { erasePersonalFields, mapPersonalFields } from './personal-data.js';
import type { Upcasted } from './registry.js';

export function upcast(type: string, version: number, data: unknown): Upcasted {
  return eventRegistry.upcast(type, version, data);
}

export function personalFieldPaths(type: string, version: number): readonly FieldPath[] {
  return eventRegistry.personalFieldPaths(type, version);
}

export function subjectOf(type: string, version: number, data: unknown): string | null {
  return eventRegistry.subjectOf(type, version, data);
}

/** Validates data against the latest schema of `type`; throws invalid_event_data listing every issue. */
export function parseEventData<T extends EventType>(type: T, data: unknown): EventData<T> {
  return eventRegistry.parseData(type, eventRegistry.latest(type).version, data) as EventData<T>;
}

export function mapEventPersonalFields<T>(
  type: string,
  version: number,
  data: T,
  transform: (value: string, path: FieldPath) => string,
): T {
  return mapPersonalFields(data, personalFieldPaths(type, version), transform);
}

export function eraseEventPersonalFields<T>(type: string, version: number, data: T): T {
  return erasePersonalFields(data, personalFieldPaths(type, version));
}
