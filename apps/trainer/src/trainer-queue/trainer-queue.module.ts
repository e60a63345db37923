import { Module } from '@nestjs/common';
import { TrainerQueueWorker } from './trainer-queue.worker';

/** The trainer role: trains, evaluates and predicts with TensorFlow.js off the trainer queue. */
@Module({ providers: [TrainerQueueWorker] })
export class TrainerQueueModule {}
