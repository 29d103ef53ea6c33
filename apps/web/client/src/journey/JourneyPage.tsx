import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from '../App';
import { Unavailable } from '../Unavailable';
import { fetchJourney, type JourneyHop, patternLabel } from './journey-api';
import { SequenceDiagram } from './SequenceDiagram';
import { sequenceDiagramOf } from './sequence-diagram';

/** One hop's message and timing, shown when the hop is clicked. */
const HopDetails = ({ hop }: { hop: JourneyHop }) => (
  <aside className="hop-details" data-testid="hop-details">
    <h3>
      {patternLabel(hop)}: {hop.from} → {hop.to}
    </h3>
    <p>{hop.label}</p>
    <p>
      At {hop.at} (+{hop.afterMs} ms), took {Math.round(hop.durationMs)} ms
    </p>
    {hop.message?.correlationId !== undefined && (
      <p>
        Correlation id: <code data-testid="hop-correlation-id">{hop.message.correlationId}</code>
      </p>
    )}
    {Object.keys(hop.details).length > 0 && <pre>{JSON.stringify(hop.details, null, 2)}</pre>}
    {hop.message?.headers !== undefined && (
      <>
        <h4>Headers</h4>
        <pre>{JSON.stringify(hop.message.headers, null, 2)}</pre>
      </>
    )}
    {hop.message?.envelope !== undefined && (
      <>
        <h4>Envelope</h4>
        <pre>{JSON.stringify(hop.message.envelope, null, 2)}</pre>
      </>
    )}
  </aside>
);

/**
 * Where one order went: a sequence diagram of every hop labelled by pattern, and the list of
 * hops; clicking one shows the message that crossed it. Refreshed while spans keep arriving.
 */
export const JourneyPage = ({ orderId }: { orderId: string }) => {
  const journey = useQuery({
    queryKey: ['journey', orderId],
    queryFn: () => fetchJourney(orderId),
    refetchInterval: 5_000,
  });
  const [selected, setSelected] = useState<string>();
  const hops = journey.data?.hops ?? [];
  const chosen = hops.find((hop) => hop.id === selected);
  return (
    <section className="journey">
      <h1>Journey of order {orderId}</h1>
      <p>
        <Link to={`/orders/${orderId}`}>Back to the order</Link>
        {journey.data !== undefined &&
          ` · saga: ${journey.data.sagaStatus ?? 'unknown'} · ${hops.length} hops from ${journey.data.spans} spans`}
      </p>
      {journey.isError && <Unavailable error={journey.error} what="this journey" />}
      {journey.data !== undefined && <SequenceDiagram text={sequenceDiagramOf(journey.data)} />}
      <div className="journey-hops">
        <ol data-testid="hops">
          {hops.map((hop) => (
            <li key={hop.id} className={hop.failed ? 'failed' : undefined}>
              <button
                type="button"
                data-testid="hop"
                data-pattern={hop.pattern}
                aria-pressed={hop.id === selected}
                onClick={() => setSelected(hop.id)}
              >
                <span className="pattern">[{patternLabel(hop)}]</span> {hop.from} → {hop.to}:{' '}
                {hop.label} <small>+{hop.afterMs} ms</small>
              </button>
            </li>
          ))}
        </ol>
        {chosen !== undefined && <HopDetails hop={chosen} />}
      </div>
    </section>
  );
};
