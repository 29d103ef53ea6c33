import { fileURLToPath } from 'node:url';
import type { Provider } from '@nestjs/common';
import type { Logger } from '@pattern-shop/observability';
import { SERVICE_CALL, type ServiceCall } from '../upstream/service-call.js';
import type { WebConfig } from '../web.config.js';
import { ChaosLab } from './chaos/chaos-lab.js';
import { ChaosHttpController } from './chaos/chaos.http.controller.js';
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
  ChaosHttpController,
];

/** The lab's command as `npm run build` leaves it, beside this app in the repository. */
const LAB_CLI = fileURLToPath(
  new URL('../../../../libs/chaos-checker/dist/cli/chaos.js', import.meta.url),
);

export const consoleProviders = (config: WebConfig, logger: Logger): Provider[] => [
  {
    provide: ChaosLab,
    useValue: new ChaosLab(
      { enabled: config.CHAOS_LAB, cliPath: LAB_CLI, quiesceS: config.CHAOS_LAB_QUIESCE_SECONDS },
      logger,
    ),
  },
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
