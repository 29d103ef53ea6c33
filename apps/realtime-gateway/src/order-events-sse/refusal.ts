import { HttpException } from '@nestjs/common';
import type { RealtimeError } from '@pattern-shop/realtime-client';

const HTTP_STATUS_OF: Record<RealtimeError['code'], number> = {
  'invalid-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  unavailable: 503,
};

/** A refusal as the problem details every SSE route answers with. */
export const refusal = ({ code, message }: RealtimeError): HttpException =>
  new HttpException(
    { error: code, type: `https://pattern-shop.dev/problems/${code}`, message },
    HTTP_STATUS_OF[code],
  );
