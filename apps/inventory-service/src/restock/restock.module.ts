import { Module } from '@nestjs/common';
import type { CommandDeps } from '@pattern-shop/messaging-outbox';
import { HANDLER_DEPS } from '../infrastructure.module.js';
import { RestockHandler } from './restock.handler.js';
import { RestockHttpController } from './restock.http.controller.js';

/** Staff set a product's available stock (a stock take, a delivery), recorded in the ledger. */
@Module({
  controllers: [RestockHttpController],
  providers: [
    {
      provide: RestockHandler,
      inject: [HANDLER_DEPS],
      useFactory: (deps: CommandDeps) => new RestockHandler(deps),
    },
  ],
})
export class RestockModule {}
