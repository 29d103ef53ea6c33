import type { CheckPolicy, SystemSnapshot } from './snapshot.js';
import { runOrders, skipped, type Verdict, verdict } from './verdict.js';

/**
 * The nightly reconciliation, run over the window, finds nothing the scenario did not set out
 * to cause. Scoped to the run's customers, only their orders' findings count.
 */
export const reconciliationClean = (snapshot: SystemSnapshot, policy: CheckPolicy): Verdict => {
  const name = 'reconciliation of the window clean';
  const expected =
    policy.expectedFindingKinds.length === 0
      ? 'no findings'
      : `findings only of kind ${policy.expectedFindingKinds.join(', ')}`;
  if (!snapshot.reconciliation.covered) {
    return skipped(name, expected, 'no successful reconciliation run covers the window');
  }
  const ids = new Set(runOrders(snapshot).map((order) => order.orderId));
  const relevant = snapshot.reconciliation.findings.filter(
    (finding) => snapshot.scope.customerIds === undefined || ids.has(finding.orderId),
  );
  const unexpected = relevant.filter(
    (finding) => !policy.expectedFindingKinds.includes(finding.kind),
  );
  const kinds = [...new Set(unexpected.map((finding) => finding.kind))];
  return verdict(
    name,
    expected,
    unexpected.length === 0
      ? `${relevant.length} findings, all expected`
      : `${unexpected.length} unexpected: ${kinds.join(', ')}`,
    unexpected.map((finding) => `${finding.kind}:${finding.orderId}`),
  );
};
