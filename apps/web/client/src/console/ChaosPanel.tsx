import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Unavailable } from '../Unavailable';
import { ChaosRunView } from './ChaosRunView';
import type { ChaosRunRequest, ChaosScenario, ConsoleApi } from './console-api';
import { type OnRefused, useStaffQuery } from './use-staff-query';

/** The current run, polled fast enough to follow the lab's 5-s progress lines. */
export const useChaosRun = (api: ConsoleApi, onRefused: OnRefused) =>
  useStaffQuery(['chaos-run'], api.chaosRun, onRefused, 2_000);

const Catalogue = ({ items }: { items: readonly ChaosScenario[] }) => (
  <details>
    <summary>The catalogue ({items.length} scenarios)</summary>
    <table data-testid="chaos-catalogue">
      <thead>
        <tr>
          <th>scenario</th>
          <th>pattern</th>
          <th>the failure it shows</th>
          <th>at stake</th>
        </tr>
      </thead>
      <tbody>
        {items.map((s) => (
          <tr key={s.name}>
            <td>{s.name}</td>
            <td>{s.pattern}</td>
            <td>{s.shows}</td>
            <td>{s.atStake}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </details>
);

const StartForm = ({
  items,
  busy,
  onStart,
}: {
  items: readonly ChaosScenario[];
  busy: boolean;
  onStart: (request: ChaosRunRequest) => void;
}) => {
  const [draft, setDraft] = useState<ChaosRunRequest>({
    scenario: items[0]?.name ?? '',
    rate: 2,
    durationS: 12,
    seed: 1,
  });
  const number = (key: 'rate' | 'durationS' | 'seed', label: string, min: number, max: number) => (
    <label>
      {label}{' '}
      <input
        type="number"
        name={key}
        min={min}
        max={max}
        value={draft[key]}
        onChange={(event) => setDraft({ ...draft, [key]: Number(event.target.value) })}
      />{' '}
    </label>
  );
  return (
    <form
      data-testid="chaos-start"
      onSubmit={(event) => {
        event.preventDefault();
        onStart(draft);
      }}
    >
      <label>
        scenario{' '}
        <select
          name="scenario"
          value={draft.scenario}
          onChange={(event) => setDraft({ ...draft, scenario: event.target.value })}
        >
          {items.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name} ({s.pattern})
            </option>
          ))}
        </select>
      </label>{' '}
      {number('rate', 'orders/s', 1, 10)}
      {number('durationS', 'seconds of load', 6, 120)}
      {number('seed', 'seed', 1, 1_000_000)}
      <button type="submit" disabled={busy}>
        Start the scenario
      </button>
    </form>
  );
};

/** The chaos lab's scenarios: the catalogue, a form that starts one, its progress and verdict. */
export const ChaosPanel = ({ api, onRefused }: { api: ConsoleApi; onRefused: OnRefused }) => {
  const scenarios = useStaffQuery(['chaos-scenarios'], api.chaosScenarios, onRefused, 60_000);
  const current = useChaosRun(api, onRefused);
  const client = useQueryClient();
  const start = useMutation({
    mutationFn: api.startChaosRun,
    onSettled: () => client.invalidateQueries({ queryKey: ['console', 'chaos-run'] }),
  });
  if (scenarios.isError) return <Unavailable error={scenarios.error} what="the chaos lab" />;
  if (scenarios.data === undefined) return <p>Loading the chaos lab…</p>;
  const run = current.data?.run ?? null;
  return (
    <section data-testid="chaos">
      <h2>Chaos scenarios</h2>
      {!scenarios.data.enabled ? (
        <p className="quiet">
          The chaos lab is off in this web: start web with CHAOS_LAB=1 on a local or workshop stack
          (never in production).
        </p>
      ) : (
        <>
          <Catalogue items={scenarios.data.items} />
          <StartForm
            items={scenarios.data.items}
            busy={start.isPending || run?.state === 'running'}
            onStart={(request) => start.mutate(request)}
          />
          {start.isError ? (
            <Unavailable error={start.error} what="the run" failed="The lab refused the run" />
          ) : null}
          {run === null ? (
            <p className="quiet">No run since web started.</p>
          ) : (
            <ChaosRunView run={run} />
          )}
        </>
      )}
    </section>
  );
};
