import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { schemaOf } from '@pattern-shop/contracts';
import { handleCheckoutInput, startCheckout } from './checkout-saga.js';
import type {
  CheckoutSagaInput,
  CheckoutSagaState,
  CheckoutSagaStatus,
  Transition,
} from './checkout-saga.types.js';
import { isFinal, isWaiting } from './policy.js';
import { fromStoredState, toStoredState } from './stored-state.js';
import * as kit from './testing/saga-test-kit.js';

// Property-style: random input sequences from a seeded PRNG (so a failure replays), checked
// against invariants after every step and once the saga has been left to its deadlines.

/** mulberry32: small, fast, deterministic. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

const PAYMENT_IDS = [kit.PAYMENT_ID, kit.OTHER_PAYMENT_ID, '33333333-4444-4555-8666-777777777777'];

const randomInput = (random: () => number): CheckoutSagaInput => {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const paymentId = pick(PAYMENT_IDS);
  return pick([
    () => kit.charged(paymentId),
    () => kit.charged(kit.PAYMENT_ID),
    () => kit.declined(),
    () => kit.refunded(paymentId),
    () => kit.refundFailed('provider down', paymentId),
    () => kit.reserved(),
    () => kit.reservationFailed(),
    () => kit.voided(),
    () => kit.voidFailed(),
    () => kit.deadlinePassed,
    () => kit.deadlinePassed,
    () => kit.retryRequested,
    () => kit.repairRequested,
  ])();
};

/** What the outside world has seen of one saga, to judge it by. */
type World = {
  charged: Set<string>;
  refundRequested: Set<string>;
  stockReserved: boolean;
  /** The charge's outcome is known: a decline, a charge, or a void answered after one was sent. */
  chargeSettled: boolean;
  voidRequested: boolean;
  outcomes: string[];
  visited: Set<CheckoutSagaStatus>;
};

const ALLOWED_FROM_FINAL = new Set([
  'CANCELLED>REFUNDING:PaymentCharged',
  'CANCELLED>REFUNDING:RepairRequested',
  'CANCELLED>VOIDING:RepairRequested',
]);
const ALLOWED_FROM_PARKED = new Set([
  'COMPENSATION_FAILED>REFUNDING:RetryRequested',
  'COMPENSATION_FAILED>VOIDING:RetryRequested',
  'COMPENSATION_FAILED>CANCELLED:PaymentRefunded',
  // A parked void answered late: nothing held (voided, declined), or a charge to refund.
  'COMPENSATION_FAILED>CANCELLED:PaymentVoided',
  'COMPENSATION_FAILED>CANCELLED:PaymentDeclined',
  'COMPENSATION_FAILED>REFUNDING:PaymentCharged',
]);

/** Every broken invariant of one step, as readable lines (empty when all hold). */
const checkStep = (
  world: World,
  before: CheckoutSagaState,
  input: CheckoutSagaInput,
  t: Transition,
): string[] => {
  const { state } = t;
  const broken: string[] = [];
  const check = (holds: boolean, invariant: string) => holds || broken.push(invariant);
  if (input.type === 'PaymentCharged') world.charged.add(input.data.paymentId);
  if (input.type === 'StockReserved') world.stockReserved = true;
  if (input.type === 'PaymentCharged' || input.type === 'PaymentDeclined')
    world.chargeSettled = true;
  // The answers to VoidPayment: nothing held (voided), or the order's charge already refunded.
  const voidAnswer = input.type === 'PaymentVoided' || input.type === 'PaymentRefunded';
  if (voidAnswer && world.voidRequested) world.chargeSettled = true;
  for (const command of t.commands) {
    const valid = schemaOf(command.type, 1)?.safeParse(command.data).success === true;
    check(valid, `${command.type} matches its contract`);
    if (command.type === 'ChargePayment' || command.type === 'ReserveStock') {
      const expiry = command.expiresAt.getTime();
      check(expiry === state.deadlineAt?.getTime(), `${command.type} expires with its step`);
    } else {
      check(!('expiresAt' in command), `${command.type}, a compensation, never expires`);
    }
    if (command.type === 'RefundPayment') world.refundRequested.add(command.data.paymentId);
    if (command.type === 'VoidPayment') world.voidRequested = true;
  }
  if (t.orderOutcome?.status === 'CANCELLED') {
    check(world.chargeSettled, 'never cancelled while the charge outcome is unknown');
  }
  if (t.orderOutcome) world.outcomes.push(t.orderOutcome.status);
  world.visited.add(state.status);

  const kept = [...world.charged].filter((id) => !world.refundRequested.has(id));
  check(kept.length <= 1, 'never two charges kept');
  if (state.status === 'CONFIRMED') {
    check(world.stockReserved, 'CONFIRMED only after StockReserved');
    check(kept.length === 1 && kept[0] === state.paymentId, 'CONFIRMED keeps its one charge');
  }
  const move = `${before.status}>${state.status}:${input.type}`;
  if (before.status !== state.status && isFinal(before.status)) {
    check(ALLOWED_FROM_FINAL.has(move), `final stays final, not ${move}`);
  }
  if (before.status !== state.status && before.status === 'COMPENSATION_FAILED') {
    check(ALLOWED_FROM_PARKED.has(move), `parked moves only by retry or refund, not ${move}`);
  }
  check(world.outcomes.length <= 1, 'the order status changes at most once');
  check(state.orderStatus === (world.outcomes[0] ?? 'PENDING'), 'orderStatus follows outcomes');
  check((state.deadlineAt !== null) === isWaiting(state.status), 'a deadline iff waiting');
  if (t.ignored !== undefined) {
    check(t.state === before && !t.commands.length && !t.log.length, 'ignored changes nothing');
  } else {
    const [entry, ...more] = t.log;
    check(
      entry?.from === before.status && entry.to === state.status && !more.length,
      'one log entry',
    );
  }
  const restored = fromStoredState(JSON.parse(JSON.stringify(toStoredState(state))));
  check(isDeepStrictEqual(restored, state), 'the state survives a JSON round trip');
  return broken;
};

const runSequence = (seed: number, world: World, broken: string[]): CheckoutSagaState => {
  const random = prng(seed);
  let now = kit.T0;
  let state = startCheckout(kit.ORDER, { now, policy: kit.POLICY }).state;
  const feed = (input: CheckoutSagaInput) => {
    const transition = handleCheckoutInput(state, input, { now, policy: kit.POLICY });
    const found = checkStep(world, state, input, transition);
    broken.push(
      ...found.map((invariant) => `seed ${seed}, ${input.type} in ${state.status}: ${invariant}`),
    );
    state = transition.state;
  };
  for (let step = 0; step < 25; step++) {
    now = new Date(now.getTime() + Math.floor(random() * 40_000));
    feed(randomInput(random));
  }
  // Then nobody answers any more: every deadline passes until the saga stops waiting.
  for (let guard = 0; state.deadlineAt !== null && guard < 20; guard++) {
    now = state.deadlineAt > now ? state.deadlineAt : now;
    feed(kit.deadlinePassed);
  }
  return state;
};

describe('checkout saga: invariants under random input sequences', () => {
  it('given 1,000 seeded random sequences, when every deadline finally passes, then each charge is kept by a CONFIRMED saga or refunded, and no step breaks an invariant', () => {
    const visited = new Set<CheckoutSagaStatus>();
    const broken: string[] = [];
    for (let seed = 1; seed <= 1_000; seed++) {
      const world: World = {
        charged: new Set(),
        refundRequested: new Set(),
        stockReserved: false,
        chargeSettled: false,
        voidRequested: false,
        outcomes: [],
        visited,
      };
      const state = runSequence(seed, world, broken);

      if (isWaiting(state.status)) broken.push(`seed ${seed}: still ${state.status} at the end`);
      for (const paymentId of world.charged) {
        const keptByConfirmed = state.status === 'CONFIRMED' && state.paymentId === paymentId;
        if (!keptByConfirmed && !world.refundRequested.has(paymentId)) {
          broken.push(`seed ${seed}: charge ${paymentId} neither kept by CONFIRMED nor refunded`);
        }
      }
    }
    expect(broken.slice(0, 20)).toEqual([]);
    // The generator really explores the machine, or the invariants above prove little.
    expect([...visited].sort()).toEqual([
      'CANCELLED',
      'CHARGING',
      'COMPENSATION_FAILED',
      'CONFIRMED',
      'REFUNDING',
      'RESERVING',
      'VOIDING',
    ]);
  });
});
