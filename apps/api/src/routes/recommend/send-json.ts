import type { FastifyReply } from 'fastify';

/**
 * The recommend routes answer through `reply` themselves: their response is built from typed
 * values the handler made (contracts' types), so it is serialised with one JSON.stringify instead of
 * being parsed again by the response schema, which would cost more than the scoring on small
 * catalogues (docs/api.md, "Serving speed"). The tests check answers against the schema.
 */
export function sendJson(reply: FastifyReply, body: unknown): { handled: true } {
  void reply.code(200).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
  return { handled: true };
}
