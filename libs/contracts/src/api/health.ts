import { z } from 'zod';

/** One dependency check of a health probe (@nestjs/terminus): `up` or `down`, with what it found. */
const HealthCheckResult = z.record(z.string(), z.looseObject({ status: z.string() }));

/** `/health/live` and `/health/ready`: 200 when every check is up, 503 with the failing ones in `error`. */
export const HealthReport = z
  .object({
    status: z.enum(['ok', 'error', 'shutting_down']),
    info: HealthCheckResult.optional(),
    error: HealthCheckResult.optional(),
    details: HealthCheckResult.optional(),
  })
  .meta({ id: 'HealthReport' });
export type HealthReport = z.infer<typeof HealthReport>;
