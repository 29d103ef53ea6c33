import { Module } from '@nestjs/common';
import { ListProductsHttpController } from './list-products.http.controller.js';

/** The catalogue, page by page. */
@Module({ controllers: [ListProductsHttpController] })
export class ListProductsModule {}
