import type { StackController } from '../core/stack-controller';
import type { SetupReport } from '../shared/setup';
import type { StatusReport } from '../shared/status';
import type { ComposeRunner } from '../node/compose/compose-runner';
import type { ImagePinner } from '../node/docker/image-pinner';
import type { HostFacts } from '../node/docker/host-facts';
import type { TlsChoice } from './setup-runner';

export type SetupOptions = { dryRun: boolean; lanIp?: string } & TlsChoice;

/** The stack: its containers, compose, the pinned images, status and setup. */
export interface StackDomain {
  controller: StackController;
  compose: ComposeRunner;
  images: ImagePinner;
  /** What projects put in OPENAI_BASE_URL, without /v1: HAGW_GATEWAY_URL, the site, or LiteLLM. */
  gatewayUrl(): Promise<string>;
  host(): Promise<HostFacts>;
  status(o?: { deep?: boolean }): Promise<StatusReport>;
  /** `hagw setup` and the app's first-run window. */
  setup(options: SetupOptions): Promise<SetupReport>;
}
