import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { ZodValidationPipe } from '@pattern-shop/platform';
import { placeOrderBody, type PlaceOrderBody } from './place-order.request.js';

const bodyPipe = new ZodValidationPipe(placeOrderBody);

/**
 * POST /orders' body. A `customerId` in it gets an answer of its own: clients written for the
 * old API sent one, and "unrecognized key" would not tell them where the customer comes from now.
 */
export class PlaceOrderBodyPipe implements PipeTransform<unknown, PlaceOrderBody> {
  transform(value: unknown): PlaceOrderBody {
    if (typeof value === 'object' && value !== null && 'customerId' in value) {
      throw new BadRequestException({
        error: 'Bad Request',
        type: 'https://pattern-shop.dev/problems/validation',
        message: [
          'request body: customerId: the customer is taken from your token; remove customerId from the body',
        ],
      });
    }
    return bodyPipe.transform(value);
  }
}
