import type { AuditService } from './audit-service';
import type { KeyService } from './key-service';
import type { KeyWatch } from './key-watch';

/** Project keys: the service that creates and changes them, their watch, and the call audit. */
export interface KeysDomain {
  service: KeyService;
  /** Budget and runaway observations for the alerts. */
  watch: KeyWatch;
  /** Every call in a window, from LiteLLM's spend logs. */
  audit: AuditService;
}
