import { GatewayError } from '../../core/gateway-error';

const readCapped = async (res: Response, service: string, maxBytes?: number): Promise<string> => {
  if (maxBytes === undefined || !res.body) return res.text();
  const declared = Number(res.headers.get('content-length') ?? NaN);
  const tooBig = () =>
    new GatewayError(
      'ANSWER_TOO_LARGE',
      `${service} sent an answer over ${Math.round(maxBytes / 1024 / 1024)} MB; refused (is that really LiteLLM?).`,
    );
  if (declared > maxBytes) {
    await res.body.cancel();
    throw tooBig();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooBig();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
};

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
    /** Answers larger than this are refused while they stream in, before they fill memory. */
    maxBytes?: number;
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
    return {
      status: res.status,
      headers: res.headers,
      text: await readCapped(res, service, init.maxBytes),
    };
  } catch (e) {
    if (e instanceof GatewayError) throw e;
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
