import type { SqlRunner } from '../../electron/node/compose/spend-log-store';

/**
 * LiteLLM's spend-log table as the real LiteLLM keeps it (schema.prisma, the columns hagw reads),
 * in the stack's real Postgres: the stand-in keeps its logs in memory. Made afresh each time, as
 * the Postgres volume outlives a run cut short before its teardown and its rows would collide.
 */
export const freshSpendLogTable = async (sql: SqlRunner): Promise<void> => {
  await sql(`DROP TABLE IF EXISTS "LiteLLM_SpendLogs"`);
  await sql(
    `CREATE TABLE "LiteLLM_SpendLogs" (request_id text PRIMARY KEY, "startTime" timestamp(3) NOT NULL, spend double precision DEFAULT 0)`,
  );
};
