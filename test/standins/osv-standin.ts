// A loopback stand-in for OSV's query API (google/osv.dev docs/api/post-v1-query.md, commit
// 01d0c4fbbee830eea6fbc860cef8988d697aa6f9): POST /v1/query with {package: {name, ecosystem},
// version, page_token?} answers {vulns: [...]} holding only the records whose ECOSYSTEM ranges
// contain that version, as OSV does, and {} when none do. Records come from test/fixtures/osv.
// Modes for faults: down (503), garbage (200 with HTML), slow (never answers), paged (one record a
// page, with next_page_token).
import { createServer, type Server } from 'node:http';
import { compareVersions } from '../../electron/core/osv-advisories';
import type { OsvVuln } from '../../electron/shared/advisories';
import { jsonFixture } from '../support/fixtures';

export type OsvMode = 'ok' | 'down' | 'garbage' | 'slow' | 'paged';

export interface OsvStandin {
  server: Server;
  mode: OsvMode;
  /** Every query body, as received. */
  queries: unknown[];
}

const records = (): OsvVuln[] => [
  ...jsonFixture<{ vulns: OsvVuln[] }>('osv/osv-v1-query-litellm-1.80.11-DERIVED.json.txt').vulns,
];

/** introduced <= version < fixed, in any ECOSYSTEM range of this package. */
const affects = (v: OsvVuln, name: string, ecosystem: string, version: string): boolean =>
  (v.affected ?? [])
    .filter((a) => a.package?.name === name && a.package?.ecosystem === ecosystem)
    .some((a) =>
      (a.ranges ?? [])
        .filter((r) => r.type === 'ECOSYSTEM')
        .some((r) => {
          const introduced = r.events.find((e) => e.introduced)?.introduced ?? '0';
          const fixed = r.events.find((e) => e.fixed)?.fixed;
          return (
            compareVersions(version, introduced) >= 0 &&
            (fixed === undefined || compareVersions(version, fixed) < 0)
          );
        }),
    );

export const createOsvStandin = (mode: OsvMode = 'ok'): OsvStandin => {
  const db = records();
  const s: OsvStandin = { server: createServer(), mode, queries: [] };
  s.server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/query')
        return res
          .writeHead(404, { 'content-type': 'application/json' })
          .end('{"code":5,"message":"Not Found"}');
      let body: {
        package?: { name?: string; ecosystem?: string };
        version?: string;
        page_token?: string;
      };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        return res
          .writeHead(400, { 'content-type': 'application/json' })
          .end('{"code":3,"message":"Invalid JSON"}');
      }
      s.queries.push(body);
      if (s.mode === 'slow') return; // the client's timeout ends it
      if (s.mode === 'down') return res.writeHead(503).end('Service Unavailable');
      if (s.mode === 'garbage')
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
      const hits = db.filter((v) =>
        affects(v, body.package?.name ?? '', body.package?.ecosystem ?? '', body.version ?? ''),
      );
      // OSV leaves "vulns" out when nothing matches.
      if (s.mode !== 'paged' || hits.length < 2)
        return res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(hits.length ? { vulns: hits } : {}));
      const page = Number(body.page_token ?? 0);
      const answer = {
        vulns: hits.slice(page, page + 1),
        ...(page + 1 < hits.length ? { next_page_token: String(page + 1) } : {}),
      };
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  return s;
};
