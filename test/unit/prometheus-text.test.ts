import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  parsePrometheusText,
  sumMetric,
  sumMetricOrNull,
} from '../../electron/core/prometheus-text';
import { fixturePayload } from '../support/fixtures';

test('reads a real vLLM V1 /metrics capture: names with ":", labels, TYPE per family', () => {
  const samples = parsePrometheusText(
    fixturePayload('vllm/vllm-metrics-v1-ngc25.09-qwen3-4b-fp8.prom.txt'),
  );
  const waiting = samples.find((s) => s.name === 'vllm:num_requests_waiting');
  assert.deepEqual(waiting, {
    name: 'vllm:num_requests_waiting',
    type: 'gauge',
    labels: { engine: '0', model_name: 'Qwen/Qwen3-4B-Instruct-2507-FP8' },
    value: 0,
  });
  assert.equal(sumMetric(samples, 'vllm:prompt_tokens_total'), 246);
  assert.equal(sumMetric(samples, 'vllm:request_success_total', { finished_reason: 'stop' }), 6);
  const bucket = samples.find(
    (s) => s.name === 'vllm:e2e_request_latency_seconds_bucket' && s.labels.le === '+Inf',
  );
  assert.equal(bucket?.type, 'histogram');
});

test('escaped quotes and backslashes in label values, +Inf, and garbage lines', () => {
  const s = parsePrometheusText(
    'm{a="x\\"y",b="c\\\\d"} 1\nnot a metric line {\nm2 +Inf\nm3 NaN\n',
  );
  assert.deepEqual(s[0]?.labels, { a: 'x"y', b: 'c\\d' });
  assert.equal(s[1]?.value, Infinity);
  assert.ok(Number.isNaN(s[2]?.value));
  assert.equal(s.length, 3);
});

test('a family with no samples is unknown (null), not 0; one with a 0 sample is 0', () => {
  const loading = parsePrometheusText(
    '# HELP vllm:num_requests_waiting x\n# TYPE vllm:num_requests_waiting gauge\n',
  );
  assert.equal(sumMetricOrNull(loading, 'vllm:num_requests_waiting'), null);
  const idle = parsePrometheusText('vllm:num_requests_waiting{model_name="m"} 0\n');
  assert.equal(sumMetricOrNull(idle, 'vllm:num_requests_waiting'), 0);
});
