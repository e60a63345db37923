import { type DynamicModule, Module } from '@nestjs/common';
import { BullmqModule, HealthModule, ServiceConfigModule, type BaseConfig } from '@alkdrec/service-kit';
import { SERVICE_ROLES, type RoleName } from './roles/service-roles';

/** The process's root module: config, BullMQ, health, and the module of each chosen role. */
@Module({})
export class AppModule {
  static forRoles(roles: readonly RoleName[], config: Readonly<BaseConfig>): DynamicModule {
    const chosen = roles.map((role) => SERVICE_ROLES[role]);
    return {
      module: AppModule,
      imports: [
        ServiceConfigModule.forRoot(config),
        BullmqModule,
        HealthModule.forRoot({ queues: [...new Set(chosen.flatMap((role) => role.queues))] }),
        ...chosen.map((role) => role.module),
      ],
    };
  }
}
