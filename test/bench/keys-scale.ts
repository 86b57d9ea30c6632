// 1,000 keys with their usage from the LiteLLM stand-in: what `hagw usage` costs, against a
// baseline in the same run (just fetching the same pages and logs, no aggregation).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../electron/node/platform/app-config';
import { createApp } from '../../electron/app/create-app';
import { repoRoot } from '../support/fixtures';
import { startStandins } from '../support/standins';

export const benchKeysScale = async (reps = 3, count = 1000, callsPerKey = 5) => {
  const s = await startStandins();
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const r = s.litellm.keys.generate({
      key_alias: `app-${i}`,
      models: ['local-chat'],
      max_budget: 5,
      budget_duration: '30d',
      rpm_limit: 60,
    });
    if ('status' in r) throw new Error('stand-in refused a key');
    for (let c = 0; c < callsPerKey; c++) {
      s.litellm.ledger.logs.push({
        request_id: `r-${i}-${c}`,
        call_type: 'acompletion',
        api_key: r.record.token,
        spend: 0.0001,
        total_tokens: 500 + c,
        prompt_tokens: 400,
        completion_tokens: 100 + c,
        startTime: new Date(now - c * 3_600_000).toISOString(),
        endTime: new Date(now).toISOString(),
        model: 'local-chat',
        model_group: 'local-chat',
        custom_llm_provider: 'hosted_vllm',
        api_base: s.vllmUrl,
        status: 'success',
        metadata: {},
      });
    }
  }
  const env = {
    HAGW_DATA_DIR: mkdtempSync(join(tmpdir(), 'hagw-bench-keys-')),
    HAGW_LITELLM_URL: s.litellmUrl,
    HAGW_LITELLM_MASTER_KEY: s.masterKey,
    DOCKER_HOST: 'unix:///nonexistent.sock',
  };
  const gw = createApp(resolveConfig(repoRoot, env), { env });
  const headers = { authorization: `Bearer ${s.masterKey}` };
  const timed = async <T>(fn: () => Promise<T>) => {
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const t0 = performance.now();
    const value = await fn();
    const ms = performance.now() - t0;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, ms, peakDeltaMiB: (peak - rss0) / 1024 ** 2, peakRssMiB: peak / 1024 ** 2 };
  };
  const fetchAll = async () => {
    const pages = Math.ceil(count / 100);
    for (let p = 1; p <= pages; p++)
      await (
        await fetch(`${s.litellmUrl}/key/list?page=${p}&size=100&return_full_object=true`, {
          headers,
        })
      ).json();
    return (await (await fetch(`${s.litellmUrl}/spend/logs`, { headers })).json()) as unknown[];
  };
  const baseline: Awaited<ReturnType<typeof timed>>[] = [];
  const usage: Awaited<
    ReturnType<typeof timed<Awaited<ReturnType<typeof gw.keys.service.usage>>>>
  >[] = [];
  for (let i = 0; i < reps; i++) {
    baseline.push(await timed(fetchAll));
    usage.push(await timed(() => gw.keys.service.usage()));
  }
  gw.dispose();
  await s.close();
  return {
    keys: count,
    spendLogs: count * callsPerKey,
    baseline: {
      ms: baseline.map((b) => b.ms),
      peakRssMiB: Math.max(...baseline.map((b) => b.peakRssMiB)),
    },
    usage: {
      ms: usage.map((u) => u.ms),
      peakRssMiB: Math.max(...usage.map((u) => u.peakRssMiB)),
      rows: usage[0]?.value.keys.length ?? 0,
    },
  };
};
