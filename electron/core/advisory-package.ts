// Which published package and version a pinned image is, so that OSV can be asked about it.
// Only the package name, its ecosystem and the version ever leave the machine. An image this table
// does not know, or a tag that is not a release number, is said to be "not checked", never skipped.
import { parseImageRef } from './image-pins';

export interface AdvisoryPackage {
  ecosystem: 'PyPI' | 'Go';
  name: string;
  version: string;
}

export type AdvisoryTarget =
  | { service: string; image: string; package: AdvisoryPackage }
  | { service: string; image: string; notChecked: string };

interface Mapping {
  ecosystem: AdvisoryPackage['ecosystem'];
  name: string;
  /** The package version for a release number read from the tag (Prometheus renumbers). */
  version?: (release: string) => string | null;
}

/**
 * Image repository -> the package OSV files its advisories under. LiteLLM and vLLM are PyPI
 * packages; the rest are Go modules, whose OSV versions carry no leading "v".
 */
const packages: Record<string, Mapping> = {
  'ghcr.io/berriai/litellm': { ecosystem: 'PyPI', name: 'litellm' },
  'ghcr.io/berriai/litellm-database': { ecosystem: 'PyPI', name: 'litellm' },
  'vllm/vllm-openai': { ecosystem: 'PyPI', name: 'vllm' },
  'ollama/ollama': { ecosystem: 'Go', name: 'github.com/ollama/ollama' },
  caddy: { ecosystem: 'Go', name: 'github.com/caddyserver/caddy/v2' },
  // Prometheus 3.x.y is published as the Go module version 0.30x.y (2.x.y as 0.x.y).
  'prom/prometheus': {
    ecosystem: 'Go',
    name: 'github.com/prometheus/prometheus',
    version: (r) => {
      const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(r);
      if (!m) return null;
      const [, major, minor, patch] = m;
      if (major === '2') return `0.${minor}.${patch}`;
      if (major === '3') return `0.${300 + Number(minor)}.${patch}`;
      return null;
    },
  },
  'grafana/grafana': { ecosystem: 'Go', name: 'github.com/grafana/grafana' },
  'grafana/loki': { ecosystem: 'Go', name: 'github.com/grafana/loki/v3' },
  'grafana/alloy': { ecosystem: 'Go', name: 'github.com/grafana/alloy' },
  'tailscale/tailscale': { ecosystem: 'Go', name: 'tailscale.com' },
  'cloudflare/cloudflared': { ecosystem: 'Go', name: 'github.com/cloudflare/cloudflared' },
  'utkuozdemir/nvidia_gpu_exporter': {
    ecosystem: 'Go',
    name: 'github.com/utkuozdemir/nvidia_gpu_exporter',
  },
};

/** "v1.80.11-stable.1" -> "1.80.11", "2.10.2-alpine" -> "2.10.2"; null for "main-latest", "16". */
export const releaseOfTag = (tag: string): string | null => {
  const m = /^v?(\d+\.\d+(?:\.\d+)?)(?:[-.](?:stable|alpine|slim|bookworm|rc\d*|patch)\b.*)?$/.exec(
    tag,
  );
  return m?.[1] ?? null;
};

/**
 * What to ask OSV for one service's image. `tagged` is the reference with its tag: the pin's
 * source (LITELLM_IMAGE_SOURCE) when the image is pinned by digest.
 */
export const advisoryTarget = (service: string, tagged: string): AdvisoryTarget => {
  const { repo, tag } = parseImageRef(tagged);
  const normal = repo.replace(/^docker\.io\/(library\/)?/, '');
  const mapping = packages[normal];
  if (!mapping)
    return {
      service,
      image: tagged,
      notChecked: `no advisory source is known for ${normal}`,
    };
  const release = tag ? releaseOfTag(tag) : null;
  const version = release && (mapping.version ? mapping.version(release) : release);
  if (!version)
    return {
      service,
      image: tagged,
      notChecked: `"${tag ?? 'latest'}" is not a release: pin a release tag`,
    };
  return {
    service,
    image: tagged,
    package: { ecosystem: mapping.ecosystem, name: mapping.name, version },
  };
};
