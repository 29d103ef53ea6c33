import { randomBytes } from 'node:crypto';
import type { VerifiedAccess } from '@pattern-shop/access-tokens';
import type { RealtimeError } from '@pattern-shop/realtime-client';

/** What a ticket stands for: one order, followed with one verified token. */
export type SseGrant = Readonly<{ orderId: string; access: VerifiedAccess; token: string }>;

export type IssuedTicket = Readonly<{ ticket: string; expiresAt: Date }>;

export type Redemption =
  Readonly<{ ok: true; grant: SseGrant }> | Readonly<{ ok: false; error: RealtimeError }>;

export type SseTicketSettings = Readonly<{
  ttlMs: number;
  now: () => Date;
  newTicket?: () => string;
}>;

type Entry = SseGrant & { expiresAt: Date; used: boolean };

const ASK_AGAIN = 'POST /sse-tickets with Authorization: Bearer <token> for a new one';

/**
 * Short-lived, single-use tickets that open one SSE stream, so the token itself never goes into
 * a URL (EventSource cannot send headers). Opaque random values kept in this process's memory,
 * with the token they stand for, because the stream needs that token to ask order-service for
 * the current status; docs/security.md says why one gateway's memory is enough.
 */
export class SseTickets {
  private readonly issued = new Map<string, Entry>();
  private readonly newTicket: () => string;

  constructor(private readonly settings: SseTicketSettings) {
    this.newTicket = settings.newTicket ?? (() => randomBytes(24).toString('base64url'));
  }

  /** A ticket valid for `ttlMs`, never past the token's own expiry. */
  issue(grant: SseGrant): IssuedTicket {
    const now = this.settings.now().getTime();
    const expiresAt = new Date(
      Math.min(now + this.settings.ttlMs, grant.access.expiresAt.getTime()),
    );
    const ticket = this.newTicket();
    this.issued.set(ticket, { ...grant, expiresAt, used: false });
    return { ticket, expiresAt };
  }

  /** Uses the ticket up, whatever the answer: a ticket is worth one attempt to open a stream. */
  redeem(ticket: string, orderId: string): Redemption {
    const entry = this.issued.get(ticket);
    if (entry === undefined) return refuse('unauthorized', `unknown SSE ticket: ${ASK_AGAIN}`);
    const wasUsed = entry.used;
    entry.used = true;
    if (wasUsed) return refuse('unauthorized', `this SSE ticket was already used: ${ASK_AGAIN}`);
    if (entry.expiresAt.getTime() <= this.settings.now().getTime()) {
      return refuse('unauthorized', `this SSE ticket expired: ${ASK_AGAIN}`);
    }
    if (entry.orderId !== orderId)
      return refuse('forbidden', 'this SSE ticket is for another order');
    const { access, token } = entry;
    return { ok: true, grant: { orderId, access, token } };
  }

  /**
   * Forgets tickets one TTL past their expiry; until then a reused or late one is told exactly
   * why it is refused.
   */
  sweep(): void {
    const horizon = this.settings.now().getTime() - this.settings.ttlMs;
    for (const [ticket, entry] of this.issued) {
      if (entry.expiresAt.getTime() < horizon) this.issued.delete(ticket);
    }
  }

  get size(): number {
    return this.issued.size;
  }
}

const refuse = (code: RealtimeError['code'], message: string): Redemption => ({
  ok: false,
  error: { code, message },
});
