import type { StackController } from '../core/stack-controller';
import type { StackSnapshot } from '../shared/stack';
import type { ImagePinner } from './image-pinner';

export interface StartStackDeps {
  stack: Pick<StackController, 'up'>;
  images: Pick<ImagePinner, 'pinLocal'>;
}

/**
 * "Start stack", the one use case behind the tray's item, the dashboard's button and
 * `hagw stack up`: compose up, wait until every service is healthy, then pin what compose just
 * pulled to its digest (a pin that cannot be read is not a failed start). The CLI may skip the
 * wait (`hagw stack up` without --wait returns once compose does), never the pin.
 */
export const startStack = async (
  deps: StartStackDeps,
  o: { wait?: boolean; timeoutMs?: number; service?: string } = {},
): Promise<{ stack: StackSnapshot; pinned: string[] }> => {
  const stack = await deps.stack.up({
    wait: o.wait ?? true,
    timeoutMs: o.timeoutMs ?? 300_000,
    service: o.service,
  });
  const pinned = await deps.images.pinLocal().catch(() => []);
  return { stack, pinned };
};
