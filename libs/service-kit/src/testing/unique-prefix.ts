/** A BullMQ key prefix no other test run uses, so tests never see each other's jobs. */
export function uniquePrefix(what: string): string {
  return `test-${what}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
