import type { z } from 'zod';
import { problems } from './catalogue.js';
import { ProblemError, type FieldProblem } from './problem.js';

export function fieldPath(location: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (joined, key) => (typeof key === 'number' ? `${joined}[${key}]` : `${joined}.${String(key)}`),
    location,
  );
}

export function zodFieldProblems(location: string, error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: fieldPath(location, issue.path), message: issue.message }));
}

/** Parses a request part; on failure throws one 400 problem naming every bad field. */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  value: unknown,
  location: 'body' | 'query' | 'params' | 'headers',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = zodFieldProblems(location, result.error);
  throw new ProblemError(
    problems.CTP_VALIDATION_FAILED,
    `${errors.length} problem(s) in the request ${location}`,
    errors,
  );
}

type Location = 'body' | 'query' | 'params' | 'headers';

/** Parses several request parts at once, so one 400 names every bad field wherever it is. */
export function parseRequestParts<T extends Partial<Record<Location, { schema: z.ZodType; value: unknown }>>>(
  parts: T,
): { [K in keyof T]: T[K] extends { schema: infer S extends z.ZodType } ? z.output<S> : never } {
  const parsed: Record<string, unknown> = {};
  const errors: FieldProblem[] = [];
  for (const [location, part] of Object.entries(parts) as [Location, { schema: z.ZodType; value: unknown }][]) {
    const result = part.schema.safeParse(part.value);
    if (result.success) parsed[location] = result.data;
    else errors.push(...zodFieldProblems(location, result.error));
  }
  if (errors.length > 0) {
    throw new ProblemError(problems.CTP_VALIDATION_FAILED, `${errors.length} problem(s) in the request`, errors);
  }
  return parsed as never;
}
