import 'reflect-metadata';
import { PATH_METADATA } from '@nestjs/common/constants';
import { HealthController } from '@alkdrec/service-kit';

/**
 * The probe routes every role serves, read from service-kit's HealthController route metadata
 * (`@Controller('health')`, `@Get('live')`, `@Get('ready')`), so a renamed route fails the checks.
 */
export function healthRoutes(): { live: string; ready: string } {
  const base = String(Reflect.getMetadata(PATH_METADATA, HealthController));
  const route = (method: 'live' | 'ready') => `/${base}/${String(Reflect.getMetadata(PATH_METADATA, HealthController.prototype[method]))}`.replace(/\/+/g, '/');
  return { live: route('live'), ready: route('ready') };
}
