import { composeContainers } from '../compose/compose-containers';
import { loadCompose } from '../compose/compose-file';
import type { InterpolationEnv } from '../compose/interpolate';
import { envSources } from '../k8s/env-sources';
import type { K8sObject } from '../k8s/k8s-object';
import { kubernetesContainers } from '../k8s/pod-containers';
import { declaredSecrets } from '../k8s/render';
import type { DeployedContainer } from './container-env';
import { imageEnv } from './dockerfile-env';

/** compose.yaml's containers of the image, interpolated with `shellEnv` (`{}` = its documented defaults). */
export function composeDescription(shellEnv: InterpolationEnv = {}): DeployedContainer[] {
  return composeContainers(loadCompose(shellEnv).project, imageEnv(), shellEnv);
}

/** A rendered Kubernetes description's containers of the image, with its declared Secrets. */
export function kubernetesDescription(dir: string, rendered: readonly K8sObject[]): DeployedContainer[] {
  return kubernetesContainers(dir, rendered, envSources(rendered, declaredSecrets(dir)), imageEnv());
}
