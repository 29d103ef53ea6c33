import { Module } from '@nestjs/common';
import { ReconciliationHttpController } from './reconciliation.http.controller.js';

/** The payments recorded in a period, for the nightly reconciliation (pattern 7). */
@Module({ controllers: [ReconciliationHttpController] })
export class ReconciliationModule {}
