import { callApi } from './http';

export type Session = Readonly<{ customerId: string; token: string; expiresAt: string }>;

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

let pending: Promise<Session> | undefined;

/**
 * The guest identity of this browser: kept in localStorage so the order history survives a
 * reload, minted by POST /api/session on the first visit or once it expired.
 */
export const currentSession = (): Promise<Session> => {
  const session = stored();
  if (session !== undefined) return Promise.resolve(session);
  pending ??= callApi<Session>('/api/session', { method: 'POST' })
    .then((minted) => (localStorage.setItem(KEY, JSON.stringify(minted)), minted))
    .finally(() => (pending = undefined));
  return pending;
};
