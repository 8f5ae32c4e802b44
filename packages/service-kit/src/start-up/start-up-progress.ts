import type { Dependency } from '../health/dependency.js';

type StepState = { readonly state: 'starting' | 'running' } | { readonly state: 'waiting'; readonly reason: string };

/** What the service is still starting, and why it waits: shown by /ready until everything runs. */
export class StartUpProgress {
  private readonly steps = new Map<string, StepState>();

  starting(step: string): void {
    this.steps.set(step, { state: 'starting' });
  }

  waiting(step: string, reason: string | null): void {
    this.steps.set(step, reason === null ? { state: 'starting' } : { state: 'waiting', reason });
  }

  running(step: string): void {
    this.steps.set(step, { state: 'running' });
  }

  /** Null once every step runs; else what the first step not running is doing. */
  pending(): string | null {
    for (const [step, progress] of this.steps) {
      if (progress.state === 'starting') return `starting ${step}`;
      if (progress.state === 'waiting') return `${step} is waiting: ${progress.reason}`;
    }
    return null;
  }

  dependency(): Dependency {
    return {
      name: 'start-up',
      target: [...this.steps.keys()].join(', '),
      check: async () => {
        const pending = this.pending();
        if (pending !== null) throw new Error(pending);
      },
      close: async () => undefined,
    };
  }
}
