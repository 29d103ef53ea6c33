// The comparison both ways: every connection the system makes is admitted by a policy, and every
// admission a policy makes is a connection the system makes (or a documented one).
import { admittedTraffic, covers, edgeName, type Edge } from './admitted-traffic.js';
import { OUTSIDE_OPERATORS, operatorPods, workloadPods, type K8sObject } from './cluster-pods.js';
import { DECLARED_TRAFFIC } from './declared-traffic.js';
import { appTraffic, kedaTraffic } from './required-traffic.js';

export type Reach = {
  required: Edge[];
  /** Connections made that no policy admits. */
  unadmitted: string[];
  /** Admissions no connection needs. */
  unneeded: string[];
  /** Addresses or selectors that name nothing. */
  problems: string[];
};

export const networkReach = (
  objects: readonly K8sObject[],
  declaredSettings: (app: string) => readonly string[],
): Reach => {
  const made = operatorPods(objects);
  const pods = [...workloadPods(objects), ...made, ...OUTSIDE_OPERATORS];
  const apps = appTraffic(objects, pods, made, declaredSettings);
  const required = [...apps.edges, ...kedaTraffic(objects, made), ...DECLARED_TRAFFIC];
  const admitted = admittedTraffic(objects, pods);
  const admits = (need: Edge) =>
    admitted.edges.some(
      (edge) =>
        (edge.from === need.from || edge.from === '*') &&
        edge.to === need.to &&
        covers(edge.port, need.port),
    );
  const needed = (edge: Edge) =>
    required.some(
      (need) => need.from === edge.from && need.to === edge.to && need.port === edge.port,
    );
  const unique = (names: string[]) => [...new Set(names)].sort();
  return {
    required,
    unadmitted: unique(required.filter((need) => !admits(need)).map(edgeName)),
    unneeded: unique(admitted.edges.filter((edge) => !needed(edge)).map(edgeName)),
    problems: [...apps.problems, ...admitted.problems],
  };
};
