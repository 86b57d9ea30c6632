// Caddy's JSON log lines about certificates. Matched on `msg`, never on the logger name (it changed
// between versions: tls.renew, tls.obtain, http.acme_client...). Lines from journald carry a
// prefix ("Mar 22 22:40:12 host caddy[773]: {...}"): the JSON starts at the first "{".

export type CertLogKind = 'failure' | 'recovery';

export interface CertLogEvent {
  at: number;
  kind: CertLogKind;
  msg: string;
  identifiers: string[];
  error: string | null;
  attempt: number | null;
  retryingInS: number | null;
}

const failures = new Set([
  'could not get certificate from issuer',
  'will retry',
  'final attempt; giving up',
]);
const recoveries = new Set([
  'certificate obtained successfully',
  'certificate renewed successfully',
]);

/** "[gpu.example.com] Renew: ..." names the identifier in the error text when no field does. */
const identifiersOf = (j: Record<string, unknown>): string[] => {
  if (typeof j.identifier === 'string') return [j.identifier];
  if (Array.isArray(j.identifiers)) return j.identifiers.map(String);
  const m = typeof j.error === 'string' ? /^\[([^\]]+)\]/.exec(j.error) : null;
  return m?.[1] ? [m[1]] : [];
};

export const parseCaddyLogLine = (line: string): CertLogEvent | null => {
  const start = line.indexOf('{');
  if (start < 0) return null;
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(line.slice(start)) as Record<string, unknown>;
  } catch {
    return null;
  }
  const msg = typeof j.msg === 'string' ? j.msg : '';
  const kind: CertLogKind | null = failures.has(msg)
    ? 'failure'
    : recoveries.has(msg)
      ? 'recovery'
      : null;
  if (!kind || typeof j.ts !== 'number') return null;
  return {
    at: Math.round(j.ts * 1000),
    kind,
    msg,
    identifiers: identifiersOf(j),
    error: typeof j.error === 'string' ? j.error : null,
    attempt: typeof j.attempt === 'number' ? j.attempt : null,
    retryingInS: typeof j.retrying_in === 'number' ? j.retrying_in : null,
  };
};
