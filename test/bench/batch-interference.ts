// Interactive chat latency through LiteLLM with no batch running, then with a big batch running
// (hagw batch serve on redis-server, 2 lines in flight, yielding while vLLM has requests waiting).
// The vLLM stand-in runs 4 requests at once and takes each answer's tokens at its pace, so the
// batch's lines really compete with the interactive ones for the card.
import OpenAI from 'openai';
import { startBatchWorld } from '../support/batch-world';
import { chatLine, jsonl, settleBatch, submitBatch } from '../support/openai-batch';
import { waitForAsync } from '../support/wait';
import { summary } from './stats';

const chatBody = (i: number) => ({
  model: 'local-chat',
  messages: [{ role: 'user', content: `interactive ${i}` }],
  max_tokens: 16,
});

/** `clients` callers, each sending its share of `requests` one after another; latencies in ms. */
const interactive = async (url: string, key: string, requests: number, clients: number) => {
  const ms: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < requests) {
        const i = next++;
        const t0 = performance.now();
        const r = await fetch(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(chatBody(i)),
        });
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`interactive chat answered ${r.status}`);
        ms.push(performance.now() - t0);
      }
    }),
  );
  return summary(ms);
};

export interface BatchInterference {
  lines: number;
  reps: { alone: { p50: number; p95: number }; withBatch: { p50: number; p95: number } }[];
  /** Seconds the batch took to finish after it started, per repetition. */
  batchSeconds: number[];
}

export const benchBatchInterference = async (o: {
  reps: number;
  lines: number;
  requests: number;
}): Promise<BatchInterference> => {
  const w = await startBatchWorld({
    vllm: { tokensPerS: 60, maxNumSeqs: 4, serviceTime: true },
    serviceEnv: { HAGW_BATCH_CONCURRENCY: '2', HAGW_BATCH_MAX_WAITING: '0' },
  });
  try {
    const appKey = await w.key('discord-bot');
    const batchKey = await w.key('notes-indexer');
    const oa = new OpenAI({ apiKey: batchKey, baseURL: `${w.batchUrl}/v1`, maxRetries: 0 });
    // The same 16-token answers as the interactive calls.
    const text = jsonl(
      Array.from({ length: o.lines }, (_, i) => chatLine(`n-${i}`, 'local-chat', 16)),
    );
    const reps: BatchInterference['reps'] = [];
    const batchSeconds: number[] = [];
    for (let r = 0; r < o.reps; r++) {
      const alone = await interactive(w.standins.litellmUrl, appKey, o.requests, 3);
      const t0 = performance.now();
      const { batch: b } = await submitBatch(oa, text);
      await waitForAsync(
        async () => (await oa.batches.retrieve(b.id)).status === 'in_progress',
        'the batch to start',
      );
      const withBatch = await interactive(w.standins.litellmUrl, appKey, o.requests, 3);
      const { status } = await settleBatch(oa, b.id, 30 * 60_000);
      if (status !== 'completed') throw new Error(`the bench batch ended ${status}`);
      batchSeconds.push((performance.now() - t0) / 1000);
      reps.push({ alone, withBatch });
    }
    return { lines: o.lines, reps, batchSeconds };
  } finally {
    await w.close();
  }
};
