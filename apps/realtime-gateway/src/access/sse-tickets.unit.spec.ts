import { describe, expect, it } from '@jest/globals';
import type { VerifiedAccess } from '@pattern-shop/access-tokens';
import { type SseGrant, SseTickets } from './sse-tickets.js';

const orderId = '0b7e6c1e-8d4f-4a57-9a3e-2f1c5d6e7f80';
const otherOrder = '1b7e6c1e-8d4f-4a57-9a3e-2f1c5d6e7f80';
const start = new Date('2026-12-04T10:00:00Z');
const access = (expiresInMs: number): VerifiedAccess => ({
  scope: 'customer',
  customerId: 'c-1',
  expiresAt: new Date(start.getTime() + expiresInMs),
});
const grant: SseGrant = { orderId, access: access(600_000), token: 'tok' };

const ticketsAt = () => {
  const clock = { now: start };
  let next = 0;
  const tickets = new SseTickets({
    ttlMs: 30_000,
    now: () => clock.now,
    newTicket: () => `ticket-${++next}`,
  });
  const advance = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));
  return { tickets, advance };
};

describe('SSE tickets', () => {
  it('given a fresh ticket, when it is redeemed for its order, then the grant comes back, once', () => {
    const { tickets } = ticketsAt();
    const { ticket, expiresAt } = tickets.issue(grant);

    expect(expiresAt).toEqual(new Date(start.getTime() + 30_000));
    expect(tickets.redeem(ticket, orderId)).toEqual({ ok: true, grant });
    expect(tickets.redeem(ticket, orderId)).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: expect.stringMatching(/already used/) },
    });
  });

  it('given a ticket for one order, when redeemed for another, then forbidden, and it is used up', () => {
    const { tickets } = ticketsAt();
    const { ticket } = tickets.issue(grant);

    expect(tickets.redeem(ticket, otherOrder)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(tickets.redeem(ticket, orderId)).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
  });

  it('given a ticket past its TTL, then it is refused as expired', () => {
    const { tickets, advance } = ticketsAt();
    const { ticket } = tickets.issue(grant);

    advance(30_000);

    expect(tickets.redeem(ticket, orderId)).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: expect.stringMatching(/expired/) },
    });
  });

  it('given a token that expires before the TTL, then the ticket expires with the token', () => {
    const { tickets } = ticketsAt();

    const { expiresAt } = tickets.issue({ ...grant, access: access(5_000) });

    expect(expiresAt).toEqual(new Date(start.getTime() + 5_000));
  });

  it('given an unknown ticket, then unauthorized; and expired tickets are forgotten one TTL later', () => {
    const { tickets, advance } = ticketsAt();
    tickets.issue(grant);
    expect(tickets.redeem('made-up', orderId)).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: expect.stringMatching(/unknown/) },
    });

    advance(60_000);
    tickets.sweep();
    expect(tickets.size).toBe(1);
    advance(1);
    tickets.sweep();
    expect(tickets.size).toBe(0);
  });
});
