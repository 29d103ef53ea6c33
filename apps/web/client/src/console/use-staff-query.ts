import { useQuery, type QueryKey } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ApiError } from '../api/http';

/** Called when the backend refused the token (401, or 403 for another scope's): the page asks again. */
export type OnRefused = () => void;

/** A console read polled every few seconds (the lanes are live); a refusal hands back to the form. */
export const useStaffQuery = <T>(
  key: QueryKey,
  read: () => Promise<T>,
  onRefused: OnRefused,
  everyMs = 5_000,
) => {
  const query = useQuery({
    queryKey: ['console', ...key],
    queryFn: read,
    refetchInterval: everyMs,
  });
  const refused = query.error instanceof ApiError && [401, 403].includes(query.error.status);
  useEffect(() => {
    if (refused) onRefused();
  }, [refused, onRefused]);
  return query;
};
