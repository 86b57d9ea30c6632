import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  discordRequest,
  encodeHeaderValue,
  ntfyRequest,
  webhookRequest,
} from '../../electron/core/push-format';
import type { PushMessage } from '../../electron/shared/notify';
import { documentedWebhookFields } from '../support/push-receiver';

const lost: PushMessage = {
  id: 'gpu:gpu-lost:00000000:09:00.0',
  source: 'gpu',
  severity: 'critical',
  state: 'firing',
  title: 'GPU 0: critical',
  message: 'GPU 00000000:09:00.0 has fallen off the bus; reboot the host.',
  at: '2026-12-01T12:00:00.000Z',
  actions: [{ id: 'open-view', label: 'Open' }],
};

test('ntfy: the body is the message; Title, Priority and Tags are headers; the token is a bearer', () => {
  const r = ntfyRequest(lost, 'tk_abc');
  assert.equal(r.body, lost.message);
  assert.equal(r.headers.Title, 'GPU 0: critical');
  assert.equal(r.headers.Priority, '5');
  assert.equal(r.headers.Tags, 'rotating_light,hagw,gpu');
  assert.equal(r.headers.Authorization, 'Bearer tk_abc');
  const warn = ntfyRequest({ ...lost, severity: 'warning' }, null);
  assert.deepEqual([warn.headers.Priority, warn.headers.Tags], ['4', 'warning,hagw,gpu']);
  assert.equal(warn.headers.Authorization, undefined);
  const resolved = ntfyRequest({ ...lost, state: 'resolved' }, null);
  assert.deepEqual(
    [resolved.headers.Title, resolved.headers.Priority, resolved.headers.Tags],
    ['Resolved: GPU 0: critical', '3', 'white_check_mark,hagw,gpu'],
  );
});

test('a non-ASCII header is RFC 2047 base64 of its UTF-8 bytes; ASCII stays plain; no CR/LF', () => {
  assert.equal(encodeHeaderValue('plain'), 'plain');
  const enc = encodeHeaderValue('discord-bot used 80 % — 🔥');
  const m = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=$/.exec(enc);
  assert.ok(m, enc);
  assert.equal(Buffer.from(m[1] ?? '', 'base64').toString('utf8'), 'discord-bot used 80 % — 🔥');
  assert.equal(encodeHeaderValue('a\r\nInjected: yes'), 'a Injected: yes');
});

test('the generic webhook is the transition itself, with exactly the documented fields', () => {
  const body = JSON.parse(webhookRequest(lost).body) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body), documentedWebhookFields);
  assert.deepEqual(body, { ...lost });
});

test('Discord: one embed, clipped to its limits, and no mention can ping anyone', () => {
  const long = { ...lost, title: `@everyone ${'x'.repeat(300)}`, message: 'y'.repeat(5000) };
  const body = JSON.parse(discordRequest(long).body) as {
    allowed_mentions: { parse: unknown[] };
    embeds: { title: string; description: string; color: number; timestamp: string }[];
  };
  assert.deepEqual(body.allowed_mentions, { parse: [] });
  const [e] = body.embeds;
  assert.equal(e?.title.length, 256);
  assert.equal(e?.description.length, 4096);
  assert.equal(e?.timestamp, lost.at);
  assert.equal(e?.color, 0xc62828);
});
