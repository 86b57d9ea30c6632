// A Caddyfile as a tree of directives, enough for the doctor to follow a request through it:
// tokens per line (quotes kept together, comments dropped), blocks opened by a trailing "{",
// {$VAR:default} placeholders resolved as Caddy's lexer does before anything else, and `import`
// of snippets expanded in place. Not a full Caddyfile parser: what it cannot read it keeps as
// tokens, and the rules that use it treat the unknown as allowing.

export interface CaddyDirective {
  tokens: string[];
  children: CaddyDirective[];
}

const envPlaceholder = /\{\$([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g;

/** Caddy's {$VAR} and {$VAR:default}, as its lexer resolves them before anything else. */
export const resolveEnv = (
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): string =>
  text.replace(
    envPlaceholder,
    (_m, name: string, def: string | undefined) => env[name] ?? def ?? '',
  );

/** Splits a line into tokens: whitespace-separated, "double" and `backtick` quotes kept whole. */
const tokenize = (line: string): string[] => {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') break;
    if (c === '"' || c === '`') {
      let j = i + 1;
      let tok = '';
      while (j < line.length && line[j] !== c) {
        // Inside double quotes \" is a quote; every other backslash stays for the regexp.
        if (c === '"' && line[j] === '\\' && line[j + 1] === '"') j++;
        tok += line[j];
        j++;
      }
      out.push(tok);
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < line.length && !/\s/.test(line[j] ?? '')) j++;
    out.push(line.slice(i, j));
    i = j;
  }
  return out;
};

/** The top-level blocks of a Caddyfile, placeholders resolved with `env`. */
export const parseCaddyfile = (
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): CaddyDirective[] => {
  const root: CaddyDirective = { tokens: [], children: [] };
  const stack: CaddyDirective[] = [root];
  for (const raw of resolveEnv(text, env).split('\n')) {
    const tokens = tokenize(raw);
    if (tokens.length === 0) continue;
    const parent = stack[stack.length - 1] ?? root;
    if (tokens.length === 1 && tokens[0] === '}') {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const opens = tokens[tokens.length - 1] === '{';
    const node: CaddyDirective = { tokens: opens ? tokens.slice(0, -1) : tokens, children: [] };
    parent.children.push(node);
    if (opens) stack.push(node);
  }
  return root.children;
};

/** Snippet definitions: `(name) { ... }` at the top level. */
export const snippetsOf = (blocks: readonly CaddyDirective[]): Map<string, CaddyDirective[]> =>
  new Map(
    blocks
      .filter((b) => b.tokens.length === 1 && /^\(.+\)$/.test(b.tokens[0] ?? ''))
      .map((b) => [(b.tokens[0] ?? '').slice(1, -1), b.children]),
  );

/** A block's directives with every `import <snippet>` replaced by the snippet (nested, bounded). */
export const expandImports = (
  directives: readonly CaddyDirective[],
  snippets: ReadonlyMap<string, CaddyDirective[]>,
  depth = 0,
): CaddyDirective[] =>
  directives.flatMap((d) => {
    if (d.tokens[0] === 'import' && d.tokens.length >= 2 && depth < 10) {
      const s = snippets.get(d.tokens[1] ?? '');
      if (s) return expandImports(s, snippets, depth + 1);
    }
    return [{ tokens: d.tokens, children: expandImports(d.children, snippets, depth) }];
  });
