import { Module } from '@nestjs/common';
import type { CommandDeps } from '@pattern-shop/messaging-outbox';
import { HANDLER_DEPS } from '../infrastructure.module.js';
import { ChangePriceHandler } from './change-price.handler.js';
import { ChangePriceHttpController } from './change-price.http.controller.js';

/** Staff change a product's price; the catalogue replica in order-service follows. */
@Module({
  controllers: [ChangePriceHttpController],
  providers: [
    {
      provide: ChangePriceHandler,
      inject: [HANDLER_DEPS],
      useFactory: (deps: CommandDeps) => new ChangePriceHandler(deps),
    },
  ],
})
export class ChangePriceModule {}
