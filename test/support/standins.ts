import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createLiteLlmStandin, type LiteLlmStandin } from '../standins/litellm/litellm-standin';
import { loadStandinConfig } from '../standins/litellm/standin-config';
import { createVllmStandin, type VllmStandinOptions } from '../standins/vllm-standin';
import { repoRoot } from './fixtures';

export interface RunningStandins {
  litellm: LiteLlmStandin;
  litellmUrl: string;
  vllmUrl: string;
  vllm: ReturnType<typeof createVllmStandin>;
  /** The embedding model (local-embed): a pooling-runner vLLM of its own, as in the stack. */
  embedUrl: string;
  masterKey: string;
  close(): Promise<void>;
}

/**
 * Starts a vLLM stand-in and a LiteLLM stand-in in front of it, on loopback ports the OS picks.
 * `env` is the LiteLLM stand-in's (STANDIN_BROKEN, STANDIN_BUDGET_STATUS); `vllm` tunes the other
 * (pace, broken variants); `config` replaces compose/litellm/config.yaml.
 */
export const startStandins = async (
  env: NodeJS.ProcessEnv = {},
  o: { vllm?: Partial<VllmStandinOptions>; config?: string } = {},
): Promise<RunningStandins> => {
  const vllm = createVllmStandin({
    servedName: 'local-chat',
    model: 'Qwen/Qwen2.5-7B-Instruct-AWQ',
    maxModelLen: 16384,
    // The pace the stand-in program streams at: a buffered stream must show as one late write.
    tokensPerS: 30,
    ...o.vllm,
  });
  await new Promise<void>((r) => vllm.server.listen(0, '127.0.0.1', r));
  const vllmUrl = `http://127.0.0.1:${(vllm.server.address() as AddressInfo).port}`;
  const embed = createVllmStandin({
    servedName: 'local-embed',
    model: 'BAAI/bge-base-en-v1.5',
    maxModelLen: 512,
    runner: 'pooling',
    dimensions: 768,
  });
  await new Promise<void>((r) => embed.server.listen(0, '127.0.0.1', r));
  const embedUrl = `http://127.0.0.1:${(embed.server.address() as AddressInfo).port}`;
  const masterKey = 'sk-test-master-0123456789abcdef0123456789abcdef';
  const config = loadStandinConfig(
    ['--config', o.config ?? join(repoRoot, 'compose', 'litellm', 'config.yaml'), '--port', '0'],
    {
      LITELLM_MASTER_KEY: masterKey,
      STANDIN_API_BASE: `waker/local-embed=${embedUrl}/v1,vllm-embed=${embedUrl}/v1,*=${vllmUrl}/v1`,
      STANDIN_BATCH_WRITE_MS: '0',
      ...env,
    },
  );
  const litellm = createLiteLlmStandin(config);
  await new Promise<void>((r) => litellm.server.listen(0, '127.0.0.1', r));
  const litellmUrl = `http://127.0.0.1:${(litellm.server.address() as AddressInfo).port}`;
  return {
    litellm,
    litellmUrl,
    vllmUrl,
    vllm,
    embedUrl,
    masterKey,
    close: async () => {
      await litellm.close();
      embed.server.closeAllConnections();
      await new Promise<void>((r) => embed.server.close(() => r()));
      vllm.server.closeAllConnections();
      await new Promise<void>((r) => vllm.server.close(() => r()));
    },
  };
};

/** One chat completion through the LiteLLM stand-in with a project's key; the HTTP status. */
export const chatStatus = async (litellmUrl: string, key: string): Promise<number> =>
  (
    await fetch(`${litellmUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'local-chat',
        messages: [{ role: 'user', content: 'hello there' }],
        max_tokens: 20,
      }),
    })
  ).status;
