/** Something a service needs to be ready: a server it talks to, checked on every /ready. */
export interface Dependency {
  readonly name: string;
  readonly target: string;
  check(): Promise<void>;
  close(): Promise<void>;
}

export interface DependencyStatus {
  readonly status: 'up' | 'down';
  readonly target: string;
  readonly latencyMs: number;
  readonly error?: string;
}

export async function checkDependency(dependency: Dependency, timeoutMs: number): Promise<DependencyStatus> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([dependency.check(), timeout]);
    return { status: 'up', target: dependency.target, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: 'down',
      target: dependency.target,
      latencyMs: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}
