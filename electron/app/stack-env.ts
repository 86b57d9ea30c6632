import { dotenvValues } from '../node/compose/dotenv-file';
import type { AppConfig } from '../node/platform/app-config';
import { readFileIfExists } from '../node/storage/atomic-file';

/** The stack's .env values (data directory), or {} before `hagw setup` has written it. */
export const readStackEnv = async (
  config: Pick<AppConfig, 'envFile'>,
): Promise<Record<string, string>> => {
  const text = await readFileIfExists(config.envFile);
  return text === null ? {} : dotenvValues(text);
};
