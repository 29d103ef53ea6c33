/** The request ran past its deadline (or its database wait did): nothing of it was committed. */
export class DeadlinePassed extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'DeadlinePassed';
  }
}

/**
 * Failures that mean "too late or too busy, try again", answered 503 rather than 500: our own
 * deadline, PostgreSQL's statement_timeout (57014), and a pool with no free connection in time.
 */
export const asDeadlinePassed = (error: unknown): DeadlinePassed | undefined => {
  if (error instanceof DeadlinePassed) return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === '57014')
    return new DeadlinePassed('the database did not answer before the deadline');
  if (typeof message === 'string' && message.includes('timeout exceeded when trying to connect'))
    return new DeadlinePassed('no database connection was free in time');
  return undefined;
};
