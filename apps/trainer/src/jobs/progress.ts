import type { TrainerProgress } from '@alkdrec/contracts';

/** The slice of a BullMQ job (sandboxed or not) that trainer jobs use. */
export interface TrainerJobHandle {
  name: string;
  data: unknown;
  updateProgress(progress: TrainerProgress): Promise<void>;
}
