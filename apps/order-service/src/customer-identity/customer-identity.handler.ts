import type { DataSource } from 'typeorm';
import { signAccessToken } from '@pattern-shop/access-tokens';
import { customerByEmail, insertCustomer } from '../persistence/customer-rows.js';
import { checkAgainstDecoy, hashPassword, passwordMatches } from './passwords.js';
import type { CustomerSession, Registration, SignIn } from './customer-identity.requests.js';

export type CustomerIdentityDependencies = Readonly<{
  dataSource: DataSource;
  now: () => Date;
  newId: () => string;
  tokens: Readonly<{ secret: string; ttlSeconds: number }>;
}>;

/**
 * The stand-in shop's identity provider: a guest identity on request, registration and sign-in
 * with a password. Each answers a customer token; POST /orders takes the customer from it.
 */
export class CustomerIdentityHandler {
  constructor(private readonly deps: CustomerIdentityDependencies) {}

  /** A guest is only a token: nothing is stored until the guest places an order. */
  guestSession(): CustomerSession {
    return this.sessionOf(`guest-${this.deps.newId()}`);
  }

  async register({ email, password }: Registration): Promise<CustomerSession | 'email-taken'> {
    const id = `cust-${this.deps.newId()}`;
    const stored = await insertCustomer(this.deps.dataSource.manager, {
      id,
      email,
      passwordHash: await hashPassword(password),
      createdAt: this.deps.now(),
    });
    return stored ? this.sessionOf(id) : 'email-taken';
  }

  async signIn({ email, password }: SignIn): Promise<CustomerSession | 'invalid-credentials'> {
    const customer = await customerByEmail(this.deps.dataSource.manager, email);
    const matches = customer
      ? await passwordMatches(password, customer.passwordHash)
      : await checkAgainstDecoy(password);
    return customer && matches ? this.sessionOf(customer.id) : 'invalid-credentials';
  }

  private sessionOf(customerId: string): CustomerSession {
    const now = this.deps.now();
    const { secret, ttlSeconds } = this.deps.tokens;
    const token = signAccessToken({ scope: 'customer', customerId }, { secret, now, ttlSeconds });
    // The token's exp is in whole seconds; expiresAt says the same instant.
    const expiresAt = new Date((Math.floor(now.getTime() / 1000) + ttlSeconds) * 1000);
    return { customerId, token, expiresAt: expiresAt.toISOString() };
  }
}
