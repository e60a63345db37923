import 'reflect-metadata';
import { runServiceEntry } from '@alkdrec/service-kit';
import { SERVICE_ROLES } from './roles/service-roles';

/**
 * Entry of the selector: drives ALKDRec runs (alkdrec.runs) and stores each run's LLM answers when
 * its ranking fan-out finishes (alkdrec.selector.collect). Configuration is validated before Nest
 * starts; a bad variable exits 1.
 */
runServiceEntry({ name: 'selector', roles: SERVICE_ROLES });
