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
