import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { z } from 'zod';
import { RequiresScope, ZodValidationPipe } from '@pattern-shop/platform';
import { ChaosLab } from './chaos-lab.js';
import type { CatalogueEntry, ChaosRunView } from './chaos-run.js';

/** What the console may start: small enough that a run ends within a few minutes. */
export const runRequest = z.strictObject({
  scenario: z.string().regex(/^[a-z0-9-]{1,60}$/, 'must be a scenario name, e.g. inventory-down'),
  rate: z.number().int().min(1).max(10),
  durationS: z.number().int().min(6).max(120),
  seed: z.number().int().min(1).max(1_000_000).default(1),
});

/** The chaos lab's scenarios (operator token): the catalogue, start one, follow it to its verdict. */
@Controller('api/console/chaos')
@RequiresScope('operator', 'the operations console')
export class ChaosHttpController {
  constructor(@Inject(ChaosLab) private readonly lab: ChaosLab) {}

  /** With the lab off, the reads say so (enabled: false) and only a start is refused. */
  @Get('scenarios')
  async scenarios(): Promise<{ enabled: boolean; items: CatalogueEntry[] }> {
    return { enabled: this.lab.enabled, items: this.lab.enabled ? await this.lab.scenarios() : [] };
  }

  @Get('run')
  current(): { enabled: boolean; run: ChaosRunView | null } {
    return {
      enabled: this.lab.enabled,
      run: this.lab.enabled ? (this.lab.current() ?? null) : null,
    };
  }

  @Post('run')
  @HttpCode(202)
  async start(
    @Body(new ZodValidationPipe(runRequest, 'run')) request: z.infer<typeof runRequest>,
  ): Promise<{ run: ChaosRunView }> {
    return { run: await this.lab.start(request, new Date()) };
  }
}
