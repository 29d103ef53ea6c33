import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Unavailable } from '../Unavailable';
import type { ConsoleApi, Knobs } from './console-api';
import { type OnRefused, useStaffQuery } from './use-staff-query';

const KNOBS: ReadonlyArray<{ key: keyof Knobs; label: string; max: number; step: number }> = [
  { key: 'latencyMs', label: 'latency (ms)', max: 60_000, step: 50 },
  { key: 'latencyJitterMs', label: 'latency jitter (ms)', max: 60_000, step: 50 },
  { key: 'errorRate', label: 'error rate', max: 1, step: 0.05 },
  { key: 'declineRate', label: 'decline rate', max: 1, step: 0.05 },
  { key: 'refundErrorRate', label: 'refund failure rate', max: 1, step: 0.05 },
];

/** payment-provider's knobs: what they are now, and a form that replaces them all at once. */
export const ProviderKnobsPanel = ({
  api,
  onRefused,
}: {
  api: ConsoleApi;
  onRefused: OnRefused;
}) => {
  const knobs = useStaffQuery(['knobs'], api.knobs, onRefused);
  const [draft, setDraft] = useState<Knobs>();
  useEffect(() => {
    if (draft === undefined && knobs.data !== undefined) setDraft(knobs.data);
  }, [draft, knobs.data]);
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: api.setKnobs,
    onSuccess: (saved) => setDraft(saved),
    onSettled: () => client.invalidateQueries({ queryKey: ['console', 'knobs'] }),
  });
  if (knobs.isError) return <Unavailable error={knobs.error} what="payment-provider's knobs" />;
  if (draft === undefined) return <p>Loading payment-provider's knobs…</p>;
  return (
    <form
      data-testid="provider-knobs"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(draft);
      }}
    >
      <h2>payment-provider's knobs</h2>
      {KNOBS.map(({ key, label, max, step }) => (
        <label key={key}>
          {label}{' '}
          <input
            type="number"
            name={key}
            min={0}
            max={max}
            step={step}
            value={draft[key]}
            onChange={(event) => setDraft({ ...draft, [key]: Number(event.target.value) })}
          />{' '}
          <span data-testid={`knob-${key}`}>now {knobs.data?.[key] ?? '–'}</span>
        </label>
      ))}
      <button type="submit" disabled={save.isPending}>
        Set the knobs
      </button>
      {save.isError ? (
        <Unavailable error={save.error} what="the knobs" failed="Knobs refused" />
      ) : null}
    </form>
  );
};
