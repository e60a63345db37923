import 'reflect-metadata';
import { runServiceEntry } from '@alkdrec/service-kit';
import { SERVICE_ROLES } from './roles/service-roles';

/**
 * Entry of the trainer: ALKDREC_ROLES picks the roles this process runs (default: all); their
 * configuration is validated in one pass before Nest starts, and a bad variable exits 1.
 */
runServiceEntry({ name: 'alkdrec', roles: SERVICE_ROLES });
