import { Unavailable } from '../Unavailable';
import { useChaosRun } from './ChaosPanel';
import type { ChaosRun, ConsoleApi, FigureUnit, LaneView } from './console-api';
import { LaneChart } from './LaneChart';
import { type OnRefused, useStaffQuery } from './use-staff-query';

const BREAKER = ['closed', 'half-open', 'open'];

const shown = (value: number | null, unit: FigureUnit): string => {
  if (value === null) return '–';
  switch (unit) {
    case 'breaker':
      return BREAKER[value] ?? String(value);
    case 'seconds':
      return `${value.toFixed(value < 10 ? 3 : 0)} s`;
    case 'per-second':
      return `${value.toFixed(2)}/s`;
    case 'timestamp':
      return value === 0 ? 'never' : new Date(value * 1000).toISOString();
    case 'count':
      return String(Math.round(value * 100) / 100);
  }
};

const Lane = ({ lane, markAt }: { lane: LaneView; markAt: number | undefined }) => (
  <article className="lane" data-testid={`lane-${lane.id}`}>
    <h3>{lane.title}</h3>
    {lane.figures.map((figure) => (
      <div key={figure.id} data-testid={`figure-${figure.id}`}>
        <h4>{figure.label}</h4>
        {figure.rows.length === 0 ? (
          <p className="quiet">none</p>
        ) : (
          <table>
            <tbody>
              {figure.rows.map((row) => (
                <tr key={row.series}>
                  <td>{row.series}</td>
                  <td>{shown(row.value, figure.unit)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    ))}
    <LaneChart data={lane.chart.data} title={`${lane.title}, last 15 minutes`} markAt={markAt} />
  </article>
);

/** Where the latest chaos run sits on the lanes' time axis, so its effect can be told apart. */
const ChaosMark = ({ run }: { run: ChaosRun }) => (
  <p className="chaos-mark" data-testid="lanes-chaos-mark">
    Chaos run <strong>{run.scenario}</strong> started at {run.startedAt} ({run.state}); the dashed
    line on each chart marks it.
  </p>
);

/** The seven lanes, read from Prometheus through the backend every few seconds. */
export const LanesPanel = ({ api, onRefused }: { api: ConsoleApi; onRefused: OnRefused }) => {
  const lanes = useStaffQuery(['lanes'], () => api.lanes(15), onRefused);
  const run = useChaosRun(api, onRefused).data?.run ?? undefined;
  const markAt = run === undefined ? undefined : Date.parse(run.startedAt) / 1000;
  return (
    <section>
      <h2>The seven lanes</h2>
      {run === undefined ? null : <ChaosMark run={run} />}
      {lanes.isPending ? (
        <p>Loading the lanes…</p>
      ) : lanes.isError ? (
        <Unavailable error={lanes.error} what="the lanes" />
      ) : (
        <div className="lanes" data-testid="lanes">
          {lanes.data.lanes.map((lane) => (
            <Lane key={lane.id} lane={lane} markAt={markAt} />
          ))}
        </div>
      )}
    </section>
  );
};

/** What Prometheus' alert rules (infra/prometheus/rules) say is firing now. */
export const AlertsPanel = ({ api, onRefused }: { api: ConsoleApi; onRefused: OnRefused }) => {
  const alerts = useStaffQuery(['alerts'], api.alerts, onRefused);
  if (alerts.isPending) return <p>Loading the alerts…</p>;
  if (alerts.isError) return <Unavailable error={alerts.error} what="the alerts" />;
  return (
    <section data-testid="alerts">
      <h2>Firing alerts ({alerts.data.items.length})</h2>
      <ul>
        {alerts.data.items.map((alert) => (
          <li key={`${alert.name} ${alert.labels}`} className={`alert-${alert.severity}`}>
            <strong>{alert.name}</strong> [{alert.severity}] {alert.labels} {alert.summary}
            {alert.since === null ? '' : ` since ${alert.since}`}
          </li>
        ))}
      </ul>
    </section>
  );
};
