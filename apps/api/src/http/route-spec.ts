import type { Type } from '@nestjs/common';
import type { ProblemKind } from '@alkdrec/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { UploadedFile } from '../uploads/uploaded-file';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** Methods that change something: they need a bearer token unless a route says why not. */
export const MUTATING_METHODS: readonly HttpMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

export const JSON_CONTENT_TYPE = 'application/json';
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/**
 * One answer of a route: JSON checked by `schema`, or text or bytes of one of `contentTypes` (the
 * handler picks one with a `content-type` header when there are several), or no body.
 */
export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  contentTypes?: readonly string[];
  /** Response headers the client can rely on: name → what it holds. */
  headers?: Readonly<Record<string, string>>;
}

/** A multipart/form-data body: text fields checked by a schema, files streamed to temporary files. */
export interface UploadSpec<F extends string = string> {
  fields: z.ZodObject;
  /** Every file field, with what it must hold; all are required. */
  files: Readonly<Record<F, string>>;
}

/**
 * A route as data: what the api serves, checks and documents (openapi/) all come from it.
 * `auth: 'bearer'` needs `Authorization: Bearer <token>`; a mutating route that is `public` says
 * why in `publicBecause` (the registrar refuses one that does not).
 */
export interface RouteSpec {
  operationId: string;
  method: HttpMethod;
  /** Fastify syntax: `/v1/datasets/:name`. */
  path: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  auth: 'bearer' | 'public';
  publicBecause?: string;
  /** Also accepts the dashboard cookie (documented; the dashboard's guard does the checking). */
  dashboardCookie?: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** A JSON body (or form-encoded, when `bodyContentTypes` lists it). */
  body?: z.ZodType;
  bodyContentTypes?: readonly string[];
  upload?: UploadSpec;
  /** Success answers by status. */
  responses: Readonly<Record<number, ResponseSpec>>;
  /**
   * Errors the route answers besides those every route may (400 with any input, 401 with bearer
   * auth, 500, 503), as problem+json.
   */
  problems?: readonly ProblemKind[];
}

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;
type FilesOf<S extends RouteSpec> = S['upload'] extends UploadSpec<infer F> ? Readonly<Record<F, UploadedFile>> : undefined;
type BodyOf<S extends RouteSpec> = S['upload'] extends UploadSpec ? z.output<S['upload']['fields']> : Parsed<S['body']>;

/** What a handler gets: every input already parsed by its schema. */
export interface RouteInput<S extends RouteSpec> {
  params: Parsed<S['params']>;
  query: Parsed<S['query']>;
  body: BodyOf<S>;
  files: FilesOf<S>;
  request: FastifyRequest;
  reply: FastifyReply;
}

type ResponseBody<R> = R extends { schema: z.ZodType } ? z.input<R['schema']> : R extends { contentTypes: readonly string[] } ? string | Buffer : undefined;

/**
 * What a handler returns: one of its declared statuses with a body its schema accepts (parsed again
 * before sending), or `{ handled: true }` when it answered through `reply` itself (a stream).
 */
export type RouteResult<S extends RouteSpec> =
  | {
      [K in keyof S['responses'] & number]: { status: K; body: ResponseBody<S['responses'][K]>; headers?: Record<string, string> };
    }[keyof S['responses'] & number]
  | { handled: true };

export interface RouteHandler<S extends RouteSpec> {
  handle(input: RouteInput<S>): Promise<RouteResult<S>>;
}

/** A row of the route table: served by a handler (a Nest provider), or documented and served elsewhere. */
export type ApiRoute =
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each row pairs a spec with its own handler type
  | { spec: RouteSpec; handler: Type<RouteHandler<any>> }
  | { spec: RouteSpec; servedBy: string };

/** Keeps a spec's literal types (statuses, schemas) for its handler's signature. */
export function defineRoute<const S extends RouteSpec>(spec: S): S {
  return spec;
}

export function route<S extends RouteSpec>(spec: S, handler: Type<RouteHandler<S>>): ApiRoute {
  return { spec, handler };
}

/** A route served by something else (Nest's health controller, Bull Board), listed to be documented. */
export function documentedRoute(spec: RouteSpec, servedBy: string): ApiRoute {
  return { spec, servedBy };
}
