import type { DynamicModule } from '@nestjs/common';
import { ServiceAppModule, type BaseConfig } from '@alkdrec/service-kit';
import { SERVICE_ROLES, type RoleName } from './roles/service-roles';

/** The process's root module: the shared service module with this entry's chosen roles. */
export const AppModule = {
  forRoles(roles: readonly RoleName[], config: Readonly<BaseConfig>): DynamicModule {
    return ServiceAppModule.forRoles(roles.map((role) => SERVICE_ROLES[role]), config);
  },
};
