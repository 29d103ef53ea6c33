import { Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { API_DATA_SOURCE } from '../persistence/api-data-source.js';
import { ListOrdersHandler } from './list-orders.handler.js';
import { ListOrdersHttpController } from './list-orders.http.controller.js';

/** GET /orders?customerId=..., on the API's own pool. */
@Module({
  controllers: [ListOrdersHttpController],
  providers: [
    {
      provide: ListOrdersHandler,
      inject: [API_DATA_SOURCE],
      useFactory: (dataSource: DataSource) => new ListOrdersHandler(dataSource),
    },
  ],
})
export class ListOrdersModule {}
