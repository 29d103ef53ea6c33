/**
 * Polls `probe` until it returns a value other than `undefined`, or fails after `timeoutMs` with
 * the description and the last thing seen, so a failing test says what it was waiting for.
 */
export const waitFor = async <T>(
  description: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs = 30_000, intervalMs = 200 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let lastSeen: unknown = 'nothing yet';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      lastSeen = 'not yet';
    } catch (error) {
      lastSeen = error instanceof Error ? error.message : error;
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${description}; last: ${String(lastSeen)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
};
