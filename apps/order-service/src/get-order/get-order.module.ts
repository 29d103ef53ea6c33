import { Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { API_DATA_SOURCE } from '../persistence/api-data-source.js';
import { GetOrderHandler } from './get-order.handler.js';
import { GetOrderHttpController } from './get-order.http.controller.js';

/** GET /orders/:id, on the API's own pool. */
@Module({
  controllers: [GetOrderHttpController],
  providers: [
    {
      provide: GetOrderHandler,
      inject: [API_DATA_SOURCE],
      useFactory: (dataSource: DataSource) => new GetOrderHandler(dataSource),
    },
  ],
})
export class GetOrderModule {}
