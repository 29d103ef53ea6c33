import { Body, Controller, Delete, Get, Inject, Put } from '@nestjs/common';
import type { Logger } from '@pattern-shop/observability';
import { LOGGER, RequiresScope, ZodValidationPipe } from '@pattern-shop/platform';
import { BehaviourSettings } from '../behaviour/behaviour-settings.js';
import { behaviourSchema, type ProviderBehaviour } from '../behaviour/provider-behaviour.js';

/**
 * The knobs, at run time: GET shows them, PUT replaces them (a knob left out takes its default;
 * a bad value is a 400 and changes nothing), DELETE resets them. Operator token required.
 */
@Controller('admin/behaviour')
@RequiresScope('operator', 'the payment-provider knobs')
export class BehaviourHttpController {
  constructor(
    @Inject(BehaviourSettings) private readonly settings: BehaviourSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get()
  show(): ProviderBehaviour {
    return this.settings.current;
  }

  @Put()
  replace(@Body() body: unknown): ProviderBehaviour {
    const behaviour = new ZodValidationPipe(behaviourSchema, 'behaviour').transform(body ?? {});
    this.logger.warn({ behaviour }, 'payment-provider behaviour changed');
    return this.settings.replace(behaviour);
  }

  @Delete()
  reset(): ProviderBehaviour {
    this.logger.warn('payment-provider behaviour reset to defaults');
    return this.settings.reset();
  }
}
