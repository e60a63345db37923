import { checkedRolesOf, containerRunOf, type CheckedRole, type ContainerRun } from '../roles/image-roles';
import type { DeployedContainer } from './container-env';
import { shortfallOf } from './role-requirements';

/** One role in one container of one description that would not start (or not as deployed). */
export interface Finding {
  description: string;
  workload: string;
  container: string;
  /** The role, or ALKDREC_ROLES when the container's roles cannot be told. */
  role: CheckedRole | 'ALKDREC_ROLES';
  missing: string[];
  problems: string[];
}

/** What a container runs, from its ALKDREC_ROLES (literal or via a ConfigMap) and its command. */
export function runOf(container: DeployedContainer): ContainerRun {
  if (container.env.hidden.has('ALKDREC_ROLES')) {
    return { kind: 'bad-roles', problem: 'ALKDREC_ROLES comes from a Secret whose values are not in the description: which roles run cannot be told' };
  }
  return containerRunOf(container.env.values['ALKDREC_ROLES'], container.command);
}

/** Every role of every container checked against its required environment; empty when all is provided. */
export function findShortfalls(containers: readonly DeployedContainer[]): Finding[] {
  const findings: Finding[] = [];
  for (const container of containers) {
    const where = { description: container.description, workload: container.workload, container: container.container };
    const run = runOf(container);
    if (run.kind === 'bad-roles') findings.push({ ...where, role: 'ALKDREC_ROLES', missing: [], problems: [run.problem] });
    for (const role of checkedRolesOf(run)) {
      const { missing, problems } = shortfallOf(role, container.env);
      if (missing.length > 0 || problems.length > 0) findings.push({ ...where, role, missing, problems });
    }
  }
  return findings;
}

/** The roles each description runs somewhere (so a test can tell a checked role from an absent one). */
export function rolesRun(containers: readonly DeployedContainer[]): Set<CheckedRole> {
  return new Set(containers.flatMap((container) => checkedRolesOf(runOf(container))));
}

/** One line per finding, naming where and what: "k8s: Deployment/alkdrec-selector, container selector, role selector: missing DATABASE_URL". */
export function formatFinding(finding: Finding): string {
  const what = [
    ...(finding.missing.length > 0 ? [`missing ${finding.missing.join(', ')}`] : []),
    ...finding.problems.map((problem) => `refused: ${problem}`),
  ];
  return `${finding.description}: ${finding.workload}, container ${finding.container}, role ${finding.role}: ${what.join('; ')}`;
}
