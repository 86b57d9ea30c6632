// `npm run package`: stages a self-contained app folder (dist/, compose/, resources/, production
// node_modules) in out/homelab-ai-gateway. Turning it into an AppImage/deb needs the Electron
// binary, which the build machines cannot download: run electron-builder (or @electron/packager)
// on the staged folder on a machine that can, with asar and these fuses off: RunAsNode,
// EnableNodeOptionsEnvironmentVariable, EnableNodeCliInspectArguments (Electron security
// checklist, "fuses"). compose/ must stay outside the asar: docker compose reads it from disk.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const out = 'out/homelab-ai-gateway';
if (!existsSync('dist/main/main.mjs')) {
  console.error('package: run "npm run build" first (dist/ is missing).');
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const dir of ['dist', 'compose', 'resources', 'bin'])
  cpSync(dir, `${out}/${dir}`, { recursive: true });
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
delete pkg.devDependencies;
pkg.scripts = { start: 'electron .' };
writeFileSync(`${out}/package.json`, `${JSON.stringify(pkg, null, 2)}\n`);
cpSync('package-lock.json', `${out}/package-lock.json`);
execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts'], {
  cwd: out,
  stdio: 'inherit',
});
console.log(
  `staged ${out}; build installers from it with electron-builder where the Electron binary can be fetched`,
);
