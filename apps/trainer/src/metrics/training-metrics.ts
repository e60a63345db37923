import { TrainerProgress, type TrainingProgress } from '@alkdrec/contracts';
import { processMetrics, type ServiceMetrics } from '@alkdrec/service-kit';

interface JobState {
  steps: number;
  stepMs: number;
}

/**
 * The trainer's training metrics, kept in the main thread (the one serving /metrics) from the
 * progress a sandboxed job reports at each validation: steps done since the last report, steps per
 * second of step time over that interval, the latest validation recall@k and the pass's duration.
 */
export class TrainingMetrics {
  private readonly jobs = new Map<string, JobState>();
  private readonly steps;
  private readonly stepsPerSecond;
  private readonly validationRecall;
  private readonly validationDuration;

  constructor(metrics: ServiceMetrics = processMetrics()) {
    this.steps = metrics.counter('trainingSteps');
    this.stepsPerSecond = metrics.gauge('trainingStepsPerSecond');
    this.validationRecall = metrics.gauge('trainingValidationRecall');
    this.validationDuration = metrics.histogram('trainingValidationDuration');
  }

  /** A job's progress report (anything that is not training progress is ignored). */
  progress(jobId: string, reported: unknown): void {
    const parsed = TrainerProgress.safeParse(reported);
    if (!parsed.success || parsed.data.phase !== 'training' || !parsed.data.training) return;
    this.observe(jobId, parsed.data.done, parsed.data.validRecall, parsed.data.training);
  }

  /** The job ended (or failed this attempt): a retry trains from its first step again. */
  forget(jobId: string): void {
    this.jobs.delete(jobId);
  }

  private observe(jobId: string, step: number, validRecall: number | undefined, training: TrainingProgress): void {
    const labels = { backbone: training.backbone, role: training.role };
    const last = this.jobs.get(jobId) ?? { steps: 0, stepMs: 0 };
    const steps = step - last.steps;
    const stepMs = training.stepMs - last.stepMs;
    if (steps > 0) this.steps.inc(labels, steps);
    if (steps > 0 && stepMs > 0) this.stepsPerSecond.set(labels, steps / (stepMs / 1000));
    if (validRecall !== undefined) this.validationRecall.set({ ...labels, k: String(training.validK) }, validRecall);
    this.validationDuration.observe(labels, training.validationPassMs / 1000);
    this.jobs.set(jobId, { steps: Math.max(step, last.steps), stepMs: Math.max(training.stepMs, last.stepMs) });
  }
}
