// The Batch API from the client's side, as the tests and the bench drive it with the official
// openai package: chat lines, upload + create, and waiting (with a deadline) for the batch to end.
import type OpenAI from 'openai';
import { toFile } from 'openai';
import { waitForAsync } from './wait';

/** One /v1/chat/completions line of a batch input file. */
export const chatLine = (customId: string, model = 'local-chat', maxTokens = 12) =>
  JSON.stringify({
    custom_id: customId,
    method: 'POST',
    url: '/v1/chat/completions',
    body: {
      model,
      messages: [{ role: 'user', content: `summarise note ${customId}` }],
      max_tokens: maxTokens,
    },
  });

export const jsonl = (lines: readonly string[]) => `${lines.join('\n')}\n`;

/** Uploads `text` as a batch input file and creates a chat batch over it. */
export const submitBatch = async (oa: OpenAI, text: string, metadata?: Record<string, string>) => {
  const file = await oa.files.create({
    file: await toFile(Buffer.from(text), 'in.jsonl'),
    purpose: 'batch',
  });
  const batch = await oa.batches.create({
    input_file_id: file.id,
    endpoint: '/v1/chat/completions',
    completion_window: '24h',
    ...(metadata ? { metadata } : {}),
  });
  return { file, batch };
};

const ended = ['completed', 'failed', 'expired', 'cancelled'];

/** The batch once it has ended (or its state at the deadline, which then fails). */
export const settleBatch = async (oa: OpenAI, id: string, deadlineMs = 60_000) => {
  let b = await oa.batches.retrieve(id);
  await waitForAsync(
    async () => ended.includes((b = await oa.batches.retrieve(id)).status),
    `batch ${id} to end`,
    deadlineMs,
    200,
  );
  return b;
};

/** Waits until at least `n` of the batch's lines are done. */
export const untilDone = (oa: OpenAI, id: string, n: number) =>
  waitForAsync(
    async () => (await oa.batches.retrieve(id)).request_counts!.completed >= n,
    `${n} lines of ${id} done`,
  );
