import type { Provider } from '@nestjs/common';
import { SERVICE_CALL, type ServiceCall } from '../upstream/service-call.js';
import type { WebConfig } from '../web.config.js';
import { DeadLetterDesk } from './dead-letters/dead-letter-desk.js';
import { DeadLettersHttpController } from './dead-letters/dead-letters.http.controller.js';
import { LanesHttpController } from './lanes/lanes.http.controller.js';
import { PrometheusReader } from './lanes/prometheus-reader.js';
import { ProviderKnobsHttpController } from './provider/provider-knobs.http.controller.js';
import { ParkedSagasHttpController } from './sagas/parked-sagas.http.controller.js';

/** The operations console's routes, all staff only (docs/web.md, "Console"). */
export const consoleControllers = [
  DeadLettersHttpController,
  ParkedSagasHttpController,
  ProviderKnobsHttpController,
  LanesHttpController,
];

export const consoleProviders = (config: WebConfig): Provider[] => [
  {
    provide: DeadLetterDesk,
    useValue: new DeadLetterDesk({
      url: config.RABBITMQ_URL,
      managementUrl: config.RABBITMQ_MANAGEMENT_URL,
    }),
  },
  {
    provide: PrometheusReader,
    useFactory: (call: ServiceCall) => new PrometheusReader(call),
    inject: [SERVICE_CALL],
  },
];
