/** Where Bull Board is served; everything under it is the dashboard's (its UI, assets and private API). */
export const DASHBOARD_PATH = '/queues';
/** How long the dashboard cookie lasts: a working day, then sign in again. */
export const DASHBOARD_COOKIE_MAX_AGE_S = 12 * 60 * 60;

export function isDashboardPath(path: string): boolean {
  return path === DASHBOARD_PATH || path.startsWith(`${DASHBOARD_PATH}/`);
}
