import type { SplitName } from '@alkdrec/recsys';
import type { Split } from './prisma-client';

/** The domain's lower-case split names ↔ the database enum. */
export const SPLIT_TO_ENUM: Record<SplitName, Split> = { train: 'TRAIN', valid: 'VALID', test: 'TEST' };
export const SPLIT_FROM_ENUM: Record<Split, SplitName> = { TRAIN: 'train', VALID: 'valid', TEST: 'test' };
