import { z } from 'zod';

/** The shapes of web's own answers (the controllers' types, as zod) for its OpenAPI document. */
export const consoleAnswers = {
  customerSession: z.strictObject({
    customerId: z.string(),
    token: z.string(),
    expiresAt: z.iso.datetime(),
  }),
  settings: z.strictObject({ realtimeGatewayUrl: z.string() }),
  catalogue: z.strictObject({
    items: z.array(
      z.strictObject({
        sku: z.string(),
        name: z.string(),
        priceCents: z.number().int(),
        currency: z.string(),
        stock: z.number().int(),
      }),
    ),
  }),
  journey: z.strictObject({
    orderId: z.string(),
    lanes: z.array(z.string()),
    hops: z.array(z.looseObject({})),
    sagaStatus: z.string().nullable(),
    spans: z.number().int(),
  }),
  lanes: z.strictObject({
    at: z.iso.datetime(),
    minutes: z.number().int(),
    lanes: z.array(z.looseObject({ id: z.string(), title: z.string() })),
  }),
  items: z.strictObject({ items: z.array(z.looseObject({})) }),
  deadLetterQueues: z.strictObject({
    items: z.array(
      z.strictObject({
        queue: z.string(),
        deadLetterQueue: z.string(),
        messages: z.number().int(),
      }),
    ),
  }),
  deadLetter: z.strictObject({
    position: z.number().int(),
    messageId: z.string().nullable(),
    type: z.string().nullable(),
    reason: z.string().nullable(),
    stack: z.string().nullable(),
    attempts: z.number().nullable(),
    failedAt: z.string().nullable(),
    originalQueue: z.string().nullable(),
    service: z.string().nullable(),
    headers: z.record(z.string(), z.string()),
    body: z.unknown(),
  }),
  redriven: z.strictObject({
    redriven: z.array(z.strictObject({ messageId: z.string().nullable(), to: z.string() })),
  }),
  chaosRun: z.strictObject({ enabled: z.boolean(), run: z.looseObject({}).nullable() }),
};
