/**
 * @pattern-shop/checkout-saga: the checkout saga (pattern 5) as a pure state machine.
 *
 * One saga per order: CHARGING -> RESERVING -> CONFIRMED, or CANCELLED when the charge is
 * declined, or REFUNDING -> CANCELLED when stock fails after the charge. A charge that gets no
 * answer in time is not taken as "not charged": VOIDING asks payment-service to settle what the
 * provider holds (refunding a charge it finds) before the order is cancelled. A refund or void
 * that keeps failing is retried after the policy's delays, then parks in COMPENSATION_FAILED
 * until a person sends RetryRequested; RepairRequested settles a cancelled order's money again.
 *
 * The runtime (order-service) owns all I/O: it loads the state, calls `startCheckout` or
 * `handleCheckoutInput` with the reply, the passed deadline or the retry request and the current
 * time, then in ONE transaction stores `transition.state`, appends `transition.log`, sends
 * `transition.commands` through the outbox and applies `orderOutcome` / `parked`.
 * An `ignored` transition changes nothing. No clock, no random, no I/O in here.
 *
 * See docs/patterns/05-checkout-saga.md for the state diagram and every failure path.
 */
export * from './checkout-saga.types.js';
export { startCheckout, handleCheckoutInput } from './checkout-saga.js';
export { DEFAULT_CHECKOUT_SAGA_POLICY, isFinal, isParked, isWaiting } from './policy.js';
export { fromStoredState, toStoredState, type StoredCheckoutSagaState } from './stored-state.js';
