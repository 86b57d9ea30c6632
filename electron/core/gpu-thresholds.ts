// Thresholds from `nvidia-smi -q -x`, read once at start (they are not in --query-gpu). The
// <temperature> element names are the same in schema v12 and v13 (both recorded captures).

export interface GpuThresholds {
  slowdownC: number | null;
  shutdownC: number | null;
  targetC: number | null;
  maxOperatingC: number | null;
  /** Where each number came from: the card, or the documented fallback below. */
  source: 'card' | 'fallback';
}

/**
 * For a card that reports none ("N/A"). Lower than every recorded card's own values (RTX 3090:
 * slowdown 95, shutdown 98, target 83), so a card without thresholds is warned early, not late.
 */
export const fallbackThresholds: GpuThresholds = {
  slowdownC: 90,
  shutdownC: 95,
  targetC: 83,
  maxOperatingC: 88,
  source: 'fallback',
};

const celsius = (block: string, tag: string): number | null => {
  const m = new RegExp(`<${tag}>\\s*([0-9.]+)\\s*C\\s*</${tag}>`).exec(block);
  return m ? Number(m[1]) : null;
};

/** Per bus id (as nvidia-smi writes it in <gpu id="...">), the card's thresholds with fallbacks. */
export const parseThresholdsXml = (xml: string): Map<string, GpuThresholds> => {
  const out = new Map<string, GpuThresholds>();
  const gpuRe = /<gpu id="([^"]+)">([\s\S]*?)<\/gpu>/g;
  for (let m = gpuRe.exec(xml); m; m = gpuRe.exec(xml)) {
    const block = m[2] ?? '';
    const card = {
      slowdownC: celsius(block, 'gpu_temp_slow_threshold'),
      shutdownC: celsius(block, 'gpu_temp_max_threshold'),
      targetC: celsius(block, 'gpu_target_temperature'),
      maxOperatingC: celsius(block, 'gpu_temp_max_gpu_threshold'),
    };
    const complete = card.slowdownC !== null && card.shutdownC !== null && card.targetC !== null;
    out.set(normalizeBusId(m[1] ?? ''), {
      slowdownC: card.slowdownC ?? fallbackThresholds.slowdownC,
      shutdownC: card.shutdownC ?? fallbackThresholds.shutdownC,
      targetC: card.targetC ?? fallbackThresholds.targetC,
      maxOperatingC: card.maxOperatingC ?? fallbackThresholds.maxOperatingC,
      source: complete ? 'card' : 'fallback',
    });
  }
  return out;
};

/** "00000000:09:00.0" (query) and "0000:09:00.0" (lost message) name the same card. */
export const normalizeBusId = (id: string): string =>
  id
    .toUpperCase()
    .replace(/^0{4,8}:/, '')
    .replace(/^0+(?=[0-9A-F]{2}:)/, '');
