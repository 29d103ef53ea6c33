import { describe, expect, it } from '@jest/globals';
import { brokenInvariants, checkInvariants } from './check-invariants.js';
import type { SystemSnapshot } from './snapshot.js';
import {
  cleanSnapshot,
  CONFIRMED_ID,
  DECLINED_ID,
  REFUNDED_ID,
  verdictOf,
} from './testing/snapshot-kit.js';

const broken = (snapshot: SystemSnapshot, policy = {}) =>
  brokenInvariants(checkInvariants(snapshot, policy)).map((v) => v.invariant);

const clean = cleanSnapshot();
const MAIL = 'one mail per final order and template';

describe('invariants: one mail per final order, projections, the reconciliation', () => {
  it('given a confirmation delivered twice, then a duplicate, unless the scenario allows one', () => {
    const twice = { orderId: CONFIRMED_ID, template: 'order-confirmed' };
    const snapshot = { ...clean, deliveredMails: [...clean.deliveredMails, twice] };

    expect(broken(snapshot)).toEqual([MAIL]);
    expect(verdictOf(checkInvariants(snapshot), 'mail').observed).toBe(
      '0 missing, 0 with a wrong template, 1 duplicates (0 allowed)',
    );
    expect(broken(snapshot, { allowedDuplicateMails: 1 })).toEqual([]);
  });

  it('given a final order without its mail, then the mail is missing', () => {
    const snapshot = {
      ...clean,
      deliveredMails: clean.deliveredMails.filter((mail) => mail.orderId !== DECLINED_ID),
    };

    expect(verdictOf(checkInvariants(snapshot), 'mail').offenders).toEqual([DECLINED_ID]);
  });

  it('given a confirmation mail for a cancelled order, then a wrong template', () => {
    const wrong = { orderId: REFUNDED_ID, template: 'order-confirmed' };
    const snapshot = { ...clean, sentEmails: [...clean.sentEmails, wrong] };

    expect(broken(snapshot)).toEqual([MAIL]);
    expect(verdictOf(checkInvariants(snapshot), 'mail').offenders).toEqual([REFUNDED_ID]);
  });

  it('given a projection that missed a cancellation, then the projection differs from the orders database', () => {
    const projections = clean.projections.map((p) =>
      p.orderId === DECLINED_ID ? { ...p, cancelled: false } : p,
    );

    const verdict = verdictOf(checkInvariants({ ...clean, projections }), 'projections');

    expect(verdict).toMatchObject({
      result: 'fail',
      observed: '0 missing, 1 different',
      offenders: [DECLINED_ID],
    });
  });

  it('given an order the projection never saw, then it is missing', () => {
    const projections = clean.projections.filter((p) => p.orderId !== CONFIRMED_ID);

    const verdict = verdictOf(checkInvariants({ ...clean, projections }), 'projections');

    expect(verdict.observed).toBe('1 missing, 0 different');
  });

  it('given a finding on a run order, then the reconciliation is not clean, unless the kind is expected', () => {
    const finding = { kind: 'unrefunded_charge', orderId: REFUNDED_ID, detail: 'charged 25.00' };
    const snapshot = { ...clean, reconciliation: { covered: true, findings: [finding] } };

    const verdict = verdictOf(checkInvariants(snapshot), 'reconciliation');

    expect(verdict.offenders).toEqual([`unrefunded_charge:${REFUNDED_ID}`]);
    expect(broken(snapshot, { expectedFindingKinds: ['unrefunded_charge'] })).toEqual([]);
  });

  it('given no reconciliation run over the window, then that invariant is skipped, not passed', () => {
    const snapshot = { ...clean, reconciliation: { covered: false, findings: [] } };

    expect(verdictOf(checkInvariants(snapshot), 'reconciliation')).toMatchObject({
      result: 'skipped',
      observed: 'no successful reconciliation run covers the window',
    });
  });
});
