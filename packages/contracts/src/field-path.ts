import { ContractError } from './errors.js';

/** A dot-separated path of property names into event data, e.g. `address.line1`; no array steps. */
export type FieldPath = string;

const segmentPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function pathSegments(path: FieldPath): string[] {
  const segments = path.split('.');
  if (!segments.every((segment) => segmentPattern.test(segment))) {
    throw new ContractError('invalid_field_path', `${JSON.stringify(path)} is not a dot-separated field path`);
  }
  return segments;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path`, or undefined when any step is missing or not an object. */
export function getAtPath(data: unknown, path: FieldPath): unknown {
  let current: unknown = data;
  for (const segment of pathSegments(path)) {
    if (!isRecord(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}

/** A copy of `data` with `value` at `path`; `data` is left untouched. Every parent must exist. */
export function setAtPath<T>(data: T, path: FieldPath, value: unknown): T {
  const segments = pathSegments(path);
  const write = (node: unknown, index: number): unknown => {
    const segment = segments[index];
    if (segment === undefined) return value;
    if (!isRecord(node)) {
      const parent = segments.slice(0, index).join('.') || '(root)';
      throw new ContractError('invalid_field_path', `cannot set ${path}: ${parent} is not an object`);
    }
    return { ...node, [segment]: write(node[segment], index + 1) };
  };
  return write(data, 0) as T;
}
