import { Module } from '@nestjs/common';
import { LlmModule } from '../llm/llm.module';
import { RankingProcessor } from './ranking.processor';
import { RankingProducer } from './ranking.producer';

/** alkdrec.llm.ranking: Module 2, one LLM re-ranking of a session's candidates per job. */
@Module({ imports: [LlmModule], providers: [RankingProcessor, RankingProducer], exports: [RankingProducer] })
export class RankingQueueModule {}
