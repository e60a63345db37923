import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A SIMULATED S3 server for tests: path-style GET and PUT of objects kept in memory, with S3's XML
 * errors. It checks what a real S3 checks of a request's signature — the Authorization header's
 * presence and shape, the access key, the region, the payload hash, and the SigV4 signature itself,
 * recomputed here independently of the aws4 package the client signs with — and can be told to
 * answer the next requests with a 5xx or not at all. Nothing else of S3 (listing, multipart,
 * versioning, ACLs) is simulated.
 */

export interface SimulatedS3Options {
  /** accessKeyId → secretAccessKey accepted. */
  credentials: Record<string, string>;
  region?: string;
  buckets: readonly string[];
}

export interface SimulatedS3Request {
  method: string;
  path: string;
  status: number;
  authorization: string | undefined;
}

export interface SimulatedS3Object {
  body: Buffer;
  metadata: Record<string, string>;
}

export interface SimulatedS3Server {
  /** `http://127.0.0.1:<port>`: the AWS_ENDPOINT_URL_S3 of the tests. */
  endpoint: string;
  /** `bucket/key` → object. */
  objects: Map<string, SimulatedS3Object>;
  requests: SimulatedS3Request[];
  /** The next `count` requests get `status` (an S3 XML error), whatever they ask. */
  failNext(count: number, status?: number, code?: string): void;
  /** The next `count` requests get no answer until the client gives up. */
  stallNext(count: number): void;
  close(): Promise<void>;
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export async function startSimulatedS3Server(options: SimulatedS3Options): Promise<SimulatedS3Server> {
  const region = options.region ?? 'us-east-1';
  const objects = new Map<string, SimulatedS3Object>();
  const requests: SimulatedS3Request[] = [];
  const faults: Array<{ status: number; code: string } | 'stall'> = [];
  const stalled = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const record = (status: number) => requests.push({ method: req.method ?? '', path: req.url ?? '', status, authorization: req.headers.authorization });
    const fault = faults.shift();
    if (fault === 'stall') {
      record(0);
      stalled.add(res);
      res.on('close', () => stalled.delete(res));
      return;
    }
    const reply = (status: number, code?: string, message?: string, headers: Record<string, string> = {}, payload?: Buffer) => {
      record(status);
      const xml = code ? `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message ?? code}</Message></Error>` : undefined;
      res.writeHead(status, { ...headers, ...(xml ? { 'content-type': 'application/xml' } : {}) });
      res.end(payload ?? xml);
    };
    if (fault !== undefined) return reply(fault.status, fault.code, 'simulated fault');

    const refusal = checkSignature(req, body, options.credentials, region);
    if (refusal) return reply(refusal.status, refusal.code, refusal.message);

    const [, bucket = '', ...rest] = (req.url ?? '/').split('?')[0]!.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    if (!options.buckets.includes(bucket)) return reply(404, 'NoSuchBucket', 'The specified bucket does not exist');
    if (key === '') return reply(400, 'InvalidRequest', 'the simulated server only serves objects');
    if (req.method === 'PUT') {
      const metadata: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (name.startsWith('x-amz-meta-') && typeof value === 'string') metadata[name.slice('x-amz-meta-'.length)] = value;
      }
      objects.set(`${bucket}/${key}`, { body, metadata });
      return reply(200);
    }
    if (req.method === 'GET') {
      const object = objects.get(`${bucket}/${key}`);
      if (!object) return reply(404, 'NoSuchKey', 'The specified key does not exist.');
      const meta = Object.fromEntries(Object.entries(object.metadata).map(([n, v]) => [`x-amz-meta-${n}`, v]));
      return reply(200, undefined, undefined, { ...meta, 'content-type': 'application/octet-stream' }, object.body);
    }
    return reply(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    requests,
    failNext: (count, status = 500, code = status === 503 ? 'SlowDown' : 'InternalError') => {
      for (let i = 0; i < count; i++) faults.push({ status, code });
    },
    stallNext: (count) => {
      for (let i = 0; i < count; i++) faults.push('stall');
    },
    close: async () => {
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** S3's own checks of a SigV4 header-signed request, with S3's error codes. */
function checkSignature(req: IncomingMessage, body: Buffer, credentials: Record<string, string>, region: string): Refusal | undefined {
  const authorization = req.headers.authorization;
  if (authorization === undefined) return { status: 403, code: 'AccessDenied', message: 'Access Denied' };
  const match = AUTHORIZATION.exec(authorization);
  if (!match) return { status: 400, code: 'AuthorizationHeaderMalformed', message: 'The authorization header is malformed' };
  const [, accessKeyId = '', date = '', scopeRegion = '', signedHeaders = '', signature = ''] = match;
  const secret = credentials[accessKeyId];
  if (secret === undefined) return { status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
  if (scopeRegion !== region) return { status: 400, code: 'AuthorizationHeaderMalformed', message: `the region '${scopeRegion}' is wrong; expecting '${region}'` };
  const amzDate = header(req, 'x-amz-date');
  const payloadHash = header(req, 'x-amz-content-sha256');
  const names = signedHeaders.split(';');
  if (!amzDate?.startsWith(date) || payloadHash === undefined || !['host', 'x-amz-date', 'x-amz-content-sha256'].every((n) => names.includes(n))) {
    return { status: 400, code: 'AuthorizationHeaderMalformed', message: 'host, x-amz-date and x-amz-content-sha256 must be signed' };
  }
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== createHash('sha256').update(body).digest('hex')) {
    return { status: 400, code: 'XAmzContentSHA256Mismatch', message: "The provided 'x-amz-content-sha256' header does not match what was computed." };
  }
  const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split('?');
  const canonicalUri = rawPath.split('/').map((s) => rfc3986(decodeURIComponent(s))).join('/');
  const canonicalQuery = rawQuery === '' ? '' : rawQuery.split('&').map((p) => p.split('=').map((x) => rfc3986(decodeURIComponent(x ?? ''))).join('=')).sort().join('&');
  const canonicalHeaders = names.map((n) => `${n}:${(header(req, n) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonical = [req.method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${date}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  let key: Buffer = Buffer.from(`AWS4${secret}`);
  for (const part of [date, region, 's3', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  if (createHmac('sha256', key).update(toSign).digest('hex') !== signature) {
    return { status: 403, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' };
  }
  return undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
