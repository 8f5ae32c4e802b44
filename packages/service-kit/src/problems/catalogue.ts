import type { ProblemDefinition } from './problem.js';

function define<const T extends Record<string, Omit<ProblemDefinition, 'code'>>>(entries: T) {
  return Object.fromEntries(
    Object.entries(entries).map(([code, entry]) => [code, { code, ...entry }]),
  ) as { [K in keyof T]: ProblemDefinition & { code: K } };
}

/** The platform-wide problem codes. Every code here must be documented in docs/errors.md. */
export const problems = define({
  CTP_VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  CTP_MALFORMED_BODY: { status: 400, title: 'The request body could not be parsed' },
  CTP_MALFORMED_REQUEST: { status: 400, title: 'The request line, URL or headers could not be parsed' },
  CTP_UNAUTHENTICATED: { status: 401, title: 'A valid API key is required' },
  CTP_FORBIDDEN: { status: 403, title: 'The API key has no role allowed here' },
  CTP_NOT_FOUND: { status: 404, title: 'No such resource' },
  CTP_METHOD_NOT_ALLOWED: { status: 405, title: 'The path does not answer this method' },
  CTP_REQUEST_TIMEOUT: { status: 408, title: 'The request was not received in time' },
  CTP_CONFLICT: { status: 409, title: 'The request conflicts with the current state' },
  CTP_GONE: { status: 410, title: 'The link or resource is no longer valid' },
  CTP_PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  CTP_URI_TOO_LONG: { status: 414, title: 'A path parameter is too long' },
  CTP_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The content type is not supported' },
  CTP_UNPROCESSABLE: { status: 422, title: 'The request breaks a business rule' },
  CTP_RATE_LIMITED: { status: 429, title: 'Too many requests' },
  CTP_HEADERS_TOO_LARGE: { status: 431, title: 'The request line and headers are too large' },
  CTP_INTERNAL: { status: 500, title: 'An unexpected error occurred' },
  CTP_NOT_READY: { status: 503, title: 'A dependency is not available' },
  CTP_NOT_KEPT: { status: 504, title: 'No kept answer (the request asked only-if-cached)' },
});

export type PlatformProblemCode = keyof typeof problems;
