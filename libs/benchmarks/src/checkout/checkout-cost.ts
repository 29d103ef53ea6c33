import { type CpuSnapshot, TICKS_PER_SECOND, ticksByGroup } from './cpu-usage.js';

/** What one checkout run cost and delivered, for the side-by-side table. */
export type CheckoutFigures = Readonly<{
  label: string;
  confirmed: number;
  sustainedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU ms per confirmed order of each process of the stack, largest first. */
  cpuMsPerOrder: readonly (readonly [string, number])[];
  /** Their sum: the stack's CPU per confirmed order (the load generator not included). */
  totalCpuMsPerOrder: number;
}>;

/**
 * CPU milliseconds per confirmed order of each group in `stack` between two snapshots. Groups
 * outside the stack (the bench client, an idle broker, other work on the machine) are left out.
 */
export const cpuMsPerConfirmedOrder = (
  before: CpuSnapshot,
  after: CpuSnapshot,
  confirmed: number,
  stack: readonly string[],
): { perGroup: [string, number][]; total: number } => {
  const used = ticksByGroup(before, after);
  const msOf = (group: string) =>
    ((used.get(group) ?? 0) * 1_000) / TICKS_PER_SECOND / Math.max(1, confirmed);
  const perGroup = stack
    .map((group): [string, number] => [group, msOf(group)])
    .sort((a, b) => b[1] - a[1]);
  return { perGroup, total: perGroup.reduce((sum, [, ms]) => sum + ms, 0) };
};

const fixed = (value: number | undefined, digits = 1) =>
  value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);

/** Two decimals, or two significant digits for a ratio under 0.1, so 0.003 does not print as 0.00. */
const ratio = (value: number) => (value < 0.1 ? value.toPrecision(2) : value.toFixed(2));

/**
 * Rows of the side-by-side table: each figure for both stacks and the ratio peer / ours (below 1
 * means the peer needs less, or for throughput delivers less).
 */
export const sideBySideRows = (ours: CheckoutFigures, peer: CheckoutFigures): string[][] => {
  const row = (label: string, a: number | undefined, b: number | undefined, digits = 1) => [
    label,
    fixed(a, digits),
    fixed(b, digits),
    a === undefined || b === undefined || a === 0 ? '-' : ratio(b / a),
  ];
  const groups = [...new Set([...ours.cpuMsPerOrder, ...peer.cpuMsPerOrder].map(([g]) => g))];
  const cpuOf = (figures: CheckoutFigures, group: string) =>
    figures.cpuMsPerOrder.find(([g]) => g === group)?.[1];
  return [
    ['', ours.label, peer.label, 'peer / ours'],
    row('confirmed orders', ours.confirmed, peer.confirmed, 0),
    row('sustained confirmed orders/s', ours.sustainedPerSecond, peer.sustainedPerSecond),
    row('CPU ms per confirmed order, total', ours.totalCpuMsPerOrder, peer.totalCpuMsPerOrder),
    ...groups.map((group) => row(`  ${group}`, cpuOf(ours, group), cpuOf(peer, group))),
    row('POST -> CONFIRMED p50 ms', ours.p50Ms, peer.p50Ms, 0),
    row('POST -> CONFIRMED p99 ms', ours.p99Ms, peer.p99Ms, 0),
  ];
};

export const printSideBySide = (ours: CheckoutFigures, peer: CheckoutFigures): void => {
  for (const [label = '', ...cells] of sideBySideRows(ours, peer)) {
    console.log(`${label.padEnd(36)}${cells.map((cell) => cell.padStart(14)).join('')}`);
  }
};
