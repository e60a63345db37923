import { defineRoute, documentedRoute } from '../http/route-spec';
import { DASHBOARD_PATH } from './dashboard-paths';

/**
 * The queue dashboard, documented by its entry page: everything under it (Bull Board's assets and
 * its private JSON API, which it may change between versions) is the dashboard's own, behind the
 * same guard, and not part of this API.
 */
export const DASHBOARD_ROUTE = documentedRoute(
  defineRoute({
    operationId: 'getQueueDashboard',
    method: 'GET',
    path: DASHBOARD_PATH,
    summary: 'The queue dashboard (Bull Board) over every queue',
    description:
      `Bearer token, or the cookie of POST /v1/session (a browser without one gets a sign-in form with the 401). ` +
      `${DASHBOARD_PATH}/* holds the dashboard's assets and its own JSON API (including retry, clean and remove), behind the same check.`,
    tags: ['dashboard'],
    auth: 'bearer',
    dashboardCookie: true,
    responses: { 200: { description: 'The dashboard page', contentTypes: ['text/html; charset=utf-8'] } },
  }),
  'Bull Board (@bull-board/nestjs, @bull-board/fastify)',
);
