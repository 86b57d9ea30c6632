// vLLM's own Responses API (POST /v1/responses), which LiteLLM calls directly for hosted_vllm
// deployments (litellm/llms/hosted_vllm/responses/transformation.py: "vLLM natively supports the
// OpenAI-compatible /v1/responses endpoint"). Read from vllm/entrypoints/openai/responses/
// serving.py and protocol.py (v0.26.0):
// - `store` is silently ignored unless VLLM_ENABLE_RESPONSES_API_STORE=1 (off in the bundled
//   stack), so GET /v1/responses/{id} and previous_response_id answer 404 "not found";
// - `background` with store off is a 400 naming VLLM_ENABLE_RESPONSES_API_STORE;
// - a generation cut by max_output_tokens is status "incomplete", incomplete_details
//   {reason: "max_output_tokens"};
// - streaming is `event: <type>` + `data: <json>` pairs with a sequence_number, and no [DONE];
// - text.format json_schema is guided decoding, as in chat.
// Built-in tools (web_search, file_search, code_interpreter, ...) need vLLM's tool server, which
// only gpt-oss models use; for other models they are not offered to the model at all.
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AskView } from './vllm-standin';

type Json = Record<string, unknown>;
type Item = Json & { type?: string; role?: string; content?: unknown };

/** Function tools only: the built-in ones have no tool server behind a non-gpt-oss model. */
export const responsesView = (b: Json): AskView => {
  const tools = Array.isArray(b.tools)
    ? (b.tools as { type?: string; name?: string; parameters?: unknown }[])
        .filter((t) => t.type === 'function')
        .map((t) => ({ name: t.name, parameters: t.parameters }))
    : [];
  const choice = b.tool_choice as { type?: string; name?: string } | string | undefined;
  const format = (b.text as { format?: { type?: string; schema?: unknown } } | undefined)?.format;
  const items = Array.isArray(b.input) ? (b.input as Item[]) : [];
  return {
    maxTokens: typeof b.max_output_tokens === 'number' ? b.max_output_tokens : null,
    tools,
    toolChoice: typeof choice === 'object' ? { name: choice.name } : choice,
    answeredTool: items.some((i) => i.type === 'function_call_output'),
    format: format?.type ? { type: format.type, schema: format.schema } : undefined,
  };
};

/** The words of the input, for the prompt's token count. */
export const responsesPromptText = (b: Json): string => {
  const parts: string[] = [typeof b.instructions === 'string' ? b.instructions : ''];
  if (typeof b.input === 'string') parts.push(b.input);
  for (const i of Array.isArray(b.input) ? (b.input as Item[]) : []) {
    if (typeof i.content === 'string') parts.push(i.content);
    else if (Array.isArray(i.content))
      for (const c of i.content as { text?: unknown }[])
        if (typeof c.text === 'string') parts.push(c.text);
    if (typeof i.output === 'string') parts.push(i.output);
  }
  return parts.join(' ');
};

export interface ResponsesAnswer {
  content: string | null;
  toolCalls: { id: string; function: { name: string; arguments: unknown } }[] | null;
  finish: 'stop' | 'length' | 'tool_calls';
}

const hex = () => randomUUID().replace(/-/g, '');

/** The output items: a message with one output_text part, or one function_call per tool call. */
const outputItems = (a: ResponsesAnswer, status: string): Json[] =>
  a.toolCalls
    ? a.toolCalls.map((t) => ({
        type: 'function_call',
        id: `fc_${hex()}`,
        call_id: `call_${hex()}`,
        name: t.function.name,
        arguments:
          typeof t.function.arguments === 'string'
            ? t.function.arguments
            : JSON.stringify(t.function.arguments),
        status: 'completed',
      }))
    : [
        {
          type: 'message',
          id: `msg_${hex()}`,
          role: 'assistant',
          status,
          content: [{ type: 'output_text', text: a.content ?? '', annotations: [], logprobs: [] }],
        },
      ];

/** ResponsesResponse.from_request: the request's settings echoed around the output. */
export const responseObject = (
  b: Json,
  r: {
    id: string;
    createdAt: number;
    model: string;
    status: 'completed' | 'incomplete' | 'in_progress';
    output: Json[];
    usage: { input: number; output: number } | null;
  },
): Json => ({
  id: r.id,
  created_at: r.createdAt,
  incomplete_details: r.status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
  instructions: typeof b.instructions === 'string' ? b.instructions : null,
  metadata: b.metadata ?? null,
  model: r.model,
  object: 'response',
  output: r.output,
  parallel_tool_calls: b.parallel_tool_calls !== false,
  temperature: typeof b.temperature === 'number' ? b.temperature : 1.0,
  tool_choice: b.tool_choice ?? 'auto',
  // The request's tools as pydantic parsed them (openai's FunctionTool): unset fields as null.
  tools: Array.isArray(b.tools)
    ? (b.tools as Json[]).map((t) =>
        t.type === 'function' ? { description: null, strict: null, ...t } : t,
      )
    : [],
  top_p: typeof b.top_p === 'number' ? b.top_p : 1.0,
  background: false,
  max_output_tokens: typeof b.max_output_tokens === 'number' ? b.max_output_tokens : null,
  max_tool_calls: null,
  previous_response_id: null,
  prompt: null,
  reasoning: null,
  service_tier: 'auto',
  status: r.status,
  text: b.text ?? { format: { type: 'text' } },
  top_logprobs: null,
  truncation: 'disabled',
  user: null,
  error: null,
  usage: r.usage && {
    input_tokens: r.usage.input,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: r.usage.output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: r.usage.input + r.usage.output,
  },
});

export const newResponseId = (): string => `resp_${hex()}`;

export const completedOutput = (
  a: ResponsesAnswer,
): { status: 'completed' | 'incomplete'; output: Json[] } => {
  const status = a.finish === 'length' ? 'incomplete' : 'completed';
  return { status, output: outputItems(a, status) };
};

/**
 * The stream vLLM's responses_stream_generator writes for a plain (non-harmony) model: created,
 * in_progress, then per item added / deltas / done, then completed (or incomplete).
 */
export const streamResponse = async (
  res: ServerResponse,
  b: Json,
  r: { id: string; createdAt: number; model: string; usage: { input: number; output: number } },
  a: ResponsesAnswer,
  pace: (ms: number) => Promise<void>,
): Promise<void> => {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
  let seq = 0;
  const emit = (type: string, body: Json) =>
    res.write(
      `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...body })}\n\n`,
    );
  const base = { id: r.id, createdAt: r.createdAt, model: r.model };
  emit('response.created', {
    response: responseObject(b, { ...base, status: 'in_progress', output: [], usage: null }),
  });
  emit('response.in_progress', {
    response: responseObject(b, { ...base, status: 'in_progress', output: [], usage: null }),
  });
  const done = completedOutput(a);
  for (const [output_index, item] of done.output.entries()) {
    if (item.type === 'function_call') {
      emit('response.output_item.added', {
        output_index,
        item: { ...item, arguments: '', status: 'in_progress' },
      });
      emit('response.function_call_arguments.delta', {
        item_id: item.id,
        output_index,
        delta: item.arguments,
      });
      emit('response.function_call_arguments.done', {
        item_id: item.id,
        output_index,
        arguments: item.arguments,
        name: item.name,
      });
      emit('response.output_item.done', { output_index, item });
      continue;
    }
    const text = a.content ?? '';
    const part = { type: 'output_text', text: '', annotations: [], logprobs: [] };
    emit('response.output_item.added', {
      output_index,
      item: { ...item, status: 'in_progress', content: [] },
    });
    emit('response.content_part.added', { item_id: item.id, output_index, content_index: 0, part });
    for (const delta of text.split(/(?<= )/)) {
      await pace(1);
      emit('response.output_text.delta', {
        item_id: item.id,
        output_index,
        content_index: 0,
        delta,
        logprobs: [],
      });
    }
    emit('response.output_text.done', {
      item_id: item.id,
      output_index,
      content_index: 0,
      text,
      logprobs: [],
    });
    emit('response.content_part.done', {
      item_id: item.id,
      output_index,
      content_index: 0,
      part: { ...part, text },
    });
    emit('response.output_item.done', { output_index, item });
  }
  emit(done.status === 'completed' ? 'response.completed' : 'response.incomplete', {
    response: responseObject(b, { ...base, ...done, usage: r.usage }),
  });
  res.end();
};

/** What GET /v1/responses/{id} answers with the store off (vLLM's _make_not_found_error). */
export const responseNotFound = (id: string) => ({
  error: {
    message: `Response with id '${id}' not found.`,
    type: 'invalid_request_error',
    param: 'response_id',
    code: 404,
  },
});
