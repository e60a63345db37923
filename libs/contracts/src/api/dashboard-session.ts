import { z } from 'zod';

/**
 * `POST /v1/session`: trades a bearer token for the dashboard's HttpOnly cookie, so a browser can
 * open the queue dashboard (it cannot send a bearer header when navigating).
 */
export const DashboardLogin = z.strictObject({ token: z.string().min(1).max(4096) }).meta({ id: 'DashboardLogin' });
export type DashboardLogin = z.infer<typeof DashboardLogin>;
