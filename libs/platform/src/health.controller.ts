import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Response } from 'express';
import { READINESS_CHECK_TIMEOUT_MS, READINESS_PROBES, type ReadinessProbe } from './readiness.js';

/**
 * `live`: the process runs and serves HTTP (restart it if not).
 * `ready`: every dependency answers (send it traffic only then); 503 names the one that does not.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_PROBES) private readonly probes: readonly ReadinessProbe[],
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  // Terminus reports "down" by throwing; the report itself (which dependency, why) is the
  // useful part, so it is answered as-is with 503 rather than turned into a problem document.
  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response): Promise<unknown> {
    try {
      return await this.health.check(
        this.probes.map(
          (probe) => () =>
            this.indicators
              .check(probe.name)
              .attempt(({ signal }) => probe.check(signal))
              .withTimeout(READINESS_CHECK_TIMEOUT_MS),
        ),
      );
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return error.getResponse();
    }
  }
}
