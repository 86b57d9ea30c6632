// Where the real upstreams answer differently from OpenAI's published schema, in one place: each
// entry names the schema, the answering service(s), the problem it explains and why the real
// service answers that way. The spec gate (openapi-gate.ts) fails on every other departure.
export interface SpecDeviation {
  schema: string;
  /** 'litellm' (the gateway path), 'vllm' (straight to vLLM) or 'batch' (the batch service). */
  sources: readonly string[];
  problem: RegExp;
  why: string;
}

const both = ['litellm', 'vllm'] as const;

export const specDeviations: readonly SpecDeviation[] = [
  {
    schema: 'CreateChatCompletionResponse',
    sources: both,
    problem:
      /^\$\.choices\[\d+\]\.message\.(annotations|audio|function_call): expected (array|object), got null$/,
    why: "vLLM's ChatMessage (vllm/entrypoints/openai/chat_completion/protocol.py) is dumped with its unset optional fields as null; LiteLLM relays the message as vLLM wrote it.",
  },
  {
    schema: 'CreateChatCompletionResponse',
    sources: both,
    problem: /^\$\.system_fingerprint: expected string, got null$/,
    why: 'vLLM has no system fingerprint; ChatCompletionResponse.system_fingerprint defaults to None and is written as null.',
  },
  {
    schema: 'Response',
    sources: both,
    problem: /^\$\.user: expected string, got null$/,
    why: "vLLM's ResponsesResponse.from_request copies request.user, None when unset, written as null.",
  },
  {
    schema: 'Response',
    sources: both,
    problem: /^\$\.usage\.input_tokens_details\.cache_write_tokens: required, missing$/,
    why: "vLLM's InputTokensDetails reports cached_tokens (prefix-cache hits) only; the schema's newer cache_write_tokens has no vLLM counterpart.",
  },
  {
    schema: 'ResponseStreamEvent',
    sources: both,
    problem: /^\$\.response\.usage\.input_tokens_details\.cache_write_tokens: required, missing$/,
    why: 'The usage in response.completed is the same InputTokensDetails as the non-streamed answer: no cache_write_tokens.',
  },
  {
    schema: 'ResponseStreamEvent',
    sources: both,
    problem: /^\$\.response\.(user: expected string|usage: expected object), got null$/,
    why: 'response.created and response.in_progress carry the ResponsesResponse before any usage exists: usage None and user None are written as null.',
  },
  {
    schema: 'ErrorResponse',
    sources: ['litellm'],
    problem: /^\$\.error\.type: expected string, got null$/,
    why: "A provider error LiteLLM relays (litellm.BadRequestError: Hosted_vllmException - ...) becomes a ProxyException whose type is the exception's, None, written as null.",
  },
  {
    schema: 'ErrorResponse',
    sources: ['vllm'],
    problem: /^\$\.error\.code: \d+ matches none of the 2 anyOf branches$/,
    why: "vLLM's ErrorResponse declares code as an int (the HTTP status); LiteLLM turns it into a string on the gateway path.",
  },
  {
    schema: 'CreateEmbeddingResponse',
    sources: ['litellm'],
    problem: /^\$\.data\[\d+\]\.embedding: expected array, got "/,
    why: 'encoding_format "base64" answers a base64 string of float32 bytes, as OpenAI itself does (its client asks for base64 by default); the schema documents the float form only.',
  },
  {
    schema: 'Batch',
    sources: ['batch'],
    problem:
      /^\$\.(errors|output_file_id|error_file_id|(in_progress|finalizing|completed|failed|expired|cancelling|cancelled)_at): expected (object|string|integer), got null$/,
    why: 'OpenAI\'s own Batch API writes null for the times and files a batch has not reached (the example in its API reference: "errors": null, "expired_at": null); the schema types them without null. The batch service answers as the API does.',
  },
  {
    schema: 'ListBatchesResponse',
    sources: ['batch'],
    problem:
      /^\$\.data\[\d+\]\.(errors|output_file_id|error_file_id|(in_progress|finalizing|completed|failed|expired|cancelling|cancelled)_at): expected (object|string|integer), got null$/,
    why: 'Each batch of a list is the Batch object above, with the same nulls.',
  },
];
