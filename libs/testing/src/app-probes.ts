import { LOCAL_INFRA } from './local-environment.js';

export type ReceivedMail = Readonly<{ id: string; subject: string }>;

/** The mails MailDev received for one address, oldest first. */
export const mailsTo = async (address: string): Promise<ReceivedMail[]> => {
  const url = `${LOCAL_INFRA.smtp.webUrl}/api/email?to.address=${encodeURIComponent(address)}`;
  return (await (await fetch(url)).json()) as ReceivedMail[];
};

export const deleteMails = async (ids: readonly string[]): Promise<void> => {
  const base = `${LOCAL_INFRA.smtp.webUrl}/api/email`;
  await Promise.all(ids.map((id) => fetch(`${base}/${id}`, { method: 'DELETE' })));
};

/**
 * An app's breaker towards `target`, from its /metrics: 0 closed, 1 half-open, 2 open; NaN when
 * the app exports no such breaker.
 */
export const breakerState = async (appBaseUrl: string, target: string): Promise<number> => {
  const text = await (await fetch(`${appBaseUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('circuit_breaker_state{') && l.includes(`target="${target}"`));
  return Number(line?.split(' ').at(-1));
};
