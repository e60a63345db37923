/** One file of a multipart upload, streamed to a temporary file that is removed after the handler. */
export interface UploadedFile {
  /** The form field it came in. */
  field: string;
  /** The client's file name, as sent (basename, control characters escaped, at most 100 characters). */
  filename: string;
  /** The temporary file; ends in `.gz` when the client's name did (so readers gunzip it). */
  path: string;
  bytes: number;
}
