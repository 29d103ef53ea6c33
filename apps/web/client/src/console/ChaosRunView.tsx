import type { ChaosRun } from './console-api';

const RESULT = { pass: 'PASS', fail: 'FAIL', skipped: 'SKIP' } as const;

/** One run: when and how it started, its latest progress lines, and once ended its verdict. */
export const ChaosRunView = ({ run }: { run: ChaosRun }) => (
  <div data-testid="chaos-run" data-state={run.state}>
    <h3>
      {run.scenario}: {run.state}
    </h3>
    <p>
      Started {run.startedAt}, {run.rate} orders/s for {run.durationS} s (seed {run.seed})
      {run.finishedAt === undefined ? '' : `; ended ${run.finishedAt}`}.
    </p>
    {run.problem === undefined ? null : <pre className="problem">{run.problem}</pre>}
    <pre data-testid="chaos-progress">{run.progress.slice(-8).join('\n')}</pre>
    {run.verdict === undefined ? null : (
      <div data-testid="chaos-verdict">
        <p>
          <strong>{run.verdict.outcome.line}</strong> (record: {run.verdict.record})
        </p>
        <table>
          <tbody>
            {run.verdict.verdicts.map((v) => (
              <tr key={v.invariant} className={`verdict-${v.result}`}>
                <td>{v.invariant}</td>
                <td>{v.observed}</td>
                <td>{RESULT[v.result]}</td>
                <td>
                  {v.offenders.length === 0
                    ? ''
                    : `${v.offenders.join(', ')}${v.offenderCount > v.offenders.length ? ` and ${v.offenderCount - v.offenders.length} more` : ''}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )}
  </div>
);
