// The stand-in's copy of compose/litellm/local_only.py, the pre-call hook the bundled config loads
// (litellm_settings.callbacks: local_only.proxy_handler_instance). The real proxy runs the Python
// file; test/unit/local-only-hook-py.test.ts runs that file on the cases the stand-in's test uses, so
// the two cannot drift apart unseen.
//
// A hook's HTTPException(400, detail=<str>) reaches the client as LiteLLM's ProxyException
// envelope (litellm/proxy/common_request_processing.py, _handle_llm_api_exception): the detail is
// the message, type and param "None", code the status as a string.
import { err, type StandinError } from './litellm-errors';

export const localOnlyCallback = 'local_only.proxy_handler_instance';
export const maxSchemaBytes = 65536;

const schemaOf = (data: Record<string, unknown>): unknown => {
  const rf = data.response_format as
    { type?: string; json_schema?: { schema?: unknown } } | undefined;
  if (rf?.type === 'json_schema') return rf.json_schema?.schema;
  const fmt = (data.text as { format?: { type?: string; schema?: unknown } } | undefined)?.format;
  return fmt?.type === 'json_schema' ? fmt.schema : undefined;
};

/** local_only_problem(): the line that says what is not available locally, or null. */
export const localOnlyProblem = (
  data: Record<string, unknown>,
  callType: 'aresponses' | 'acompletion',
): string | null => {
  if (callType === 'aresponses')
    for (const tool of Array.isArray(data.tools) ? (data.tools as { type?: unknown }[]) : []) {
      const kind = tool && typeof tool === 'object' ? tool.type : undefined;
      if (kind !== 'function' && kind !== undefined)
        return `The tool type '${typeof kind === 'string' ? kind : JSON.stringify(kind)}' is a hosted OpenAI tool and is not available locally: this gateway serves local models only. Declare a function tool (type 'function') and run the tool in your app.`;
    }
  const schema = schemaOf(data);
  if (schema !== undefined && schema !== null) {
    const size = Buffer.byteLength(JSON.stringify(schema), 'utf8');
    if (size > maxSchemaBytes)
      return `The JSON schema is ${size} bytes; this gateway accepts structured-output schemas up to ${maxSchemaBytes} bytes. Split the schema or simplify it.`;
  }
  return null;
};

export const localOnlyError = (problem: string): StandinError => err(400, problem, 'None', 'None');
