// The Batch API end to end in the bundled stack: the official openai client talks to the real
// Caddy (tls internal), which routes /v1/files and /v1/batches to the batch container (the
// bundled compose/batch/hagw-batch.cjs) and everything else to LiteLLM; the batch runs on the
// stack's Redis and through the stack's LiteLLM with the app's own key.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { loopbackFetch } from '../../electron/node/services/loopback-fetch';
import { dotenvValues } from '../../electron/node/compose/dotenv-file';
import { hagw } from '../support/run-hagw';
import { chatLine, jsonl, settleBatch, submitBatch } from '../support/openai-batch';

const env = process.env;
const masterKey = () =>
  dotenvValues(readFileSync(`${env.HAGW_DATA_DIR}/.env`, 'utf8')).LITELLM_MASTER_KEY ?? '';

describe('the Batch API through Caddy in the compose stack', () => {
  before(async () => {
    assert.ok(env.DOCKER_HOST && env.HAGW_COMPOSE_FILE, 'run through test/integration/run.sh');
    const r = await hagw(['stack', 'up', '--wait', '--timeout', '180', '--json']);
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => hagw(['stack', 'down']));

  test('an app key uploads, batches and downloads through the gateway; chat still goes to LiteLLM', async () => {
    const made = await hagw(['keys', 'create', 'batch-it', '--budget', '5', '--json']);
    assert.equal(made.code, 0, made.stderr);
    const key = (JSON.parse(made.stdout) as { rawKey: string }).rawKey;
    const oa = new OpenAI({
      apiKey: key,
      baseURL: 'https://gateway.home.arpa:18443/v1',
      fetch: loopbackFetch(),
      maxRetries: 0,
    });
    // The synchronous path is untouched: chat through the same host name reaches LiteLLM.
    const chat = await oa.chat.completions.create({
      model: 'local-chat',
      messages: [{ role: 'user', content: 'hello' }],
      max_tokens: 5,
    });
    assert.equal(chat.object, 'chat.completion');
    const ids = Array.from({ length: 20 }, (_, i) => `gw-${i}`);
    // The upload is multipart (FormData) through Caddy, the way the client sends it anywhere.
    const { batch: created } = await submitBatch(oa, jsonl(ids.map((id) => chatLine(id))));
    const b = await settleBatch(oa, created.id);
    assert.equal(b.status, 'completed', JSON.stringify(b.errors));
    assert.deepEqual(b.request_counts, { total: 20, completed: 20, failed: 0 });
    const out = (await (await oa.files.content(b.output_file_id!)).text()).trim().split('\n');
    assert.deepEqual(
      out.map((l) => (JSON.parse(l) as { custom_id: string }).custom_id),
      ids,
    );
    // The operator sees it, named by app, through the batch container's loopback port.
    const list = await hagw(['batch', 'list', '--json']);
    assert.equal(list.code, 0, list.stderr);
    const r = JSON.parse(list.stdout) as { batches: { id: string; app: string }[] };
    assert.equal(r.batches.find((x) => x.id === created.id)?.app, 'batch-it');
    // The operator routes are not behind the door: Caddy's own 404.
    const admin = await loopbackFetch()('https://gateway.home.arpa:18443/admin/batches', {
      headers: { authorization: `Bearer ${masterKey()}` },
    });
    assert.equal(admin.status, 404);
  });
});
