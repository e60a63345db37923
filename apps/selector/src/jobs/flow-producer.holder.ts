import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { QueueFactory } from '@alkdrec/service-kit';
import type { FlowProducer } from 'bullmq';

/** The selector's one FlowProducer (ranking fan-outs), closed on shutdown. */
@Injectable()
export class FlowProducerHolder implements OnApplicationShutdown {
  readonly flows: FlowProducer;

  constructor(factory: QueueFactory) {
    this.flows = factory.flowProducer();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flows.close();
  }
}
