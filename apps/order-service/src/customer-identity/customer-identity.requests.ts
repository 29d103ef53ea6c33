import { z } from 'zod';

/** Addresses are compared in lower case, so `Ann@Example.org` and `ann@example.org` are one customer. */
const email = z
  .email('must be an email address')
  .max(254)
  .transform((address) => address.toLowerCase());

/** The body of POST /customers. */
export const registration = z.strictObject({
  email,
  password: z.string().min(12, 'must be at least 12 characters').max(128),
});
export type Registration = z.infer<typeof registration>;

/** The body of POST /sessions: any password is checked, so no length rule tells what is allowed. */
export const signIn = z.strictObject({ email, password: z.string().min(1).max(128) });
export type SignIn = z.infer<typeof signIn>;

/** What every way of getting a customer token answers. */
export const customerSession = z.strictObject({
  customerId: z
    .string()
    .describe('guest-<uuid> for a guest, cust-<uuid> for a registered customer'),
  token: z.string().describe('Bearer token: place orders (POST /orders), read them (GET /orders)'),
  expiresAt: z.iso.datetime(),
});
export type CustomerSession = z.infer<typeof customerSession>;
