import { Injectable } from '@nestjs/common';
import { DashboardLogin } from '@alkdrec/contracts';
import { DASHBOARD_COOKIE } from '../../auth/check-auth';
import { dashboardCookieValue, TokenVerifier } from '../../auth/token-verifier';
import { DASHBOARD_COOKIE_MAX_AGE_S, DASHBOARD_PATH } from '../../dashboard/dashboard-paths';
import { ApiProblem } from '../../http/api-problem';
import { defineRoute, FORM_CONTENT_TYPE, JSON_CONTENT_TYPE, type RouteHandler, type RouteInput, type RouteResult } from '../../http/route-spec';

export const createSessionSpec = defineRoute({
  operationId: 'createDashboardSession',
  method: 'POST',
  path: '/v1/session',
  summary: 'Sign in to the queue dashboard: trade a token for its cookie',
  description:
    'A browser cannot send a bearer header when it navigates, so the dashboard also accepts an HttpOnly cookie ' +
    `(${DASHBOARD_COOKIE}, Path=${DASHBOARD_PATH}, SameSite=Strict, ${DASHBOARD_COOKIE_MAX_AGE_S / 3600} h) set here. ` +
    'The cookie holds a digest of the token, not the token, and opens only the dashboard. A JSON body answers 204; ' +
    `the dashboard's sign-in form (${FORM_CONTENT_TYPE}) is redirected to ${DASHBOARD_PATH} (303).`,
  tags: ['dashboard'],
  auth: 'public',
  publicBecause: 'it is how a browser signs in: the token is in the body and checked here (401 when not valid)',
  body: DashboardLogin,
  bodyContentTypes: [JSON_CONTENT_TYPE, FORM_CONTENT_TYPE],
  responses: {
    204: { description: 'Signed in (JSON body): the cookie is set', headers: { 'Set-Cookie': `${DASHBOARD_COOKIE}=…; HttpOnly` } },
    303: { description: `Signed in (form body): the cookie is set, on to ${DASHBOARD_PATH}`, headers: { Location: DASHBOARD_PATH } },
  },
  problems: ['unauthorized', 'unsupported-media-type'],
});
type Spec = typeof createSessionSpec;

@Injectable()
export class CreateSessionHandler implements RouteHandler<Spec> {
  constructor(private readonly verifier: TokenVerifier) {}

  async handle({ body, request }: RouteInput<Spec>): Promise<RouteResult<Spec>> {
    const headers: Record<string, string> = {};
    if (this.verifier.required) {
      if (!this.verifier.verifyToken(body.token)) {
        throw new ApiProblem('unauthorized', 'the token is not valid', { headers: { 'www-authenticate': 'Bearer realm="alkdrec", error="invalid_token"' } });
      }
      const secure = request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
      headers['set-cookie'] = [
        `${DASHBOARD_COOKIE}=${dashboardCookieValue(body.token)}`,
        `Path=${DASHBOARD_PATH}`,
        `Max-Age=${DASHBOARD_COOKIE_MAX_AGE_S}`,
        'HttpOnly',
        'SameSite=Strict',
        ...(secure ? ['Secure'] : []),
      ].join('; ');
    }
    const fromForm = request.headers['content-type']?.toLowerCase().startsWith(FORM_CONTENT_TYPE) === true;
    if (fromForm) return { status: 303, body: undefined, headers: { ...headers, location: DASHBOARD_PATH } };
    return { status: 204, body: undefined, headers };
  }
}
