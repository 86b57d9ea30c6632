import { toErrorInfo } from '../core/gateway-error';
import type { StackController } from '../core/stack-controller';
import type { StackSnapshot } from '../shared/stack';
import type { ImagePinner } from '../node/docker/image-pinner';

/** The stack domain's parts this use case drives (StackDomain has them). */
export interface StartStackDeps {
  controller: Pick<StackController, 'up'>;
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
): Promise<{ stack: StackSnapshot; pinned: string[]; pinProblem: string | null }> => {
  const stack = await deps.controller.up({
    wait: o.wait ?? true,
    timeoutMs: o.timeoutMs ?? 300_000,
    service: o.service,
  });
  // The stack is up either way; a pin that failed is said, so nobody believes the images pinned.
  return deps.images.pinLocal().then(
    (pinned) => ({ stack, pinned, pinProblem: null }),
    (e: unknown) => ({
      stack,
      pinned: [],
      pinProblem: `the stack is up, but pinning its images failed: ${toErrorInfo(e).message} ("hagw stack pin" tries again)`,
    }),
  );
};
