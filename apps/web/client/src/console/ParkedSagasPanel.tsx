import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Unavailable } from '../Unavailable';
import type { ConsoleApi } from './console-api';
import { type OnRefused, useStaffQuery } from './use-staff-query';

/** Parked sagas (COMPENSATION_FAILED): why, their step log, and a retry once the cause is fixed. */
export const ParkedSagasPanel = ({ api, onRefused }: { api: ConsoleApi; onRefused: OnRefused }) => {
  const sagas = useStaffQuery(['sagas'], () => api.sagas('COMPENSATION_FAILED'), onRefused);
  const client = useQueryClient();
  const retry = useMutation({
    mutationFn: api.retrySaga,
    onSettled: () => client.invalidateQueries({ queryKey: ['console'] }),
  });
  return (
    <section data-testid="parked-sagas">
      <h2>Parked sagas</h2>
      {retry.isError ? (
        <Unavailable error={retry.error} what="the retry" failed="Retry refused" />
      ) : null}
      {sagas.isPending ? (
        <p>Loading the parked sagas…</p>
      ) : sagas.isError ? (
        <Unavailable error={sagas.error} what="the parked sagas" />
      ) : sagas.data.items.length === 0 ? (
        <p className="quiet">No parked saga.</p>
      ) : (
        sagas.data.items.map((saga) => (
          <details key={saga.orderId} data-testid="parked-saga" data-order-id={saga.orderId}>
            <summary>
              {saga.orderId} {saga.status}, {saga.compensationAttempts} attempts:{' '}
              {saga.lastCompensationFailure ?? '–'}{' '}
              <button
                type="button"
                disabled={retry.isPending}
                onClick={() => retry.mutate(saga.orderId)}
              >
                Retry
              </button>
            </summary>
            <SagaSteps api={api} orderId={saga.orderId} />
          </details>
        ))
      )}
    </section>
  );
};

/** The step log, read when a saga is opened: the list of parked sagas leaves it out. */
const SagaSteps = ({ api, orderId }: { api: ConsoleApi; orderId: string }) => {
  const [wanted, setWanted] = useState(false);
  const saga = useQuery({
    queryKey: ['console', 'saga', orderId],
    queryFn: () => api.saga(orderId),
    enabled: wanted,
  });
  if (!wanted) {
    return (
      <button type="button" onClick={() => setWanted(true)}>
        Show the step log
      </button>
    );
  }
  if (saga.isPending) return <p>Reading the step log…</p>;
  if (saga.isError) return <Unavailable error={saga.error} what="the step log" />;
  return (
    <ol data-testid="saga-steps">
      {saga.data.steps.map((step) => (
        <li key={`${step.at} ${step.input}`}>
          {step.at} {step.input}: {step.from ?? '∅'} → {step.to} {step.note ?? ''}
        </li>
      ))}
    </ol>
  );
};
