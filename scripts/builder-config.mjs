// electron-builder.yml loaded and checked by electron-builder's own code (its loader and schema
// validation), for `npm run package` without an Electron binary and for the unit test.
import { createRequire } from 'node:module';

export const builderConfigFile = 'electron-builder.yml';

/** The effective configuration; throws electron-builder's own explanation when it is invalid. */
export const checkBuilderConfig = async (projectDir = process.cwd()) => {
  const { getConfig, validateConfiguration } =
    await import('app-builder-lib/out/util/config/config.js');
  // builder-util as app-builder-lib resolves it; its progress lines ("loaded configuration") go
  // straight to its stream, which would break the one-line answer of `npm run package`.
  const fromBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib'));
  const { DebugLogger, log } = fromBuilder('builder-util');
  log.stream = { write: () => true };
  const config = await getConfig(projectDir, builderConfigFile, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
};
