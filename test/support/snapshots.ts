import type { StackSnapshot } from '../../electron/shared/stack';

/** A stack with nothing running, as StackState reports it. */
export const stoppedSnapshot: StackSnapshot = {
  state: 'stopped',
  project: 'hagw',
  services: [],
  operation: null,
  reason: null,
};
