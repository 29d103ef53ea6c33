import { callApi } from './http';

/** Who the browser shops as; `email` only for a signed-in customer (a guest has none). */
export type Session = Readonly<{
  customerId: string;
  token: string;
  expiresAt: string;
  email?: string;
}>;

const KEY = 'pattern-shop.session';

const stored = (): Session | undefined => {
  try {
    const session = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Session | null;
    // A minute of margin: a token that expires mid-checkout would strand the order page.
    return session !== null && Date.parse(session.expiresAt) - Date.now() > 60_000
      ? session
      : undefined;
  } catch {
    return undefined;
  }
};

const remember = (session: Session): Session => {
  localStorage.setItem(KEY, JSON.stringify(session));
  return session;
};

let pending: Promise<Session> | undefined;

/**
 * The identity of this browser: kept in localStorage so the order history survives a reload;
 * a guest from POST /api/session (order-service issues it) on the first visit or once it expired.
 */
export const currentSession = (): Promise<Session> => {
  const session = stored();
  if (session !== undefined) return Promise.resolve(session);
  pending ??= callApi<Session>('/api/session', { method: 'POST' })
    .then(remember)
    .finally(() => (pending = undefined));
  return pending;
};

/** The session in force, if any, without starting one (for showing who is shopping). */
export const knownSession = (): Session | undefined => stored();

/** Signs in (or registers, then is signed in) and shops as that customer from now on. */
export const signIn = async (
  how: 'sign-in' | 'register',
  email: string,
  password: string,
): Promise<Session> => {
  const session = await callApi<Session>(`/api/session/${how}`, {
    method: 'POST',
    body: { email, password },
  });
  return remember({ ...session, email });
};

/** Leaves the customer's identity for a new guest's. */
export const continueAsGuest = async (): Promise<Session> =>
  remember(await callApi<Session>('/api/session', { method: 'POST' }));
