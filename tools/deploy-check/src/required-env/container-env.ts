/**
 * The environment a deployment description gives one container, as far as the description shows it.
 * `values` are the variables whose values are visible (literal, interpolated, or read from a rendered
 * ConfigMap or Secret); `hidden` are provided from a Secret whose values are not in the
 * description (declared only, or created out of band): they count as provided.
 */
export interface ContainerEnv {
  values: Readonly<Record<string, string>>;
  hidden: ReadonlySet<string>;
  /** A file in the container (a mounted Secret, say): its content; throws an ENOENT error otherwise. */
  readFile: (path: string) => string;
}

/** Every variable the container gets, visible or hidden. */
export function providedNames(env: ContainerEnv): string[] {
  return [...Object.keys(env.values), ...env.hidden];
}

/** A file from a Secret the description does not show: a token-like placeholder (16+ visible characters). */
export const HIDDEN_FILE_CONTENT = 'placeholder-value-0123456789abcdef\n';

/** Where a variable-free description has no files: every read fails as in an empty container. */
export function noFiles(path: string): never {
  throw Object.assign(new Error(`ENOENT: no such file ${path}`), { code: 'ENOENT' });
}

/** One container of a description that runs the image, with what it runs and its environment. */
export interface DeployedContainer {
  /** compose.yaml, k8s/overlays/prod, … */
  description: string;
  /** A compose service or a Kubernetes workload (Kind/name). */
  workload: string;
  container: string;
  env: ContainerEnv;
  /** The command and arguments replacing the image's CMD; empty when it runs the CMD (the role launcher). */
  command: readonly string[];
}
