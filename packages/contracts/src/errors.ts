import type { z } from 'zod';

export type ContractErrorCode =
  | 'unknown_event_type'
  | 'unknown_event_version'
  | 'unknown_category'
  | 'invalid_event_data'
  | 'invalid_envelope'
  | 'invalid_stream_id'
  | 'invalid_field_path'
  | 'invalid_global_position'
  | 'invalid_definition'
  | 'invalid_exchange_rate';

export interface ContractIssue {
  readonly path: string;
  readonly message: string;
}

export class ContractError extends Error {
  override readonly name = 'ContractError';
  readonly code: ContractErrorCode;
  readonly issues: readonly ContractIssue[];

  constructor(code: ContractErrorCode, message: string, issues: readonly ContractIssue[] = []) {
    super(message);
    this.code = code;
    this.issues = issues;
  }
}

export function issuesOf(error: z.ZodError): ContractIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** A command refused by one of a domain's rules, with the rule's stable code (answered as 422 with it). */
export class RuleViolation<Code extends string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string) {
    super(message);
    this.code = code;
  }
}
