// Image references and digest pins: which variable selects each service's image, what it is now,
// and what to write once a pull told us the digest. Pure: the adapter pulls and writes.

export interface ImageRef {
  /** Repository with registry and path, no tag or digest: "vllm/vllm-openai", "127.0.0.1:5000/a/b". */
  repo: string;
  tag: string | null;
  digest: string | null;
}

/** Splits name[:tag][@sha256:...]; a ':' before the last '/' is a registry port, not a tag. */
export const parseImageRef = (ref: string): ImageRef => {
  const [nameTag = '', digest = null] = ref.split('@') as [string, string?];
  const slash = nameTag.lastIndexOf('/');
  const colon = nameTag.lastIndexOf(':');
  const hasTag = colon > slash;
  return {
    repo: hasTag ? nameTag.slice(0, colon) : nameTag,
    tag: hasTag ? nameTag.slice(colon + 1) : null,
    digest: digest ?? null,
  };
};

export interface ImageVariable {
  service: string;
  variable: string | null;
  fallback: string;
}

const interpolation = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}$/;

/** From the raw (uninterpolated) compose services: `image: ${VLLM_IMAGE:-vllm/vllm-openai:v0.12.0}`. */
export const imageVariables = (
  services: Record<string, { image?: unknown } | null>,
): ImageVariable[] =>
  Object.entries(services).flatMap(([service, svc]) => {
    const image = typeof svc?.image === 'string' ? svc.image.trim() : null;
    if (!image) return [];
    const m = interpolation.exec(image);
    return [{ service, variable: m?.[1] ?? null, fallback: m ? (m[2] ?? '') : image }];
  });

export const sourceVariable = (variable: string): string => `${variable}_SOURCE`;

export interface CurrentImage {
  service: string;
  variable: string | null;
  reference: string;
  pinned: boolean;
  digest: string | null;
  source: string | null;
}

export const currentImages = (
  vars: readonly ImageVariable[],
  env: Record<string, string>,
): CurrentImage[] =>
  vars.map((v) => {
    const reference = (v.variable ? env[v.variable] : undefined) || v.fallback;
    const ref = parseImageRef(reference);
    const source = v.variable ? (env[sourceVariable(v.variable)] ?? null) : null;
    return {
      service: v.service,
      variable: v.variable,
      reference,
      pinned: ref.digest !== null,
      digest: ref.digest,
      source,
    };
  });

/**
 * What to pull for a service: an unpinned image pulls its tag; a pinned one only on update, from
 * the tag it was pinned from (or the compose file's default when that was never recorded).
 */
export const pullTarget = (img: CurrentImage, fallback: string, update: boolean): string | null => {
  if (!img.pinned) return img.reference;
  if (!update) return null;
  return img.source ?? fallback;
};

/** Of an image's RepoDigests ("repo@sha256:..."), the one for the repository we pulled from. */
export const digestFor = (pulledFrom: string, repoDigests: readonly string[]): string | null => {
  const want = parseImageRef(pulledFrom).repo;
  const normal = (r: string) => r.replace(/^docker\.io\/(library\/)?/, '');
  const hit = repoDigests.find((d) => normal(parseImageRef(d).repo) === normal(want));
  return hit ? (parseImageRef(hit).digest ?? null) : null;
};

/** The .env lines that pin `variable` to the digest, remembering the tag it came from. */
export const pinValues = (
  variable: string,
  pulledFrom: string,
  digest: string,
): Record<string, string> => ({
  [variable]: `${parseImageRef(pulledFrom).repo}@${digest}`,
  [sourceVariable(variable)]: pulledFrom,
});
