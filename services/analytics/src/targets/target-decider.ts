import type { EventData, TargetEvent } from '@ctp/contracts';

export type TargetDocument = EventData<'TargetVersionPublished'>['target'];

export type TargetState = { readonly status: 'unpublished' } | { readonly status: 'published'; readonly version: number; readonly target: TargetDocument };

/** Publish the next version: `expectedVersion` is the latest version the publisher read (0 for none). */
export interface PublishTarget {
  readonly kind: 'publish';
  readonly targetId: string;
  readonly expectedVersion: number;
  readonly target: TargetDocument;
}

/** The publisher read an older version than the latest: read it again (a 409 naming latestVersion). */
export class StaleTargetVersion extends Error {
  constructor(readonly targetId: string, readonly latestVersion: number) {
    super(`target ${targetId} is at version ${latestVersion}: read it again and send expectedVersion ${latestVersion}`);
    this.name = 'StaleTargetVersion';
  }
}

export const initialTargetState = (): TargetState => ({ status: 'unpublished' });

export const latestVersionOf = (state: TargetState) => (state.status === 'published' ? state.version : 0);

export function evolveTarget(_state: TargetState, event: TargetEvent): TargetState {
  switch (event.type) {
    case 'TargetVersionPublished':
      return { status: 'published', version: event.data.version, target: event.data.target };
    default: {
      const unexpected: never = event.type;
      throw new Error(`unknown target event ${String(unexpected)}`);
    }
  }
}

export function decideTarget(command: PublishTarget, state: TargetState): TargetEvent[] {
  const latest = latestVersionOf(state);
  if (command.expectedVersion !== latest) throw new StaleTargetVersion(command.targetId, latest);
  return [{ type: 'TargetVersionPublished', data: { id: command.targetId, version: latest + 1, target: command.target } }];
}
