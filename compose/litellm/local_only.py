"""LiteLLM pre-call hook for the bundled stack: refuse what a local model cannot serve, clearly.

LiteLLM bridges the Responses API to vLLM, but OpenAI's built-in tools (web_search, file_search,
code_interpreter, computer use, image generation, remote MCP) run on OpenAI's servers. LiteLLM
drops some of them for a vLLM deployment and passes others on; either way the client gets an
answer that silently ignored the tool. This hook answers 400 instead, naming the tool, and caps
the size of a structured-output JSON schema so nothing reaches vLLM's grammar compiler that
would stall the engine.

Loaded by config.yaml (litellm_settings.callbacks: local_only.proxy_handler_instance), from the
directory of the config file. The stand-in in test/standins/litellm/local-only-hook.ts applies
the same rules; test/unit/local-only-hook-py.test.ts runs this file against the same cases.
"""

import json

try:  # inside the LiteLLM image
    from fastapi import HTTPException
    from litellm.integrations.custom_logger import CustomLogger
except ImportError:  # the unit test runs this file without LiteLLM installed

    class HTTPException(Exception):  # type: ignore[no-redef]
        def __init__(self, status_code, detail):
            super().__init__(detail)
            self.status_code = status_code
            self.detail = detail

    class CustomLogger:  # type: ignore[no-redef]
        pass


MAX_SCHEMA_BYTES = 65536


def _schema_of(data):
    """The JSON schema a request asks the model to follow, from chat or the Responses API."""
    response_format = data.get("response_format")
    if isinstance(response_format, dict) and response_format.get("type") == "json_schema":
        return (response_format.get("json_schema") or {}).get("schema")
    text = data.get("text")
    if isinstance(text, dict):
        fmt = text.get("format")
        if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
            return fmt.get("schema")
    return None


def local_only_problem(data, call_type):
    """The one line that says what is not available locally, or None."""
    if call_type in ("responses", "aresponses"):
        for tool in data.get("tools") or []:
            kind = tool.get("type") if isinstance(tool, dict) else None
            if kind not in ("function", None):
                return (
                    f"The tool type '{kind}' is a hosted OpenAI tool and is not available "
                    "locally: this gateway serves local models only. Declare a function tool "
                    "(type 'function') and run the tool in your app."
                )
    schema = _schema_of(data)
    if schema is not None:
        size = len(json.dumps(schema, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
        if size > MAX_SCHEMA_BYTES:
            return (
                f"The JSON schema is {size} bytes; this gateway accepts structured-output "
                f"schemas up to {MAX_SCHEMA_BYTES} bytes. Split the schema or simplify it."
            )
    return None


class LocalOnly(CustomLogger):
    async def async_pre_call_hook(self, user_api_key_dict, cache, data, call_type):
        problem = local_only_problem(data, call_type)
        if problem:
            raise HTTPException(status_code=400, detail=problem)
        return data


proxy_handler_instance = LocalOnly()
