import {
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  Module,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { Logger, Registry } from '@pattern-shop/observability';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { READINESS_PROBES, type ReadinessProbe } from './readiness.js';
import { LOGGER, METRICS_REGISTRY } from './tokens.js';

export type PlatformOptions = Readonly<{
  logger: Logger;
  metrics: Registry;
  /** The dependencies `/health/ready` checks, built from providers of the service's own modules. */
  readiness: Readonly<{
    imports?: ModuleMetadata['imports'];
    inject?: InjectionToken[];
    useFactory: (...dependencies: never[]) => ReadinessProbe[];
  }>;
}>;

/** What every service has: health, metrics, problem+json errors, the logger and the registry. */
@Module({})
export class PlatformModule {
  static forRoot({ logger, metrics, readiness }: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [TerminusModule.forRoot({ logger: false }), ...(readiness.imports ?? [])],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: LOGGER, useValue: logger },
        { provide: METRICS_REGISTRY, useValue: metrics },
        { provide: APP_FILTER, useValue: new ProblemDetailsFilter(logger) },
        {
          provide: READINESS_PROBES,
          inject: readiness.inject ?? [],
          useFactory: readiness.useFactory as (...dependencies: unknown[]) => ReadinessProbe[],
        },
      ],
      exports: [LOGGER, METRICS_REGISTRY],
    };
  }
}
