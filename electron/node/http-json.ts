import { GatewayError } from '../core/gateway-error';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * fetch with a hard timeout and errors that say what to do. `service` names the thing in the
 * message ("LiteLLM at http://127.0.0.1:4000"). Authorization headers are never put in a message.
 */
export const httpRequest = async (
  service: string,
  url: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    timeoutMs?: number;
  } = {},
): Promise<HttpAnswer> => {
  const controller = new AbortController();
  const timeoutMs = init.timeoutMs ?? 10_000;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      headers: init.headers,
      body: init.body,
      signal: controller.signal,
      redirect: 'error',
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code;
    if ((e as Error).name === 'AbortError') {
      throw new GatewayError(
        'TIMEOUT',
        `${service} did not answer within ${Math.round(timeoutMs / 1000)} s; check that the stack is healthy (hagw status).`,
      );
    }
    if (code === 'ECONNREFUSED') {
      throw new GatewayError(
        'UNREACHABLE',
        `${service} refused the connection; is the stack running? (hagw stack up)`,
      );
    }
    throw new GatewayError(
      'UNREACHABLE',
      `${service} is unreachable (${code ?? cause?.message ?? (e as Error).message}); check the URL and that the stack is running.`,
    );
  } finally {
    clearTimeout(timer);
  }
};
