import { appUrl, OPERATOR } from './addresses.js';

const behaviourUrl = () => `${appUrl('payment-provider')}/admin/behaviour`;

const put = async (behaviour: unknown): Promise<void> => {
  const response = await fetch(behaviourUrl(), {
    method: 'PUT',
    headers: { ...OPERATOR, 'content-type': 'application/json' },
    body: JSON.stringify(behaviour),
  });
  if (!response.ok)
    throw new Error(
      `PUT payment-provider /admin/behaviour: ${response.status} ${await response.text()}`,
    );
};

/**
 * Runs `during` with the card processor answering 1.5 s late, so a new order stays PENDING long
 * enough to be shown before its confirmation; its behaviour is put back as it was afterwards.
 */
export const withSlowCardProcessor = async <T>(during: () => Promise<T>): Promise<T> => {
  const response = await fetch(behaviourUrl(), { headers: OPERATOR }).catch((error: unknown) => {
    throw new Error(
      `payment-provider does not answer at ${behaviourUrl()} (${String(error)}): is it running? npm run stack -- status`,
    );
  });
  if (!response.ok)
    throw new Error(
      `payment-provider /admin/behaviour answered ${response.status}: is it running?`,
    );
  const before = (await response.json()) as Record<string, unknown>;
  await put({ ...before, latencyMs: 1_500 });
  try {
    return await during();
  } finally {
    await put(before);
  }
};
