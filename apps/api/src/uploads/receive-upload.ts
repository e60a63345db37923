import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FieldError } from '@alkdrec/contracts';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { ApiProblem } from '../http/api-problem';
import type { UploadSpec } from '../http/route-spec';
import { issueToFieldErrors } from '../http/validate-input';
import type { UploadedFile } from './uploaded-file';

export interface UploadLimits {
  /** Largest file, in bytes (API_UPLOAD_LIMIT_BYTES). */
  fileBytes: number;
  /** Where the temporary directory of each upload is made. */
  dir: string;
}

export interface ReceivedUpload {
  fields: unknown;
  files: Readonly<Record<string, UploadedFile>>;
  /** Removes the upload's temporary directory; safe to call twice. */
  cleanup(): Promise<void>;
}

/** Text fields are short (a name): anything longer is a mistake, not data. */
const FIELD_BYTES = 4096;

/**
 * Streams a multipart/form-data body to a temporary directory of its own, one file per file field
 * (never whole in memory), and checks it against the route's upload spec: every problem — a missing
 * or unexpected file, a field sent twice, a text field breaking its schema — is named in one 400; a
 * file over the limit is a 413 naming its field. On any failure the directory is removed here; on
 * success the caller removes it (cleanup) once the handler is done.
 */
export async function receiveUpload(request: FastifyRequest, spec: UploadSpec, limits: UploadLimits): Promise<ReceivedUpload> {
  const dir = await mkdtemp(join(limits.dir, 'alkdrec-upload-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const fileFields = Object.keys(spec.files);
    const fields: Record<string, unknown> = {};
    const files: Record<string, UploadedFile> = {};
    const errors: FieldError[] = [];
    const parts = request.parts({
      limits: { fileSize: limits.fileBytes, files: fileFields.length + 4, fields: 16, parts: fileFields.length + 20, fieldSize: FIELD_BYTES },
    });
    for await (const part of parts) {
      const field = `body.${part.fieldname}`;
      const seen = part.fieldname in fields || part.fieldname in files;
      if (part.type === 'file') {
        if (!fileFields.includes(part.fieldname) || seen) {
          await discard(part.file);
          errors.push({ field, message: seen ? 'sent twice; send each field once' : `not a file of this request (files: ${fileFields.join(', ')})` });
          continue;
        }
        files[part.fieldname] = await saveFile(part, dir, limits.fileBytes);
      } else {
        errors.push(...fieldProblems(part, field, seen, fileFields));
        if (!seen) fields[part.fieldname] = part.value;
      }
    }
    for (const name of fileFields) {
      if (!(name in files)) errors.push({ field: `body.${name}`, message: `required file missing: ${spec.files[name]}` });
    }
    const parsed = spec.fields.safeParse(Object.fromEntries(Object.entries(fields).filter(([name]) => !fileFields.includes(name))));
    // A field already named above (too long, sent twice) is not named again by its schema.
    const named = new Set(errors.map((error) => error.field));
    if (!parsed.success) errors.push(...parsed.error.issues.flatMap((issue) => issueToFieldErrors(issue, 'body')).filter((error) => !named.has(error.field)));
    if (errors.length > 0) throw ApiProblem.validation(errors);
    return { fields: parsed.data, files, cleanup };
  } catch (error) {
    await cleanup();
    throw fileTooLarge(error, limits.fileBytes) ?? error;
  }
}

function fieldProblems(part: MultipartValue, field: string, seen: boolean, fileFields: readonly string[]): FieldError[] {
  if (fileFields.includes(part.fieldname)) return [{ field, message: 'expected a file, found a text field' }];
  if (seen) return [{ field, message: 'sent twice; send each field once' }];
  if (part.valueTruncated) return [{ field, message: `longer than ${FIELD_BYTES} bytes` }];
  return [];
}

async function saveFile(part: MultipartFile, dir: string, limit: number): Promise<UploadedFile> {
  const filename = cleanFilename(part.filename);
  // The readers decide by the extension whether to gunzip (as the CLI does with its paths).
  const path = join(dir, `${part.fieldname}${filename.toLowerCase().endsWith('.gz') ? '.gz' : ''}`);
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(part.file, count, createWriteStream(path));
  // busboy stops a file at the limit and marks it truncated: the rest never reaches the disk.
  if (part.file.truncated) throw tooLarge(part.fieldname, limit);
  return { field: part.fieldname, filename, path, bytes };
}

async function discard(stream: Readable): Promise<void> {
  for await (const _chunk of stream) {
    // read to the end: busboy moves on to the next part only then
  }
}

function tooLarge(fieldname: string, limit: number): ApiProblem {
  const message = `over the upload limit of ${limit} bytes (API_UPLOAD_LIMIT_BYTES)`;
  return new ApiProblem('payload-too-large', `body.${fieldname}: ${message}`, { errors: [{ field: `body.${fieldname}`, message }] });
}

/** @fastify/multipart's own file-size error (raised between parts), named by its part's field. */
function fileTooLarge(error: unknown, limit: number): ApiProblem | undefined {
  const { code, part } = error as { code?: string; part?: { fieldname?: string } };
  return code === 'FST_REQ_FILE_TOO_LARGE' ? tooLarge(part?.fieldname ?? 'file', limit) : undefined;
}

/** The client's name without directories or control characters, at most 100 characters: safe to echo. */
export function cleanFilename(filename: string): string {
  const base = filename.split(/[/\\]/).pop() ?? '';
  const printable = base.replace(/[\u0000-\u001f\u007f]/g, '?');
  return printable.length > 100 ? `${printable.slice(0, 97)}...` : printable;
}
