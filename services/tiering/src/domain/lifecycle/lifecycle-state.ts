import type { LifecycleEvent, LifecycleStage } from '@ctp/contracts';

/** A customer's lifecycle, folded from its `lifecycle-<customerId>` stream. */
export type LifecycleState = { readonly status: 'untracked' } | { readonly status: 'tracked'; readonly stage: LifecycleStage; readonly since: string };

export const initialLifecycleState = (): LifecycleState => ({ status: 'untracked' });

export function evolveLifecycle(state: LifecycleState, event: LifecycleEvent): LifecycleState {
  switch (event.type) {
    case 'LifecycleStageChanged':
      return { status: 'tracked', stage: event.data.to, since: event.data.changedAt };
    default: {
      const unknown: never = event.type;
      return unknown;
    }
  }
}
