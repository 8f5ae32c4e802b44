import { ContractError } from './errors.js';
import { getAtPath, setAtPath, type FieldPath } from './field-path.js';

/** What a personal field reads as once its customer's key is destroyed. */
export const ERASED = '[erased]';

/**
 * Replaces each present personal string (encrypt, decrypt, erase). Absent or null fields are left
 * alone; any other non-string value is an error, as personal fields are string leaves.
 */
export function mapPersonalFields<T>(
  data: T,
  paths: readonly FieldPath[],
  transform: (value: string, path: FieldPath) => string,
): T {
  let result = data;
  for (const path of paths) {
    const value = getAtPath(result, path);
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') {
      throw new ContractError('invalid_event_data', `personal field ${path} holds a ${typeof value}, not a string`);
    }
    result = setAtPath(result, path, transform(value, path));
  }
  return result;
}

export function erasePersonalFields<T>(data: T, paths: readonly FieldPath[]): T {
  return mapPersonalFields(data, paths, () => ERASED);
}

/** What a personal field reads as to someone whose role may not see it. */
export const MASKED = '***';

/**
 * Shows personal fields in clear or masked; erased ones stay erased. `revealed` lists the paths
 * shown in clear, which the caller records as an access.
 */
export function viewPersonalFields<T>(data: T, paths: readonly FieldPath[], clear: boolean): { data: T; revealed: FieldPath[] } {
  const revealed: FieldPath[] = [];
  const shown = mapPersonalFields(data, paths, (value, path) => {
    if (value === ERASED) return ERASED;
    if (!clear) return MASKED;
    revealed.push(path);
    return value;
  });
  return { data: shown, revealed };
}
