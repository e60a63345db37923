import { Module } from '@nestjs/common';
import { HintsQueueModule } from './hints-queue/hints-queue.module';
import { RankingQueueModule } from './ranking-queue/ranking-queue.module';

/** The llm-worker role: both LLM queues over one provider, response store and set of run budgets. */
@Module({ imports: [RankingQueueModule, HintsQueueModule] })
export class LlmWorkerModule {}
