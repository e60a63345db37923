import { type DynamicModule, Module } from '@nestjs/common';
import type { BaseConfig } from './base-env.schema';

/** Injection token of the validated, frozen configuration object. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/**
 * Makes the configuration validated in main.ts injectable everywhere:
 * `constructor(@Inject(SERVICE_CONFIG) private readonly config: TrainerConfig)`.
 */
@Module({})
export class ServiceConfigModule {
  static forRoot<C extends BaseConfig>(config: Readonly<C>): DynamicModule {
    return {
      module: ServiceConfigModule,
      global: true,
      providers: [{ provide: SERVICE_CONFIG, useValue: config }],
      exports: [SERVICE_CONFIG],
    };
  }
}
