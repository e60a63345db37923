import type { RunStageName } from '@alkdrec/contracts';
import { distillStage } from '../stages/distill-stage';
import { hintsStage } from '../stages/hints-stage';
import { predictStage } from '../stages/predict-stage';
import { rankStage } from '../stages/rank-stage';
import { selectStage } from '../stages/select-stage';
import type { Stage } from '../stages/stage-context';
import { trainStage } from '../stages/train-stage';

/** Each stage's work; the order is the contracts' stagesOf(strategy). */
export const STAGES: Record<RunStageName, Stage> = {
  teacher: trainStage('teacher'),
  student: trainStage('student'),
  predict: predictStage,
  hints: hintsStage,
  select: selectStage,
  rank: rankStage,
  distill: distillStage,
};
