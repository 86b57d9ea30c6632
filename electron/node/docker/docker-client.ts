import type Dockerode from 'dockerode';
import { GatewayError } from '../../core/gateway-error';
import { missingPackage } from '../../core/missing-package';

/**
 * The Docker client, loaded on first use: dockerode brings docker-modem, ssh2 and protobufjs, and
 * loading them is most of what `hagw --version` or a quick `hagw status` would otherwise spend.
 * Every caller awaits the handle; the first call loads the module, the rest share one client.
 */
export type DockerHandle = () => Promise<Dockerode>;

/** dockerode's options for DOCKER_HOST (unix://, tcp://, npipe://); undefined: the default. */
export const dockerOptions = (dockerHost: string | null): Dockerode.DockerOptions | undefined => {
  if (!dockerHost) return undefined;
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  if (dockerHost.startsWith('npipe://')) return { socketPath: dockerHost.slice('npipe://'.length) };
  const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: Number(url.port || 2375), protocol: 'http' };
};

export const lazyDocker = (dockerHost: string | null): DockerHandle => {
  let client: Promise<Dockerode> | null = null;
  return () =>
    (client ??= import('dockerode').then(
      ({ default: Docker }) => new Docker(dockerOptions(dockerHost)),
      (e: unknown) => {
        client = null;
        const missing = missingPackage(e);
        throw missing
          ? new GatewayError(
              'BROKEN_INSTALL',
              `The install is incomplete (the package "${missing}" is missing); run "npm install" where hagw is installed.`,
            )
          : e;
      },
    ));
};
