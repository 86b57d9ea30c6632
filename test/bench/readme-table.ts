// npm run bench:readme: the README's Measured table, regenerated from bench-results.json (between
// the bench:table markers), so the figures quoted are the ones a run wrote.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/fixtures';
import { type BenchResults, markdownTable, resultsFile } from './bench-results';

const readme = join(repoRoot, 'README.md');
const start = '<!-- bench:table -->';
const end = '<!-- /bench:table -->';
let results: BenchResults;
try {
  results = JSON.parse(readFileSync(resultsFile, 'utf8')) as BenchResults;
} catch {
  process.stderr.write(`bench:readme: no ${resultsFile}; run "npm run bench" first.\n`);
  process.exit(1);
}
const text = readFileSync(readme, 'utf8');
const a = text.indexOf(start);
const b = text.indexOf(end);
if (a < 0 || b < a) {
  process.stderr.write(`bench:readme: README.md has no ${start} ... ${end} block.\n`);
  process.exit(1);
}
writeFileSync(
  readme,
  `${text.slice(0, a + start.length)}\n${markdownTable(results)}\n${text.slice(b)}`,
);
console.log(`README.md: Measured table from ${resultsFile} (${results.rows.length} rows)`);
