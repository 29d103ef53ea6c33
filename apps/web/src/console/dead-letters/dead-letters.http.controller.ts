import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { RequiresScope, ZodValidationPipe } from '@pattern-shop/platform';
import { DeadLetterDesk, type Redriven } from './dead-letter-desk.js';
import {
  type DeadLetterQueueView,
  type DeadLetterView,
  messageId,
  queueName,
} from './dead-letter-view.js';

const queuePipe = new ZodValidationPipe(queueName, 'path parameter queue');
const messagePipe = new ZodValidationPipe(messageId, 'path parameter messageId');

/** The console's dead letters (operator token): list per queue, show one, redrive one or all. */
@Controller('api/console/dead-letters')
@RequiresScope('operator', 'the operations console')
export class DeadLettersHttpController {
  constructor(@Inject(DeadLetterDesk) private readonly desk: DeadLetterDesk) {}

  @Get()
  async queues(): Promise<{ items: DeadLetterQueueView[] }> {
    return { items: await this.desk.queues() };
  }

  @Get(':queue')
  async letters(@Param('queue', queuePipe) queue: string): Promise<{ items: DeadLetterView[] }> {
    return { items: await this.desk.letters(queue) };
  }

  @Get(':queue/:messageId')
  async letter(
    @Param('queue', queuePipe) queue: string,
    @Param('messageId', messagePipe) id: string,
  ): Promise<DeadLetterView> {
    return this.desk.letter(queue, id);
  }

  @Post(':queue/redrive')
  @HttpCode(200)
  async redriveAll(@Param('queue', queuePipe) queue: string): Promise<Redriven> {
    return this.desk.redrive(queue, undefined, new Date());
  }

  @Post(':queue/:messageId/redrive')
  @HttpCode(200)
  async redriveOne(
    @Param('queue', queuePipe) queue: string,
    @Param('messageId', messagePipe) id: string,
  ): Promise<Redriven> {
    return this.desk.redrive(queue, id, new Date());
  }
}
