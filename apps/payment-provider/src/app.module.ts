import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type ServiceContext } from '@pattern-shop/platform';
import { ADMIN_TOKEN } from './admin/admin-token.js';
import { BehaviourHttpController } from './admin/behaviour.http.controller.js';
import { LedgerHttpController } from './admin/ledger.http.controller.js';
import { BehaviourSettings } from './behaviour/behaviour-settings.js';
import { ChargeCardHandler, type SimulationDeps } from './charge-card/charge-card.handler.js';
import { ChargeCardHttpController } from './charge-card/charge-card.http.controller.js';
import { PaymentLedger } from './ledger/payment-ledger.js';
import type { PaymentProviderConfig } from './payment-provider.config.js';
import { providerMetrics } from './provider-metrics.js';
import { SettlementHttpController } from './reconciliation/settlement.http.controller.js';
import { RefundChargeHandler } from './refund-charge/refund-charge.handler.js';
import { RefundChargeHttpController } from './refund-charge/refund-charge.http.controller.js';

/** Wires payment-provider: a stand-in for an outside card processor, with latency and failure knobs. */
@Module({})
export class AppModule {
  static register({
    config,
    logger,
    metrics,
  }: ServiceContext<PaymentProviderConfig>): DynamicModule {
    const ledger = new PaymentLedger({ newId: randomUUID, now: () => new Date() });
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
        RefundChargeHttpController,
        BehaviourHttpController,
        LedgerHttpController,
        SettlementHttpController,
      ],
      providers: [
        { provide: ADMIN_TOKEN, useValue: config.ADMIN_TOKEN },
        { provide: PaymentLedger, useValue: ledger },
        { provide: BehaviourSettings, useValue: settings },
        { provide: ChargeCardHandler, useValue: new ChargeCardHandler(simulation) },
        { provide: RefundChargeHandler, useValue: new RefundChargeHandler(simulation) },
      ],
    };
  }
}
