// HAGW_WAKER_MODELS, the wake service's list of local models, one per ";":
//   <served name>=<vLLM URL>|<gpu-memory-utilization>|<weights MiB>
// e.g. "local-chat=http://vllm:8000|0.55|5400". The compose file builds it from the same
// variables that start each vLLM, so the budget and vLLM's own reservation cannot drift apart.
import { GatewayError } from './gateway-error';

export interface WakerModelEntry {
  name: string;
  url: string;
  vramMiB: number;
  weightsMiB: number;
}

const bad = (entry: string, why: string) =>
  new GatewayError(
    'BAD_CONFIG',
    `HAGW_WAKER_MODELS entry "${entry.slice(0, 80)}": ${why} (expected name=http://host:port|utilization|weightsMiB)`,
  );

export const parseWakerModels = (text: string, cardMiB: number): WakerModelEntry[] =>
  text
    .split(';')
    .map((e) => e.trim())
    .filter((e) => e.length > 0)
    .map((entry) => {
      const m = /^([A-Za-z0-9._:-]+)=(https?:\/\/[^|\s]+)\|([0-9.]+)\|([0-9]+)$/.exec(entry);
      if (!m) throw bad(entry, 'not in the expected form');
      const utilization = Number(m[3]);
      if (!(utilization > 0 && utilization <= 1))
        throw bad(entry, 'the utilization must be above 0 and at most 1');
      return {
        name: m[1]!,
        url: m[2]!.replace(/\/+$/, ''),
        vramMiB: Math.round(utilization * cardMiB),
        weightsMiB: Number(m[4]),
      };
    });
