import { checkCompat, checkGatewayNow } from '../../app/compat-session';
import type { App } from '../../app/create-app';
import { compatFailed, type CompatReport } from '../../shared/compat';
import { type CliIo, CliExit, printJson, table } from '../cli-output';

export interface CompatArgs {
  baseUrl: string | undefined;
  key: string | undefined;
  model: string | undefined;
  overBudgetKey: string | undefined;
  embeddingModel: string | undefined;
  json: boolean;
}

const usageLine =
  'usage: hagw compat [BASE_URL] [--key K] [--model M] [--over-budget-key K] [--embedding-model M] [--json]';

export const formatCompat = (r: CompatReport): string => {
  const count = (s: string) => r.checks.filter((c) => c.status === s).length;
  return [
    `Checked ${r.target}`,
    table([
      ['CHECK', 'RESULT', 'MS', 'DETAIL'],
      ...r.checks.map((c) => [c.id, c.status, String(c.ms), c.detail]),
    ]),
    `${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped${r.ttftMs === null ? '' : `; first streamed token after ${r.ttftMs} ms`}`,
  ].join('\n');
};

/** A URL given must be an OpenAI base URL; its key comes from --key or OPENAI_API_KEY. */
const explicitTarget = (a: CompatArgs, env: NodeJS.ProcessEnv) => {
  if (!a.baseUrl) return {};
  let url: URL;
  try {
    url = new URL(a.baseUrl);
  } catch {
    throw new CliExit(2, `"${a.baseUrl}" is not a URL. ${usageLine}`);
  }
  if (!/^https?:$/.test(url.protocol) || !/\/v1\/?$/.test(url.pathname))
    throw new CliExit(
      2,
      `BASE_URL is an http(s) OpenAI base URL ending in /v1 (e.g. https://gateway.home.arpa/v1), not "${a.baseUrl}".`,
    );
  const key = a.key ?? env.OPENAI_API_KEY;
  if (!key) throw new CliExit(2, `checking ${a.baseUrl} needs a key: --key K or OPENAI_API_KEY.`);
  return { baseUrl: a.baseUrl, key };
};

/**
 * `hagw compat`: the OpenAI-compatibility check. Exit 0 when no check failed, 1 otherwise. SIGINT
 * or SIGTERM aborts the requests in flight; the temporary keys are deleted before it exits.
 */
export const compatCommand = async (
  gw: Pick<App, 'stack' | 'keys' | 'models' | 'clock' | 'env' | 'safety'>,
  io: CliIo,
  a: CompatArgs,
): Promise<number> => {
  const target = explicitTarget(a, gw.env);
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let report: CompatReport;
  try {
    const o = {
      model: a.model,
      overBudgetKey: a.overBudgetKey,
      embeddingModel: a.embeddingModel,
      signal: abort.signal,
    };
    report = target.baseUrl
      ? await checkCompat(gw, { ...target, ...o })
      : await checkGatewayNow(gw, o);
  } catch (e) {
    if (abort.signal.aborted)
      throw new CliExit(130, 'interrupted; no check result was kept (temporary keys deleted).');
    throw e;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  if (a.json) printJson(io, report);
  else io.out(formatCompat(report));
  return compatFailed(report).length > 0 ? 1 : 0;
};
