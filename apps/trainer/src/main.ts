import 'reflect-metadata';
import { checkArtifactStoreSettings } from '@alkdrec/db';
import { runServiceEntry } from '@alkdrec/service-kit';
import { SERVICE_ROLES } from './roles/service-roles';

/**
 * Entry of the trainer: ALKDREC_ROLES picks the roles this process runs (default: all); their
 * configuration is validated in one pass before Nest starts, and a bad variable exits 1 (an s3://
 * ARTIFACT_STORE without the AWS keys included).
 */
runServiceEntry({ name: 'alkdrec', roles: SERVICE_ROLES, check: (config) => checkArtifactStoreSettings(config.ARTIFACT_STORE) });
