import { randomUUID } from 'node:crypto';
import type { KeyRecord } from './key-store';

export interface SpendLog {
  request_id: string;
  call_type: string;
  api_key: string;
  spend: number;
  total_tokens: number;
  prompt_tokens: number;
  completion_tokens: number;
  startTime: string;
  endTime: string;
  model: string;
  model_group: string;
  custom_llm_provider: string;
  api_base: string;
  status: 'success' | 'failure';
  metadata: Record<string, unknown>;
}

type Labels = Record<string, string>;

/** Python's prometheus_client prints every value as a float: 41 -> "41.0". */
export const pyFloat = (v: number): string => (Number.isInteger(v) ? v.toFixed(1) : String(v));

const labelKey = (name: string, labels: Labels): string => `${name}${JSON.stringify(labels)}`;

/**
 * Spend logs, the Prometheus counters LiteLLM's prometheus callback keeps (same names and label
 * sets as test/fixtures/litellm/prometheus_metrics_sample.json) and the per-minute request windows
 * that rpm_limit counts against.
 */
export class UsageLedger {
  readonly logs: SpendLog[] = [];
  private readonly counters = new Map<
    string,
    { name: string; labels: Labels; value: number; type: 'counter' | 'gauge' }
  >();
  private readonly minuteWindows = new Map<string, { minute: number; count: number }>();
  private readonly inFlight = new Map<string, number>();

  countRequest(token: string, nowMs: number): number {
    const minute = Math.floor(nowMs / 60_000);
    const w = this.minuteWindows.get(token);
    const next = w && w.minute === minute ? { minute, count: w.count + 1 } : { minute, count: 1 };
    this.minuteWindows.set(token, next);
    return next.count;
  }

  begin(token: string): () => void {
    this.inFlight.set(token, (this.inFlight.get(token) ?? 0) + 1);
    return () => this.inFlight.set(token, Math.max(0, (this.inFlight.get(token) ?? 1) - 1));
  }

  parallel(token: string): number {
    return this.inFlight.get(token) ?? 0;
  }

  add(name: string, labels: Labels, by: number, type: 'counter' | 'gauge' = 'counter'): void {
    const k = labelKey(name, labels);
    const cur = this.counters.get(k);
    if (cur) cur.value = type === 'gauge' ? by : cur.value + by;
    else this.counters.set(k, { name, labels, value: by, type });
  }

  keyLabels(k: KeyRecord, model: string): Labels {
    return {
      end_user: 'None',
      hashed_api_key: k.token,
      api_key_alias: k.key_alias ?? 'None',
      requested_model: model,
      team: 'None',
      team_alias: 'None',
      user: 'None',
      user_email: 'None',
    };
  }

  recordSuccess(k: KeyRecord, log: SpendLog): void {
    this.logs.push(log);
    const base = this.keyLabels(k, log.model_group);
    this.add(
      'litellm_proxy_total_requests_metric_total',
      { ...base, status_code: '200', route: '/v1/chat/completions' },
      1,
    );
    const withModel = { ...base, model: log.model };
    this.add('litellm_spend_metric_total', withModel, log.spend);
    this.add('litellm_total_tokens_metric_total', withModel, log.total_tokens);
    this.add('litellm_input_tokens_metric_total', withModel, log.prompt_tokens);
    this.add('litellm_output_tokens_metric_total', withModel, log.completion_tokens);
  }

  /**
   * A refused or failed call: counted, and written to the spend logs with status "failure" and no
   * spend, as LiteLLM's failure hook does (the audit's --status error reads these rows).
   */
  recordFailure(
    k: KeyRecord,
    model: string,
    status: number,
    exceptionClass: string,
    at: Date = new Date(),
  ): void {
    const iso = at.toISOString();
    this.logs.push({
      request_id: `failure-${randomUUID()}`,
      call_type: 'acompletion',
      api_key: k.token,
      spend: 0,
      total_tokens: 0,
      prompt_tokens: 0,
      completion_tokens: 0,
      startTime: iso,
      endTime: iso,
      model,
      model_group: model,
      custom_llm_provider: '',
      api_base: '',
      status: 'failure',
      metadata: {
        user_api_key: k.token,
        user_api_key_alias: k.key_alias,
        error_information: { error_code: String(status), error_class: exceptionClass },
      },
    });
    const base = this.keyLabels(k, model);
    this.add(
      'litellm_proxy_total_requests_metric_total',
      { ...base, status_code: String(status), route: '/v1/chat/completions' },
      1,
    );
    this.add(
      'litellm_proxy_failed_requests_metric_total',
      {
        ...base,
        exception_status: String(status),
        exception_class: exceptionClass,
        route: '/v1/chat/completions',
      },
      1,
    );
  }

  /** The text exposition, with budget gauges for every key (prometheus_initialize_budget_metrics). */
  exposition(keys: readonly KeyRecord[], nowMs: number): string {
    for (const k of keys) {
      const l = { hashed_api_key: k.token, api_key_alias: k.key_alias ?? 'None' };
      if (k.max_budget !== null) {
        this.add('litellm_remaining_api_key_budget_metric', l, k.max_budget - k.spend, 'gauge');
        this.add('litellm_api_key_max_budget_metric', l, k.max_budget, 'gauge');
      }
      if (k.budget_reset_at) {
        this.add(
          'litellm_api_key_budget_remaining_hours_metric',
          l,
          (new Date(k.budget_reset_at).getTime() - nowMs) / 3_600_000,
          'gauge',
        );
      }
    }
    const byName = new Map<string, { type: string; lines: string[] }>();
    for (const c of this.counters.values()) {
      const family = byName.get(c.name) ?? { type: c.type, lines: [] };
      const labels = Object.entries(c.labels)
        .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
        .join(',');
      family.lines.push(`${c.name}{${labels}} ${pyFloat(c.value)}`);
      byName.set(c.name, family);
    }
    return [...byName.entries()]
      .map(([name, f]) => `# HELP ${name} ${name}\n# TYPE ${name} ${f.type}\n${f.lines.join('\n')}`)
      .join('\n')
      .concat('\n');
  }
}

/** "2026-12-02 21:00:00" (LiteLLM's query format, UTC) -> epoch ms; null when it is not that. */
const sqlTime = (v: string | null): number | null => {
  if (!v || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v)) return null;
  return Date.parse(`${v.replace(' ', 'T')}Z`);
};

/**
 * GET /spend/logs/ui: start_date and end_date are required, newest first, page_size at most 100
 * (ui_view_spend_logs; the shape of test/fixtures/litellm/spend_logs_ui_response.json).
 */
export const spendLogsPage = (logs: readonly SpendLog[], q: URLSearchParams) => {
  const from = sqlTime(q.get('start_date'));
  const to = sqlTime(q.get('end_date'));
  if (from === null || to === null)
    return {
      status: 400,
      body: {
        error: {
          message: "{'error': 'Start date and end date are required'}",
          type: 'bad_request_error',
          param: 'None',
          code: '400',
        },
      },
    };
  const page = Math.max(1, Number(q.get('page') ?? 1));
  const size = Math.min(100, Math.max(1, Number(q.get('page_size') ?? 50)));
  const key = q.get('api_key');
  const rows = logs
    .filter((l) => {
      const t = Date.parse(l.startTime);
      return t >= from && t <= to && (!key || l.api_key === key);
    })
    .sort((a, b) => Date.parse(b.startTime) - Date.parse(a.startTime));
  return {
    data: rows.slice((page - 1) * size, page * size),
    total: rows.length,
    page,
    page_size: size,
    total_pages: Math.max(1, Math.ceil(rows.length / size)),
  };
};
