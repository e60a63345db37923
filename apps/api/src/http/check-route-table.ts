import { MUTATING_METHODS, type ApiRoute } from './route-spec';

/**
 * Rules of the route table, checked when the api starts: one route per method and path, unique
 * operation ids, and every mutating route behind a bearer token unless it says why not.
 */
export function checkRouteTable(routes: readonly ApiRoute[]): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  const operationIds = new Set<string>();
  for (const { spec } of routes) {
    const key = `${spec.method} ${spec.path}`;
    if (seen.has(key)) problems.push(`${key} is in the route table twice`);
    if (operationIds.has(spec.operationId)) problems.push(`operationId ${spec.operationId} is used twice`);
    seen.add(key);
    operationIds.add(spec.operationId);
    if (MUTATING_METHODS.includes(spec.method) && spec.auth === 'public' && !spec.publicBecause) {
      problems.push(`${key} changes something but is public without saying why (publicBecause)`);
    }
    if (spec.body && spec.upload) problems.push(`${key} has both a body and an upload`);
  }
  if (problems.length > 0) throw new Error(`route table: ${problems.join('; ')}`);
}
