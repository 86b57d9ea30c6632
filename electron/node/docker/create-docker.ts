import Dockerode from 'dockerode';
import { dockerOptions } from './docker-client';

/** A dockerode client from DOCKER_HOST, at once: for tests and benches that drive Docker directly. */
export const createDocker = (dockerHost: string | null): Dockerode =>
  new Dockerode(dockerOptions(dockerHost));
