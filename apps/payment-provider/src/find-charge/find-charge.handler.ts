import { answerDelayMs, type SimulationOverrides } from '../behaviour/provider-behaviour.js';
import type { SimulationDeps } from '../charge-card/charge-card.handler.js';
import { problem, type ProviderAnswer } from '../provider-answer.js';

/**
 * GET /charges?idempotencyKey=...: what a charge's Idempotency-Key stands for. A caller whose
 * charge timed out asks this instead of guessing: 200 with the charge (captured or declined), or
 * 404 when nothing was ever charged under the key. A slow processor is slow here too.
 */
export class FindChargeHandler {
  constructor(private readonly deps: SimulationDeps) {}

  async find(idempotencyKey: string, overrides: SimulationOverrides): Promise<ProviderAnswer> {
    const { ledger, metrics, settings, random } = this.deps;
    const delayMs = answerDelayMs(settings.current, overrides, random);
    const charge = ledger.chargeByKey(idempotencyKey);
    metrics.lookup(charge === undefined ? 'not_found' : 'found');
    await this.deps.sleep(delayMs);
    return charge === undefined
      ? problem(
          404,
          'no-charge',
          'Not Found',
          `no charge under Idempotency-Key "${idempotencyKey}"`,
        )
      : { status: 200, body: charge };
  }
}
