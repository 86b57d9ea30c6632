// What each command takes: how many words after it, and which options. Anything else is refused
// with exit 2 before the command runs (`hagw ui foo` started the dashboard, `stack pin nosuch`
// exited 0, and about a dozen commands ignored options meant for others).

interface Accepts {
  /** Words after the command (sub-command and arguments), at most. */
  words: number;
  options: readonly string[];
}

const everywhere = ['json', 'help'];

export const commandAccepts: Record<string, Accepts> = {
  keys: {
    words: 2,
    options: ['models', 'budget', 'tokens-per-month', 'rpm', 'period', 'parallel', 'yes'],
  },
  usage: { words: 0, options: [] },
  models: {
    words: 2,
    options: [
      'name',
      'api-base',
      'api-key-env',
      'price-in',
      'price-out',
      'all',
      'idle',
      'pin',
      'unpin',
    ],
  },
  remote: { words: 2, options: ['access-app'] },
  audit: { words: 0, options: ['app', 'model', 'since', 'status'] },
  certs: { words: 0, options: [] },
  doctor: { words: 0, options: ['compose', 'env-file'] },
  alerts: { words: 0, options: [] },
  maintenance: { words: 2, options: ['date'] },
  gpu: { words: 1, options: ['margin', 'spin-up', 'sibling-gap', 'reset'] },
  setup: { words: 0, options: ['dry-run', 'lan-ip', 'public-name', 'dns'] },
  status: { words: 0, options: ['deep'] },
  // stack pin|update take any number of service names; the command checks they exist.
  stack: { words: 64, options: ['wait', 'timeout', 'tail', 'follow', 'update', 'allow-young'] },
  ui: { words: 0, options: ['port'] },
  monitor: { words: 0, options: ['once'] },
  compat: { words: 1, options: ['key', 'model', 'over-budget-key', 'embedding-model'] },
  batch: { words: 2, options: ['port'] },
  notify: { words: 3, options: ['token', 'name', 'allow-private', 'insecure'] },
};

const shown = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}...` : s);

/** null when the command takes what it was given; else the one line saying what it does not take. */
export const refusedInput = (
  command: string,
  words: readonly string[],
  given: readonly string[],
): string | null => {
  const a = commandAccepts[command];
  if (!a) return null;
  const stray = given.find((o) => !everywhere.includes(o) && !a.options.includes(o));
  if (stray) return `hagw ${command} takes no --${stray}; see "hagw help ${command}"`;
  if (words.length > a.words)
    return `hagw ${command} takes no ${shown(words[a.words] ?? '')} there; see "hagw help ${command}"`;
  return null;
};
