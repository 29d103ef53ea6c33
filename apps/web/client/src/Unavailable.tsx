import { ApiError } from './api/http';

/**
 * What the page says when a call failed: which service is down, and that it retries by itself
 * (the queries refetch every few seconds while they fail).
 */
export const Unavailable = ({
  error,
  what,
  failed = `Could not load ${what}`,
}: {
  error: unknown;
  what: string;
  /** What went wrong when no service was down, e.g. a refusal of the order. */
  failed?: string;
}) => {
  const service = error instanceof ApiError ? error.unavailableService : undefined;
  return (
    <p className="problem" role="alert" data-testid="unavailable">
      {service === undefined
        ? `${failed}: ${error instanceof Error ? error.message : String(error)}`
        : `${service} is unavailable, so ${what} cannot be shown right now. Retrying by itself…`}
    </p>
  );
};
