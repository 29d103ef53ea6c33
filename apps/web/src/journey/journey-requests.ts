import { NotFoundException } from '@nestjs/common';
import { z } from 'zod';

export const journeyOrderId = z.uuid('must be an order id (a UUID)');

/** The same answer for a missing order and someone else's, so order ids cannot be probed. */
export const noJourney = (id: string) =>
  new NotFoundException({ error: 'Not Found', message: `no order ${id}` });
