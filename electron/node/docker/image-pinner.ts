import type { DockerHandle } from './docker-client';
import {
  currentImages,
  digestFor,
  imageVariables,
  parseImageRef,
  pinValues,
  type CurrentImage,
} from '../../core/image-pins';
import type { ImagesReport } from '../../shared/images';
import type { AppConfig } from '../platform/app-config';
import { readFileIfExists } from '../storage/atomic-file';
import { readComposeServices } from '../compose/compose-file';
import { dockerError, dockerEndpoint } from './docker-error';
import { dotenvValues } from '../compose/dotenv-file';
import { updateStackEnv } from '../compose/stack-env-file';

interface PullEvent {
  id?: string;
  status?: string;
  progress?: string;
  error?: string;
}

/**
 * Pins each service's image to the digest Docker pulled, in the stack's .env, because an image
 * bump can silently break OpenAI compatibility. Pulls go through dockerode so progress is per layer.
 */
export class ImagePinner {
  constructor(
    private readonly docker: DockerHandle,
    private readonly config: AppConfig,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(): Promise<CurrentImage[]> {
    const [services, text] = await Promise.all([
      readComposeServices(this.config.composeFiles),
      readFileIfExists(this.config.envFile),
    ]);
    return currentImages(imageVariables(services), text === null ? {} : dotenvValues(text));
  }

  /**
   * Pull and pin the unpinned images, then write the .env once. Moving a pin is the gated
   * ImageUpdater's job, never this.
   */
  async pin(o: {
    services: readonly string[];
    onProgress?: (line: string) => void;
  }): Promise<ImagesReport> {
    const all = await this.list();
    const chosen = all.filter((i) => o.services.length === 0 || o.services.includes(i.service));
    const updates: Record<string, string> = {};
    const pinned: string[] = [];
    const failed: { service: string; error: string }[] = [];
    for (const img of chosen) {
      if (!img.variable) {
        failed.push({
          service: img.service,
          error: `its image is written into the compose file; make it \${${img.service.toUpperCase().replace(/-/g, '_')}_IMAGE:-...} to pin it`,
        });
        continue;
      }
      if (img.pinned) continue;
      const target = img.reference;
      try {
        const { digest } = await this.fetchDigest(target, (l) =>
          o.onProgress?.(`${img.service}: ${l}`),
        );
        Object.assign(updates, pinValues(img.variable, target, digest));
        pinned.push(img.service);
      } catch (e) {
        failed.push({
          service: img.service,
          error: (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '',
        });
      }
    }
    if (Object.keys(updates).length > 0)
      await updateStackEnv(this.config.envFile, updates, this.now());
    return { images: await this.list(), pinned, failed };
  }

  /**
   * After compose pulled what `up` needed: pin every unpinned image that now has a registry digest
   * locally, without pulling again. Locally built images have none and stay as they are.
   */
  async pinLocal(): Promise<string[]> {
    const updates: Record<string, string> = {};
    const pinned: string[] = [];
    for (const img of await this.list()) {
      if (img.pinned || !img.variable) continue;
      const info = await (
        await this.docker()
      )
        .getImage(img.reference)
        .inspect()
        .catch(() => null);
      const digest = info ? digestFor(img.reference, info.RepoDigests ?? []) : null;
      if (!digest) continue;
      Object.assign(updates, pinValues(img.variable, img.reference, digest));
      pinned.push(img.service);
    }
    if (pinned.length > 0) await updateStackEnv(this.config.envFile, updates, this.now());
    return pinned;
  }

  /** Pulls `ref` and says which registry digest it got, and when that image was built. */
  async fetchDigest(
    ref: string,
    onProgress: (line: string) => void,
  ): Promise<{ digest: string; created: string | null }> {
    await this.pull(ref, onProgress);
    const info = await (await this.docker()).getImage(ref).inspect();
    const digest = digestFor(ref, info.RepoDigests ?? []);
    if (!digest)
      throw new Error(
        `Docker recorded no registry digest for ${ref} (a locally built image cannot be pinned)`,
      );
    return { digest, created: info.Created ?? null };
  }

  /**
   * The digest a registry serves for `ref` now, read without pulling (the engine's distribution
   * endpoint): what the daily "updates available" check compares with the pin.
   */
  async remoteDigest(ref: string): Promise<string | null> {
    const info = await (await this.docker()).getImage(ref).distribution();
    return info.Descriptor?.digest ?? null;
  }

  /** When a local image (repo@digest) was built; null when it is not here. */
  async createdAt(ref: string): Promise<string | null> {
    const info = await (
      await this.docker()
    )
      .getImage(ref)
      .inspect()
      .catch(() => null);
    return info?.Created ?? null;
  }

  /** Writes the pin for `variable` (repo@digest, and the tag it came from) into the .env. */
  async writePin(variable: string, pulledFrom: string, digest: string): Promise<void> {
    await updateStackEnv(this.config.envFile, pinValues(variable, pulledFrom, digest), this.now());
  }

  /** The compose file's default for a service's image variable (the tag to pull when no pin says). */
  async fallbackFor(service: string): Promise<string | null> {
    const vars = imageVariables(await readComposeServices(this.config.composeFiles));
    return vars.find((v) => v.service === service)?.fallback ?? null;
  }

  private async pull(ref: string, onProgress: (line: string) => void): Promise<void> {
    const { repo, tag, digest } = parseImageRef(ref);
    const docker = await this.docker();
    return new Promise((resolve, reject) => {
      // With a callback dockerode reports through it; the returned promise carries nothing more.
      void docker.pull(
        digest ? `${repo}@${digest}` : `${repo}:${tag ?? 'latest'}`,
        (err: Error | null, stream?: NodeJS.ReadableStream) => {
          if (err || !stream)
            return reject(dockerError(err, dockerEndpoint(this.config.dockerHost)));
          docker.modem.followProgress(
            stream,
            (doneErr: Error | null, events: PullEvent[]) => {
              const failure =
                doneErr ??
                (events.find((e) => e.error)
                  ? new Error(events.find((e) => e.error)?.error)
                  : null);
              if (failure) reject(failure);
              else resolve();
            },
            (e: PullEvent) => {
              if (e.status) onProgress([e.id, e.status, e.progress].filter(Boolean).join(' '));
            },
          );
        },
      );
    });
  }
}
