import type { Lab } from './lab.js';
import { LAB_01 } from './labs/01-request-response.js';
import { LAB_02 } from './labs/02-deferred-work.js';
import { LAB_03 } from './labs/03-publish-subscribe.js';
import { LAB_04 } from './labs/04-event-streams.js';
import { LAB_05 } from './labs/05-checkout-saga.js';
import { LAB_06 } from './labs/06-real-time.js';
import { LAB_07 } from './labs/07-nightly-reconciliation.js';
import { LAB_08 } from './labs/08-outbox.js';
import { LAB_09 } from './labs/09-inbox.js';

/** The labs in the order a workshop runs them (docs/labs/README.md). */
export const LABS: readonly Lab[] = [
  LAB_01,
  LAB_02,
  LAB_03,
  LAB_04,
  LAB_05,
  LAB_06,
  LAB_07,
  LAB_08,
  LAB_09,
];

export const labNumbered = (number: number): Lab | undefined =>
  LABS.find((lab) => lab.number === number);
