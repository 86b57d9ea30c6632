// The exact error bodies LiteLLM sends (test/fixtures/litellm/error_*.json), with their quirks:
// `code` is a string, `param` and `type` are sometimes the string "None", and budget errors have
// been 400 in some versions and 429 in newer ones (STANDIN_BUDGET_STATUS picks which).

export interface StandinError {
  status: number;
  body: { error: { message: string; type: string | null; param: string | null; code: string } };
  headers?: Record<string, string>;
}

export const err = (
  status: number,
  message: string,
  type: string | null,
  param: string | null,
  headers?: Record<string, string>,
): StandinError => ({
  status,
  body: { error: { message, type, param, code: String(status) } },
  ...(headers ? { headers } : {}),
});

const mask = (key: string): string => `${key.slice(0, 3)}...${key.slice(-4)}`;

export const errors = {
  invalidKey: (raw: string, hash: string) =>
    err(
      401,
      `Authentication Error, Invalid proxy server token passed. Received API Key = ${mask(raw)}, Key Hash (Token) =${hash}. Unable to find token in cache or \`LiteLLM_VerificationTokenTable\``,
      'token_not_found_in_db',
      'key',
    ),
  notSkPrefixed: (raw: string) =>
    err(
      401,
      `LiteLLM Virtual Key expected. Received=${raw.slice(0, 4)}****${raw.slice(-4)}, expected to start with 'sk-'.`,
      'auth_error',
      'None',
    ),
  noKey: () => err(401, 'Authentication Error, No api key passed in.', 'auth_error', 'None'),
  notAdmin: () =>
    err(
      401,
      'Authentication Error, Only proxy admin can be used to generate, delete, update info for new keys/users/teams. Route=/key/generate.',
      'auth_error',
      'None',
    ),
  blocked: () =>
    err(
      401,
      "Authentication Error, Key is blocked. Update via `/key/unblock` if you're admin.",
      'auth_error',
      'None',
    ),
  modelDenied: (model: string, allowed: string[]) =>
    err(
      401,
      `key not allowed to access model. This key can only access models=${JSON.stringify(allowed).replace(/"/g, "'")}. Tried to access ${model}`,
      'key_model_access_denied',
      'model',
    ),
  budgetExceeded: (spend: number, max: number, status: number) =>
    err(
      status,
      `Budget has been exceeded! Current cost: ${spend}, Max budget: ${max}`,
      'budget_exceeded',
      null,
    ),
  rateLimited: (
    hash: string,
    limit: number,
    resetAt: string,
    retryAfterS: number,
    kind: 'requests' | 'tokens' = 'requests',
  ) =>
    err(
      429,
      `Rate limit exceeded for api_key: ${hash}. Limit type: ${kind}. Current limit: ${limit}, Remaining: 0. Limit resets at: ${resetAt}`,
      'None',
      'None',
      {
        'retry-after': String(retryAfterS),
        rate_limit_type: kind,
        reset_at: resetAt,
      },
    ),
  aliasExists: (alias: string) =>
    err(
      400,
      `Key with alias '${alias}' already exists. Unique key aliases across all keys are required.`,
      'bad_request_error',
      'key_alias',
    ),
  keyNotFound: () => err(404, 'Key not found in database', 'not_found_error', 'key'),
  noKeysToDelete: () => err(404, "{'error': 'No keys found'}", 'internal_server_error', 'None'),
  regenerateEnterprise: () =>
    err(
      500,
      'Regenerating Virtual Keys is an Enterprise feature, You must be a LiteLLM Enterprise user to use this feature. If you have a license please set `LITELLM_LICENSE` in your env. Get a 7 day trial key here: https://www.litellm.ai/enterprise#trial. \nPricing: https://www.litellm.ai/#pricing',
      'internal_server_error',
      'None',
    ),
  badRequest: (message: string, param: string | null = null) =>
    err(400, message, 'bad_request_error', param),
  unknownModel: (model: string) =>
    err(
      400,
      `{'error': '/chat/completions: Invalid model name passed in model=${model}. Call \`/v1/models\` to view available models for your key.'}`,
      'None',
      'None',
    ),
  upstream: (message: string) =>
    err(500, `litellm.APIConnectionError: Hosted_vllmException - ${message}`, 'None', 'None'),
  /** FastAPI's validation error: a different envelope, as the real proxy sends for size > 100. */
  validation: (loc: string[], msg: string) => ({
    status: 422,
    body: { detail: [{ type: 'less_than_equal', loc, msg, input: null }] },
  }),
};
