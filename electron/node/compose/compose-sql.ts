import { GatewayError } from '../../core/gateway-error';
import type { ComposeRunner } from './compose-runner';
import type { SqlRunner } from './spend-log-store';

/**
 * SQL in LiteLLM's Postgres through `compose exec` (the database publishes no port): psql in the
 * postgres container, unaligned and tuples-only, stopping at the first error.
 */
export const composeSql =
  (compose: Pick<ComposeRunner, 'exec'>): SqlRunner =>
  async (sql) => {
    const r = await compose.exec([
      'exec',
      '-T',
      'postgres',
      'psql',
      '-U',
      'litellm',
      '-d',
      'litellm',
      '-At',
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      sql,
    ]);
    if (r.code !== 0)
      throw new GatewayError(
        'SQL_FAILED',
        `psql in the postgres container failed: ${r.stderr.trim().split('\n').pop() ?? `exit ${String(r.code)}`}; is the stack up (hagw status)?`,
      );
    return r.stdout;
  };
