import { allContainers, nameOf, podSpecOf, runsTheImage, runsToCompletion, type K8sObject, type PodSpec } from '../k8s/k8s-object';
import { DRAIN_MARGIN_MS, drainOf } from '../roles/drain-time';
import { statedEnv, Verdict, type Policy, type PolicyContext } from './policy';

/** Workloads with their pod spec: every policy here walks these. */
function pods(objects: readonly K8sObject[]): { object: K8sObject; spec: PodSpec }[] {
  return objects.flatMap((object) => {
    const spec = podSpecOf(object);
    return spec ? [{ object, spec }] : [];
  });
}

/** Probes of our containers are HTTP GETs on the services' health routes, on the port the service listens on. */
export const probesPolicy: Policy = {
  name: 'probes on the real health routes',
  check(context: PolicyContext) {
    const { objects, routes } = context;
    const verdict = new Verdict();
    for (const { object, spec } of pods(objects)) {
      if (runsToCompletion(object)) continue; // no probes
      for (const container of spec.containers.filter(runsTheImage)) {
        const where = `${nameOf(object)} container ${container.name}`;
        const port = statedEnv(container, spec, context).values['HTTP_PORT'];
        const wanted = { startupProbe: routes.live, livenessProbe: routes.live, readinessProbe: routes.ready } as const;
        for (const [kind, path] of Object.entries(wanted) as [keyof typeof wanted, string][]) {
          const probe = container[kind]?.httpGet;
          verdict.expect(probe?.path === path, `${where}: ${kind} must GET ${path} (has ${probe?.path ?? 'none'})`);
          if (!probe) continue;
          const named = typeof probe.port === 'string' ? container.ports?.find((p) => p.name === probe.port)?.containerPort : probe.port;
          verdict.expect(named !== undefined && String(named) === port, `${where}: ${kind} port ${probe.port} is not HTTP_PORT (${port ?? 'unset'})`);
        }
      }
    }
    return verdict.result();
  },
};

/** Pod Security "restricted", on every pod template; plus a read-only root with /tmp on an emptyDir for our image. */
export const podSecurityPolicy: Policy = {
  name: 'Pod Security restricted',
  check({ objects }: PolicyContext) {
    const verdict = new Verdict();
    for (const { object, spec } of pods(objects)) {
      const pod = spec.securityContext ?? {};
      const where = nameOf(object);
      verdict.expect(!spec.hostNetwork && !spec.hostPID && !spec.hostIPC, `${where}: no host namespaces`);
      verdict.expect(!(spec.volumes ?? []).some((v) => v.hostPath), `${where}: no hostPath volumes`);
      for (const container of allContainers(spec)) {
        const c = container.securityContext ?? {};
        const at = `${where} container ${container.name}`;
        verdict.expect((c.runAsNonRoot ?? pod.runAsNonRoot) === true, `${at}: runAsNonRoot must be true`);
        verdict.expect((c.runAsUser ?? pod.runAsUser) !== 0, `${at}: must not run as uid 0`);
        verdict.expect(['RuntimeDefault', 'Localhost'].includes(c.seccompProfile?.type ?? pod.seccompProfile?.type ?? ''), `${at}: seccompProfile RuntimeDefault`);
        verdict.expect(c.allowPrivilegeEscalation === false, `${at}: allowPrivilegeEscalation must be false`);
        verdict.expect(c.privileged !== true, `${at}: must not be privileged`);
        verdict.expect((c.capabilities?.drop ?? []).includes('ALL'), `${at}: capabilities must drop ALL`);
        verdict.expect((c.capabilities?.add ?? []).every((cap) => cap === 'NET_BIND_SERVICE'), `${at}: may add no capability but NET_BIND_SERVICE`);
        verdict.expect(c.readOnlyRootFilesystem === true, `${at}: readOnlyRootFilesystem must be true`);
        if (runsTheImage(container)) {
          const tmp = container.volumeMounts?.find((m) => m.mountPath === '/tmp');
          verdict.expect(!!tmp && !!spec.volumes?.find((v) => v.name === tmp.name)?.emptyDir, `${at}: /tmp must be an emptyDir (the root is read-only)`);
        }
      }
    }
    return verdict.result();
  },
};

/** Requests and limits, CPU and memory, on every container. */
export const resourcesPolicy: Policy = {
  name: 'resources set',
  check({ objects }: PolicyContext) {
    const verdict = new Verdict();
    for (const { object, spec } of pods(objects)) {
      for (const container of allContainers(spec)) {
        for (const kind of ['requests', 'limits'] as const) {
          for (const resource of ['cpu', 'memory']) {
            verdict.expect(!!container.resources?.[kind]?.[resource], `${nameOf(object)} container ${container.name}: resources.${kind}.${resource} is not set`);
          }
        }
      }
    }
    return verdict.result();
  },
};

/** What Kubernetes waits when terminationGracePeriodSeconds is not set. */
const KUBERNETES_DEFAULT_GRACE_SECONDS = 30;

/** terminationGracePeriodSeconds above each container's drain (plus its preStop sleep and the margin). */
export const gracePolicy: Policy = {
  name: 'grace periods above drain times',
  check(context: PolicyContext) {
    const verdict = new Verdict();
    for (const { object, spec } of pods(context.objects)) {
      if (runsToCompletion(object)) continue;
      const grace = spec.terminationGracePeriodSeconds ?? KUBERNETES_DEFAULT_GRACE_SECONDS;
      for (const container of spec.containers.filter(runsTheImage)) {
        const drain = drainOf(statedEnv(container, spec, context).values);
        const where = `${nameOf(object)} container ${container.name}`;
        if ('problem' in drain) {
          verdict.expect(false, `${where}: ${drain.problem}`);
          continue;
        }
        const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
        const needed = Math.ceil((drain.ms + DRAIN_MARGIN_MS) / 1000) + preStop;
        verdict.expect(grace >= needed, `${where}: terminationGracePeriodSeconds ${grace} < ${needed} (${drain.why} + preStop ${preStop} s + ${DRAIN_MARGIN_MS / 1000} s margin)`);
      }
    }
    return verdict.result();
  },
};
