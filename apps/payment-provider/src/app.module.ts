import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type DynamicModule, Module } from '@nestjs/common';
import {
  SCOPED_TOKENS,
  scopedTokensOf,
  PlatformModule,
  type ServiceContext,
} from '@pattern-shop/platform';
import { BehaviourHttpController } from './admin/behaviour.http.controller.js';
import { LedgerHttpController } from './admin/ledger.http.controller.js';
import { BehaviourSettings } from './behaviour/behaviour-settings.js';
import { ChargeCardHandler, type SimulationDeps } from './charge-card/charge-card.handler.js';
import { ChargeCardHttpController } from './charge-card/charge-card.http.controller.js';
import { FindChargeHandler } from './find-charge/find-charge.handler.js';
import { FindChargeHttpController } from './find-charge/find-charge.http.controller.js';
import { openJournal } from './ledger/ledger-journal.js';
import { LedgerPruning } from './ledger/ledger-pruning.js';
import { PaymentLedger } from './ledger/payment-ledger.js';
import { ledgerFileOf, type PaymentProviderConfig } from './payment-provider.config.js';
import { PROVIDER_TEST_MODE } from './provider-request.js';
import { providerMetrics } from './provider-metrics.js';
import { SettlementHttpController } from './reconciliation/settlement.http.controller.js';
import { RefundChargeHandler } from './refund-charge/refund-charge.handler.js';
import { RefundChargeHttpController } from './refund-charge/refund-charge.http.controller.js';

/**
 * Wires payment-provider: a stand-in for an outside card processor, with latency and failure
 * knobs. It owns no database by design; its ledger is journaled to a file and survives restarts.
 */
@Module({})
export class AppModule {
  static register({
    config,
    logger,
    metrics,
  }: ServiceContext<PaymentProviderConfig>): DynamicModule {
    const ledgerFile = ledgerFileOf(config);
    const { records, journal } = openJournal(ledgerFile);
    const ledger = new PaymentLedger({ newId: randomUUID, now: () => new Date() }, journal);
    ledger.replay(records);
    logger.info({ ledgerFile, records: records.length }, 'payment-provider ledger reopened');
    const settings = new BehaviourSettings();
    const simulation: SimulationDeps = {
      ledger,
      settings,
      metrics: providerMetrics(metrics),
      random: Math.random,
      sleep: (ms) => (ms > 0 ? sleep(ms) : Promise.resolve()),
    };
    return {
      module: AppModule,
      imports: [
        // Nothing to depend on: ready as soon as it listens.
        PlatformModule.forRoot({ logger, metrics, readiness: { useFactory: () => [] } }),
      ],
      controllers: [
        ChargeCardHttpController,
        FindChargeHttpController,
        RefundChargeHttpController,
        BehaviourHttpController,
        LedgerHttpController,
        SettlementHttpController,
      ],
      providers: [
        { provide: SCOPED_TOKENS, useValue: scopedTokensOf(config) },
        { provide: PROVIDER_TEST_MODE, useValue: config.PAYMENT_PROVIDER_TEST_MODE },
        { provide: PaymentLedger, useValue: ledger },
        {
          provide: LedgerPruning,
          useFactory: () =>
            new LedgerPruning(
              ledger,
              {
                retentionMs: config.PAYMENT_PROVIDER_LEDGER_RETENTION_HOURS * 3_600_000,
                now: () => new Date(),
              },
              logger,
            ),
        },
        { provide: BehaviourSettings, useValue: settings },
        { provide: ChargeCardHandler, useValue: new ChargeCardHandler(simulation) },
        { provide: FindChargeHandler, useValue: new FindChargeHandler(simulation) },
        { provide: RefundChargeHandler, useValue: new RefundChargeHandler(simulation) },
      ],
    };
  }
}
