import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bearerTokenOf, cookieValue } from './check-auth';
import { dashboardCookieValue, TokenVerifier } from './token-verifier';

const A = 'token-a-0123456789abcdef';
const B = 'token-b-0123456789abcdef';

describe(TokenVerifier.name, () => {
  it('accepts each configured token and nothing else (prefixes, longer, empty)', () => {
    const verifier = new TokenVerifier([A, B]);
    assert.equal(verifier.required, true);
    assert.equal(verifier.verifyToken(A), true);
    assert.equal(verifier.verifyToken(B), true);
    for (const wrong of ['', A.slice(0, -1), `${A}x`, A.toUpperCase(), 'x'.repeat(10_000)]) assert.equal(verifier.verifyToken(wrong), false, wrong);
  });

  it('accepts the dashboard cookie of a token, which is neither the token nor accepted as one', () => {
    const verifier = new TokenVerifier([A]);
    const cookie = dashboardCookieValue(A);
    assert.notEqual(cookie, A);
    assert.equal(verifier.verifyCookie(cookie), true);
    assert.equal(verifier.verifyToken(cookie), false);
    assert.equal(verifier.verifyCookie(A), false);
    assert.equal(verifier.verifyCookie(dashboardCookieValue(B)), false);
  });

  it('requires nothing without tokens', () => {
    assert.equal(new TokenVerifier([]).required, false);
  });
});

describe('credential parsing', () => {
  it('reads "Bearer <token>" with the scheme in any case, and nothing else', () => {
    assert.equal(bearerTokenOf(`Bearer ${A}`), A);
    assert.equal(bearerTokenOf(`bearer ${A}`), A);
    for (const header of [`Basic ${A}`, 'Bearer', `Bearer ${A} extra`, `Bearer${A}`]) assert.equal(bearerTokenOf(header), undefined, header);
  });

  it('finds a cookie among others', () => {
    assert.equal(cookieValue('a=1; alkdrec_dashboard=abc; b=2', 'alkdrec_dashboard'), 'abc');
    assert.equal(cookieValue('xalkdrec_dashboard=abc', 'alkdrec_dashboard'), undefined);
    assert.equal(cookieValue(undefined, 'alkdrec_dashboard'), undefined);
  });
});
