import { z } from 'zod';
import { ZodValidationPipe } from '@pattern-shop/platform';
import { simulationHeaders, type SimulationOverrides } from './behaviour/provider-behaviour.js';

/** A caller's id for one operation: in the Idempotency-Key header, or the lookup's query. */
export const IDEMPOTENCY_KEY = z
  .string({ error: 'is required' })
  .regex(/^[A-Za-z0-9._:-]{1,200}$/, 'must be 1 to 200 letters, digits or . _ : -');

const idempotencyKeyPipe = new ZodValidationPipe(IDEMPOTENCY_KEY, 'Idempotency-Key header');
const simulationPipe = new ZodValidationPipe(simulationHeaders, 'simulation header');

/** Whether `x-simulate-*` headers are honoured (PAYMENT_PROVIDER_TEST_MODE), for the controllers. */
export const PROVIDER_TEST_MODE = Symbol('PROVIDER_TEST_MODE');

/**
 * What every charge and refund carries in its headers: the caller's Idempotency-Key (required,
 * its id for the operation) and, in test mode only, the test overrides. Either one wrong is a
 * 400; out of test mode the overrides are not even read, so they change nothing.
 */
export const providerRequestHeaders = (
  headers: Readonly<Record<string, string | undefined>>,
  testMode: boolean,
): { idempotencyKey: string; overrides: SimulationOverrides } => ({
  idempotencyKey: idempotencyKeyPipe.transform(headers['idempotency-key']),
  overrides: testMode ? simulationPipe.transform(headers) : {},
});
