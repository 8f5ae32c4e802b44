/** An answer other than 2xx: the problem's title and detail (problem+json) or the body as text. */
export class AdminCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problem: Record<string, unknown> | null,
  ) {
    super(message);
  }
}

export type Fetch = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<Response>;

/** Calls one service's admin routes with the admin key. */
export class AdminClient {
  constructor(
    readonly service: string,
    private readonly baseUrl: string,
    private readonly key: string,
    private readonly fetchImpl: Fetch = fetch,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    let response: Response;
    try {
      const headers: Record<string, string> = { authorization: `Bearer ${this.key}`, accept: 'application/json' };
      response = await this.fetchImpl(url, body === undefined ? { method, headers } : { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    } catch (error) {
      throw new AdminCallError(0, `${this.service} does not answer at ${this.baseUrl}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`, null);
    }
    const text = await response.text();
    const answer = parse(text);
    if (response.ok) return answer as T;
    const problem = answer !== null && typeof answer === 'object' ? (answer as Record<string, unknown>) : null;
    const detail = problem ? [problem.title, problem.detail].filter((part) => typeof part === 'string').join(': ') : text.slice(0, 300);
    throw new AdminCallError(response.status, `${this.service} ${method} ${path}: ${response.status} ${detail}`, problem);
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
