import { Module } from '@nestjs/common';
import { ReconciliationHttpController } from './reconciliation.http.controller.js';

/** GET /reconciliation/daily: the orders of a period, for analytics-service's nightly job (pattern 7). */
@Module({ controllers: [ReconciliationHttpController] })
export class ReconciliationModule {}
