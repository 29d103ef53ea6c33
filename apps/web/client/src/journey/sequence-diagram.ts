import { patternLabel, type Journey } from './journey-api';

/** A lane name as a mermaid participant id (letters, digits, underscores). */
const laneId = (lane: string): string => lane.replace(/[^A-Za-z0-9]/g, '_');

/** Mermaid reads `;` as a line break and `#` as an entity, so labels must not carry them. */
const safe = (text: string): string =>
  text
    .replace(/[;#\n\r]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** An arrow's text: the message type when one crossed (the list has the rest), so lanes stay close. */
const arrowText = (hop: Journey['hops'][number]): string =>
  hop.pattern === 'saga' ? hop.label : (hop.message?.type ?? hop.label);

/**
 * The journey as a mermaid sequence diagram: a lane per service and broker, an arrow per hop
 * labelled with its number in the list and its pattern, the saga's states as notes. Pure.
 */
export const sequenceDiagramOf = (journey: Pick<Journey, 'lanes' | 'hops'>): string => {
  const lines = ['sequenceDiagram'];
  for (const lane of journey.lanes) lines.push(`  participant ${laneId(lane)} as ${safe(lane)}`);
  journey.hops.forEach((hop, index) => {
    const label = safe(`${index + 1}. [${patternLabel(hop)}] ${arrowText(hop)}`);
    if (hop.pattern === 'saga') {
      lines.push(`  Note over ${laneId(hop.from)}: ${label}`);
      return;
    }
    const arrow = hop.failed ? '-x' : hop.pattern === 'request-response' ? '->>' : '-)';
    lines.push(`  ${laneId(hop.from)}${arrow}${laneId(hop.to)}: ${label}`);
  });
  return lines.join('\n');
};
