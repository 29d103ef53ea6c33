import { z } from 'zod';

/** The shape only: order-service judges the address and the password's length. */
export const credentials = z.strictObject({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1_024),
});
export type Credentials = z.infer<typeof credentials>;
