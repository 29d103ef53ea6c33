import { DEFAULT_BEHAVIOUR, type ProviderBehaviour } from './provider-behaviour.js';

/**
 * The knobs in force right now, changed at run time through `/admin/behaviour`. One per
 * process: a second provider instance has its own knobs (and its own ledger).
 */
export class BehaviourSettings {
  private behaviour: ProviderBehaviour = DEFAULT_BEHAVIOUR;

  get current(): ProviderBehaviour {
    return this.behaviour;
  }

  replace(behaviour: ProviderBehaviour): ProviderBehaviour {
    this.behaviour = Object.freeze({ ...behaviour });
    return this.behaviour;
  }

  reset(): ProviderBehaviour {
    return this.replace(DEFAULT_BEHAVIOUR);
  }
}
