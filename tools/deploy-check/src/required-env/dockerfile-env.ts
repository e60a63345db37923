import { finalStage, parseDockerfile, stageEnv } from '../image/dockerfile';
import { readDockerfile } from '../image/repo-files';

/**
 * The ENV of a Dockerfile's last stage (the image that runs): every container of the image starts
 * with it (NODE_ENV=production, HTTP_PORT). Read with the image tests' Dockerfile parser.
 */
export function runtimeStageEnv(dockerfile: string): Record<string, string> {
  return stageEnv(finalStage(parseDockerfile(dockerfile)));
}

/** The runtime ENV of docker/Dockerfile, the one image of every role. */
export function imageEnv(): Record<string, string> {
  return stageEnv(finalStage(readDockerfile()));
}
