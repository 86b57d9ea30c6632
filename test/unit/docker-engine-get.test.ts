// dockerGet speaks the Engine API over the daemon's unix socket the way dockerode does, and fails
// the way dockerode does (socket codes; the daemon's statusCode and message), so dockerError and
// the container source's "removed between list and inspect" retry read both alike.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { dockerError } from '../../electron/node/docker/docker-error';
import { dockerGet, dockerGetBytes } from '../../electron/node/docker/docker-engine-get';
import { demuxDockerLogs } from '../../electron/node/docker/docker-container-source';

test('GETs over the socket; 404 keeps statusCode and message; a missing socket is ENOENT', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-docker-get-'));
  const socket = join(dir, 'docker.sock');
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    if (req.url?.startsWith('/containers/json'))
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('[{"Id":"abc"}]');
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end('{"message":"No such container: gone"}');
  });
  await new Promise<void>((r) => server.listen(socket, r));
  try {
    const get = dockerGet(`unix://${socket}`);
    assert.deepEqual(await get('/containers/json?all=1'), [{ Id: 'abc' }]);
    const e = (await get('/containers/gone/json').catch((x: unknown) => x)) as {
      statusCode?: number;
      message?: string;
    };
    assert.equal(e.statusCode, 404);
    assert.equal(e.message, 'No such container: gone');
    assert.match(dockerError(e, socket).message, /Docker said: No such container: gone/);
    const missing = await dockerGet(`unix://${join(dir, 'none.sock')}`)('/info').catch(
      (x: unknown) => x,
    );
    assert.equal(dockerError(missing, 'none.sock').code, 'DOCKER_UNAVAILABLE');
    assert.deepEqual(seen, ['/containers/json?all=1', '/containers/gone/json']);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a container's log tail comes as bytes (Docker's frames), read without dockerode", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hagw-docker-get-'));
  const socket = join(dir, 'docker.sock');
  const frame = (stream: number, text: string) => {
    const body = Buffer.from(text);
    const head = Buffer.from([stream, 0, 0, 0, 0, 0, 0, 0]);
    head.writeUInt32BE(body.byteLength, 4);
    return Buffer.concat([head, body]);
  };
  const server = createServer((req, res) => {
    assert.equal(req.url, '/containers/abc/logs?stdout=1&stderr=1&tail=2');
    res.end(Buffer.concat([frame(1, 'loading model\n'), frame(2, 'CUDA out of memory\n')]));
  });
  await new Promise<void>((r) => server.listen(socket, r));
  try {
    const bytes = await dockerGetBytes(`unix://${socket}`)(
      '/containers/abc/logs?stdout=1&stderr=1&tail=2',
    );
    assert.equal(demuxDockerLogs(bytes), 'loading model\nCUDA out of memory\n');
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
