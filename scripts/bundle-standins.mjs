// Bundles the stand-ins (TypeScript, with their yaml dependency) into single CommonJS files that
// run on a bare node binary: the FROM-scratch test images and the nvidia-smi launcher use them.
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const entries = {
  'litellm-standin': 'test/standins/litellm/litellm-standin.ts',
  'vllm-standin': 'test/standins/vllm-standin.ts',
  'nvidia-smi-standin': 'test/standins/nvidia-smi/nvidia-smi-standin.ts',
  hc: 'test/integration/images/healthcheck.ts',
};
await Promise.all(
  Object.entries(entries).map(([name, entry]) =>
    build({
      absWorkingDir: root,
      entryPoints: [entry],
      outfile: `test/.build/${name}.cjs`,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'warning',
      // import.meta.url has no CommonJS equivalent; the stand-ins only use it to find fixtures.
      define: { 'import.meta.url': 'importMetaUrl' },
      banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
    }),
  ),
);
console.log('bundled stand-ins into test/.build');
