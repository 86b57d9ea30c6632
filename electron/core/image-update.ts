// What an image update changes and whether the new image may stay. Pure: the updater pulls,
// starts, checks and writes; this decides.
import type { CompatCheck, CompatReport } from '../shared/compat';
import { parseImageRef } from './image-pins';

/** Where each bundled image's project publishes its release notes, by repository. */
const notes: Record<string, (tag: string) => string> = {
  'vllm/vllm-openai': (t) => `https://github.com/vllm-project/vllm/releases/tag/${t}`,
  'ghcr.io/berriai/litellm': (t) =>
    `https://github.com/BerriAI/litellm/releases/tag/${t.replace(/^main-/, '')}`,
  'ollama/ollama': (t) => `https://github.com/ollama/ollama/releases/tag/v${t.replace(/^v/, '')}`,
  caddy: (t) =>
    `https://github.com/caddyserver/caddy/releases/tag/v${t.replace(/^v/, '').replace(/-.*$/, '')}`,
  'prom/prometheus': (t) => `https://github.com/prometheus/prometheus/releases/tag/${t}`,
  'grafana/grafana': (t) =>
    `https://github.com/grafana/grafana/releases/tag/v${t.replace(/^v/, '')}`,
  postgres: () => 'https://www.postgresql.org/docs/release/',
  'utkuozdemir/nvidia_gpu_exporter': (t) =>
    `https://github.com/utkuozdemir/nvidia_gpu_exporter/releases/tag/v${t.replace(/^v/, '')}`,
};

/** The release notes for the tag an image is pulled from; null for images we know nothing of. */
export const releaseNotesUrl = (reference: string): string | null => {
  const { repo, tag } = parseImageRef(reference);
  const normal = repo.replace(/^docker\.io\/(library\/)?/, '');
  const link = notes[normal];
  return link && tag && !/^latest$/.test(tag) ? link(tag) : null;
};

/**
 * The checks the new image fails that the old one did not. A check that already failed before the
 * update (LiteLLM 1.80's budget 400, say) is no reason to keep the old image: it is reported, not
 * held against the new one. Without a result from before, every failure counts.
 */
export const regressions = (before: CompatReport | null, after: CompatReport): CompatCheck[] =>
  after.checks.filter(
    (c) =>
      c.status === 'fail' &&
      (before === null || before.checks.find((b) => b.id === c.id)?.status !== 'fail'),
  );

/** "errors.auth (expected ..., got ...)": the failed checks, for the one line a rollback prints. */
export const describeChecks = (checks: readonly CompatCheck[]): string =>
  checks.map((c) => `${c.id} (${c.detail})`).join('; ');
