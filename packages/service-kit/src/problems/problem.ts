export interface ProblemDefinition {
  readonly code: string;
  readonly status: number;
  readonly title: string;
}

export interface FieldProblem {
  /** Where the problem is: `body.events[2].data.amount`, `query.limit`, `header.authorization`. */
  readonly path: string;
  readonly message: string;
  readonly index?: number;
  /** The stable code of the business rule broken, on 422 answers. */
  readonly rule?: string;
}

/** An RFC 9457 problem with a stable code; the only error type routes are meant to throw. */
export class ProblemError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  constructor(
    definition: ProblemDefinition,
    readonly detail: string,
    readonly errors: readonly FieldProblem[] = [],
    readonly extensions: Readonly<Record<string, unknown>> = {},
    /** Response headers of the answer, e.g. `retry-after` on a 503. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.name = 'ProblemError';
    this.code = definition.code;
    this.status = definition.status;
    this.title = definition.title;
  }
}

export function problemType(code: string): string {
  return `urn:ctp:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

export function problemBody(problem: ProblemError, instance?: string) {
  return {
    type: problemType(problem.code),
    title: problem.title,
    status: problem.status,
    code: problem.code,
    detail: problem.detail,
    ...(instance ? { instance } : {}),
    ...(problem.errors.length > 0 ? { errors: problem.errors } : {}),
    ...problem.extensions,
  };
}
