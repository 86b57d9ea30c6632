// A cloud provider's OpenAI-style chat endpoint on 127.0.0.1: it answers like OpenAI (usage
// included) and remembers the Authorization header each call brought, so a test can see that the
// provider key reached the provider and nothing else did.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCloud {
  url: string;
  calls: { authorization: string | undefined; model: string }[];
  close(): Promise<void>;
}

export const startFakeCloud = async (): Promise<FakeCloud> => {
  const calls: FakeCloud['calls'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end('{"error":{"message":"no"}}');
        return;
      }
      const { model } = JSON.parse(body) as { model: string };
      calls.push({ authorization: req.headers.authorization, model });
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: `chatcmpl-cloud-${calls.length}`,
          object: 'chat.completion',
          created: 1764700000,
          model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'from the cloud' },
              finish_reason: 'stop',
            },
          ],
          usage: { prompt_tokens: 12, completion_tokens: 4, total_tokens: 16 },
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    calls,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
};
