import type { SpendLogGrowthView } from '../shared/models';
import type { LiteLlmClient } from '../node/services/litellm-client';
import type { WakerClient } from '../node/services/waker-client';
import type { SpendLogStore } from '../node/compose/spend-log-store';
import type { AutoFreeWatch } from './auto-free-watch';
import type { EngineWatch } from './engine-watch';
import type { ModelService } from './model-service';

/** LiteLLM's routes next to what vLLM and Ollama serve, and what their calls leave behind. */
export interface ModelsDomain {
  routes: ModelService;
  litellm: LiteLlmClient;
  /** Local routes whose calls all fail while their container reports healthy. */
  engineWatch: EngineWatch;
  /** The 30-day retention of the spend logs and their growth (SQL in the postgres container). */
  spendLogs: SpendLogStore;
  /** The spend-log table's size and 30-day projection against free disk; null while Postgres is down. */
  spendLogGrowth(): Promise<SpendLogGrowthView | null>;
  /** Each local model's lifecycle: the wake service's operator routes. */
  lifecycle: WakerClient;
  /** Frees the GPU while another program uses it heavily, and resumes after. */
  autoFree: AutoFreeWatch;
}
