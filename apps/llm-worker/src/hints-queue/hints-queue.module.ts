import { Module } from '@nestjs/common';
import { LlmModule } from '../llm/llm.module';
import { HintsProcessor } from './hints.processor';
import { HintsProducer } from './hints.producer';

/** alkdrec.llm.hints: Module 1, one hint summary per run. */
@Module({ imports: [LlmModule], providers: [HintsProcessor, HintsProducer], exports: [HintsProducer] })
export class HintsQueueModule {}
