import type { AdvisoryPackage } from '../../core/advisory-package';
import { GatewayError } from '../../core/gateway-error';
import { OsvQueryAnswer, type OsvVuln } from '../../shared/advisories';
import { httpRequest } from '../services/http-json';

/** OSV's public API; HAGW_OSV_URL points elsewhere (a mirror, or a loopback stand-in in tests). */
export const defaultOsvUrl = 'https://api.osv.dev';

/**
 * One request, its failure in OSV's terms: httpRequest's advice is about the stack ("is the stack
 * running?"), which says nothing about a database on the internet.
 */
const ask = async (baseUrl: string, init: Parameters<typeof httpRequest>[2]) => {
  try {
    return await httpRequest(`OSV at ${baseUrl}`, `${baseUrl.replace(/\/+$/, '')}/v1/query`, init);
  } catch (e) {
    const first = (e instanceof Error ? e.message : String(e)).split(';')[0] ?? '';
    throw new GatewayError(e instanceof GatewayError ? e.code : 'UNREACHABLE', first);
  }
};

/** More pages than this is no answer we trust (OSV pages past 1,000 records). */
const maxPages = 5;

/**
 * POST /v1/query for one package and version (google/osv.dev docs/api/post-v1-query.md), following
 * next_page_token. Sends the package name, its ecosystem and the version: nothing else.
 */
export const queryOsv = async (
  baseUrl: string,
  p: AdvisoryPackage,
  timeoutMs = 10_000,
): Promise<OsvVuln[]> => {
  const vulns: OsvVuln[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const answer = await ask(baseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        package: { name: p.name, ecosystem: p.ecosystem },
        version: p.version,
        ...(pageToken ? { page_token: pageToken } : {}),
      }),
      timeoutMs,
      maxBytes: 16 * 1024 * 1024,
    });
    if (answer.status !== 200)
      throw new GatewayError('UPSTREAM', `OSV answered HTTP ${answer.status}`);
    let json: unknown;
    try {
      json = JSON.parse(answer.text);
    } catch {
      throw new GatewayError('UPSTREAM', 'OSV answered something that is not JSON');
    }
    const parsed = OsvQueryAnswer.safeParse(json);
    if (!parsed.success)
      throw new GatewayError(
        'UPSTREAM',
        `OSV's answer is not in its documented shape (${parsed.error.issues[0]?.path.join('.') || 'top level'})`,
      );
    vulns.push(...(parsed.data.vulns ?? []));
    pageToken = parsed.data.next_page_token;
    if (!pageToken) return vulns;
  }
  throw new GatewayError('UPSTREAM', `OSV kept paging past ${maxPages} pages`);
};
