import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { DBOS } from '@dbos-inc/dbos-sdk';
import { z } from 'zod';
import type { CheckoutEnd, PlacedOrder } from './checkout-workflow.js';

// The bench's body; one line per order keeps the peer small (our services take several).
const placeOrderBody = z.object({
  items: z
    .array(z.strictObject({ sku: z.string().min(1).max(100), quantity: z.number().int().min(1) }))
    .length(1),
});

type Checkout = (order: PlacedOrder) => Promise<CheckoutEnd>;

const send = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
  res.writeHead(status, { 'content-type': type }).end(JSON.stringify(body));
};

const problem = (res: ServerResponse, status: number, title: string, detail: string) =>
  send(res, status, { title, status, detail }, 'application/problem+json');

const readBody = async (req: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
};

/**
 * POST /orders answers 202 once DBOS has written the workflow's row: from then on a crash loses
 * nothing, recovery runs it. The order id is the workflow id, so a repeated Idempotency-Key
 * (a UUID) gets the same order and starts no second workflow.
 */
const placeOrder = async (req: IncomingMessage, res: ServerResponse, checkout: Checkout) => {
  const key = req.headers['idempotency-key'];
  if (key !== undefined && !z.uuid().safeParse(key).success) {
    return problem(res, 400, 'Bad Request', 'Idempotency-Key must be a UUID');
  }
  let parsed;
  try {
    parsed = placeOrderBody.safeParse(await readBody(req));
  } catch {
    return problem(res, 400, 'Bad Request', 'the body is not JSON');
  }
  if (!parsed.success) return problem(res, 400, 'Bad Request', z.prettifyError(parsed.error));
  const [item] = parsed.data.items;
  const orderId = typeof key === 'string' ? key : randomUUID();
  if (item === undefined) return problem(res, 400, 'Bad Request', 'one item expected');
  await DBOS.startWorkflow(checkout, { workflowID: orderId })({ orderId, ...item });
  send(res, 202, { orderId, status: 'PENDING' });
};

export const peerHttpServer = (checkout: Checkout): Server =>
  createServer((req, res) => {
    const route = `${req.method} ${req.url}`;
    const handled =
      route === 'POST /orders'
        ? placeOrder(req, res, checkout)
        : route === 'GET /health/ready' || route === 'GET /health/live'
          ? Promise.resolve(send(res, 200, { status: 'ok' }))
          : Promise.resolve(problem(res, 404, 'Not Found', `no route ${route}`));
    handled.catch((error: unknown) => {
      if (!res.headersSent) problem(res, 500, 'Internal Server Error', String(error));
    });
  });
