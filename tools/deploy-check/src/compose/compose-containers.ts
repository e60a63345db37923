import { IMAGE_DOCKERFILE } from '../image/repo-files';
import { noFiles, type DeployedContainer } from '../required-env/container-env';
import { argumentsOf, type ComposeProject, type ComposeService } from './compose-file';
import type { InterpolationEnv } from './interpolate';

/** The image the project builds from docker/Dockerfile (its `image:` name), if any service does. */
export function builtImageNames(project: ComposeProject): Set<string> {
  return new Set(
    Object.values(project.services)
      .filter((service) => dockerfileOf(service) === IMAGE_DOCKERFILE && service.image !== undefined)
      .map((service) => service.image as string),
  );
}

function dockerfileOf(service: ComposeService): string | undefined {
  if (service.build === undefined) return undefined;
  if (typeof service.build === 'string') return 'Dockerfile';
  return (service.build.dockerfile ?? 'Dockerfile').replace(/^\.\//, '');
}

/** Services that run the ALKDRec image: built from docker/Dockerfile, or using the name of that build. */
export function imageServices(project: ComposeProject): [string, ComposeService][] {
  const names = builtImageNames(project);
  return Object.entries(project.services).filter(
    ([, service]) => dockerfileOf(service) === IMAGE_DOCKERFILE || (service.image !== undefined && names.has(service.image)),
  );
}

/**
 * A service's `environment` (map or `KEY=value` list) after interpolation. A name without a value
 * (`KEY` or `KEY:` with nothing) passes the shell's variable through, or nothing when it is unset.
 */
export function environmentOf(service: ComposeService, shellEnv: InterpolationEnv): Record<string, string> {
  if (service.env_file !== undefined) throw new Error('env_file is not read by these checks: list the variables under environment');
  const entries: [string, string | undefined][] = Array.isArray(service.environment)
    ? service.environment.map((item) => {
        const at = item.indexOf('=');
        return at < 0 ? [item, shellEnv[item]] : [item.slice(0, at), item.slice(at + 1)];
      })
    : Object.entries(service.environment ?? {}).map(([name, value]) => [name, value === null ? shellEnv[name] : String(value)]);
  return Object.fromEntries(entries.filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * Every container of the image the project runs (one per service: scaling copies it), with the
 * image's ENV under the service's environment. Compose shows every value, so nothing is hidden.
 */
export function composeContainers(project: ComposeProject, imageEnv: Readonly<Record<string, string>>, shellEnv: InterpolationEnv, description = 'compose.yaml'): DeployedContainer[] {
  return imageServices(project).map(([name, service]) => ({
    description,
    workload: `service ${name}`,
    container: name,
    command: [...argumentsOf(service.entrypoint), ...argumentsOf(service.command)],
    env: { values: { ...imageEnv, ...environmentOf(service, shellEnv) }, hidden: new Set<string>(), readFile: noFiles },
  }));
}
