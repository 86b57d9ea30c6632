// Ready snippets for wiring up a project: the app's own key and the gateway's URL — never the
// master key, which bypasses every budget.

export interface Snippets {
  env: string;
  python: string;
  javascript: string;
  curl: string;
}

export const keySnippets = (baseUrl: string, key: string, model: string): Snippets => {
  const v1 = `${baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1`;
  return {
    env: `OPENAI_BASE_URL=${v1}\nOPENAI_API_KEY=${key}\n`,
    python: `from openai import OpenAI\n\nclient = OpenAI(base_url="${v1}", api_key="${key}")\nreply = client.chat.completions.create(model="${model}", messages=[{"role": "user", "content": "Hello"}])\nprint(reply.choices[0].message.content)\n`,
    javascript: `import OpenAI from 'openai';\n\nconst client = new OpenAI({ baseURL: '${v1}', apiKey: '${key}' });\nconst reply = await client.chat.completions.create({ model: '${model}', messages: [{ role: 'user', content: 'Hello' }] });\nconsole.log(reply.choices[0].message.content);\n`,
    curl: `curl ${v1}/chat/completions \\\n  -H "Authorization: Bearer ${key}" \\\n  -H "Content-Type: application/json" \\\n  -d '{"model": "${model}", "messages": [{"role": "user", "content": "Hello"}]}'\n`,
  };
};
