// The stack's .env: KEY=VALUE lines as docker compose reads them. Parsing keeps comments and order
// so that rewriting one key (a pinned digest, a new secret) leaves the rest of the file as it was.

export interface DotenvLine {
  key: string | null;
  raw: string;
  value?: string;
}

const unquote = (v: string): string => {
  const t = v.trim();
  if (
    t.length >= 2 &&
    ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")))
  ) {
    return t.slice(1, -1);
  }
  const hash = t.indexOf(' #');
  return hash >= 0 ? t.slice(0, hash).trim() : t;
};

export const parseDotenv = (text: string): DotenvLine[] =>
  text.split('\n').map((raw) => {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(raw);
    return m?.[1] !== undefined
      ? { key: m[1], raw, value: unquote(m[2] ?? '') }
      : { key: null, raw };
  });

export const dotenvValues = (text: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const l of parseDotenv(text))
    if (l.key !== null && l.value !== undefined) out[l.key] = l.value;
  return out;
};

/** Keys that stand on more than one line, with every value in file order. */
export const duplicateKeys = (text: string): Map<string, string[]> => {
  const all = new Map<string, string[]>();
  for (const l of parseDotenv(text))
    if (l.key !== null) all.set(l.key, [...(all.get(l.key) ?? []), l.value ?? '']);
  return new Map([...all].filter(([, vs]) => vs.length > 1));
};

/**
 * Sets keys, replacing existing lines in place and appending new ones; everything else is kept.
 * A key that stands twice keeps one line, where its last one was: compose and every reader take
 * the last, so that is the line that counts.
 */
export const setDotenvValues = (text: string, values: Record<string, string>): string => {
  const lines = parseDotenv(text);
  const pending = new Map(Object.entries(values));
  const lastLine = new Map<string, number>();
  lines.forEach((l, i) => l.key !== null && pending.has(l.key) && lastLine.set(l.key, i));
  const out = lines.flatMap((l, i) => {
    if (l.key === null || !pending.has(l.key)) return [l.raw];
    if (lastLine.get(l.key) !== i) return [];
    const v = pending.get(l.key) ?? '';
    pending.delete(l.key);
    return [`${l.key}=${v}`];
  });
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  for (const [k, v] of pending) out.push(`${k}=${v}`);
  return `${out.join('\n')}\n`;
};
