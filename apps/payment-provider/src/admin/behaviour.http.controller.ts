import { Body, Controller, Delete, Get, Headers, Inject, Put } from '@nestjs/common';
import type { Logger } from '@pattern-shop/observability';
import { LOGGER, ZodValidationPipe } from '@pattern-shop/platform';
import { BehaviourSettings } from '../behaviour/behaviour-settings.js';
import { behaviourSchema, type ProviderBehaviour } from '../behaviour/provider-behaviour.js';
import { ADMIN_TOKEN, requireAdmin } from './admin-token.js';

/**
 * The knobs, at run time: GET shows them, PUT replaces them (a knob left out takes its default;
 * a bad value is a 400 and changes nothing), DELETE resets them. Admin token required.
 */
@Controller('admin/behaviour')
export class BehaviourHttpController {
  constructor(
    @Inject(BehaviourSettings) private readonly settings: BehaviourSettings,
    @Inject(ADMIN_TOKEN) private readonly adminToken: string,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get()
  show(@Headers('authorization') authorization: string | undefined): ProviderBehaviour {
    requireAdmin(authorization, this.adminToken);
    return this.settings.current;
  }

  @Put()
  replace(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ): ProviderBehaviour {
    // Authorise before validating, so an unauthorised caller learns nothing about the knobs.
    requireAdmin(authorization, this.adminToken);
    const behaviour = new ZodValidationPipe(behaviourSchema, 'behaviour').transform(body ?? {});
    this.logger.warn({ behaviour }, 'payment-provider behaviour changed');
    return this.settings.replace(behaviour);
  }

  @Delete()
  reset(@Headers('authorization') authorization: string | undefined): ProviderBehaviour {
    requireAdmin(authorization, this.adminToken);
    this.logger.warn('payment-provider behaviour reset to defaults');
    return this.settings.reset();
  }
}
