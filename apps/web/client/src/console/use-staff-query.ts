import { useQuery, type QueryKey } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ApiError } from '../api/http';

/** Called when the backend refused the staff token (401): the page asks for it again. */
export type OnRefused = () => void;

/** A console read polled every few seconds (the lanes are live); a 401 hands back to the form. */
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
  const refused = query.error instanceof ApiError && query.error.status === 401;
  useEffect(() => {
    if (refused) onRefused();
  }, [refused, onRefused]);
  return query;
};
