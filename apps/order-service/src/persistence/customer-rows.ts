import type { EntityManager } from 'typeorm';

// The only reader and writer of customers: registration inserts, sign-in reads.

export type CustomerRow = Readonly<{ id: string; email: string; passwordHash: string }>;

/** Inserts the customer; false when the email is taken (the unique index decides, race-free). */
export const insertCustomer = async (
  db: EntityManager,
  customer: CustomerRow & Readonly<{ createdAt: Date }>,
): Promise<boolean> => {
  const inserted: unknown[] = await db.query(
    `INSERT INTO customers (id, email, password_hash, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (email) DO NOTHING
     RETURNING id`,
    [customer.id, customer.email, customer.passwordHash, customer.createdAt],
  );
  return inserted.length === 1;
};

export const customerByEmail = async (
  db: EntityManager,
  email: string,
): Promise<CustomerRow | undefined> => {
  const [row]: { id: string; email: string; password_hash: string }[] = await db.query(
    `SELECT id, email, password_hash FROM customers WHERE email = $1`,
    [email],
  );
  return row && { id: row.id, email: row.email, passwordHash: row.password_hash };
};
