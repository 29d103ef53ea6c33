import { Module } from '@nestjs/common';
import { CheckAvailabilityHttpController } from './check-availability.http.controller.js';

/** Price and stock for several SKUs at once: order-service's synchronous hop (pattern 1). */
@Module({ controllers: [CheckAvailabilityHttpController] })
export class CheckAvailabilityModule {}
