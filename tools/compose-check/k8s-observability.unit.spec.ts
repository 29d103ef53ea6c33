// How the cluster watches the system, read from the manifests: Prometheus finds every app's
// GET /metrics by the usual prometheus.io annotations, and every service sends its traces to
// web's OTLP receiver, which draws each order's journey (docs/web.md), as docker-compose.yml does.
import { describe, expect, it } from '@jest/globals';
import { APP_NAMES, APP_PORTS } from './design-contract.js';
import {
  allManifests,
  containers,
  deploymentNamed,
  environmentOf,
  podAnnotations,
  resolvePort,
} from './k8s-manifests.js';

const manifests = allManifests();
const WEB = 'web';
/** The address compose gives the services too: web's Service, OTLP/HTTP on its default port. */
const WEB_RECEIVER = 'http://web:4318';
const SERVICES = APP_NAMES.filter((app) => app !== WEB);

const environments = (app: string): Record<string, string>[] =>
  containers(deploymentNamed(manifests, app)).map((container) =>
    environmentOf(container, manifests),
  );

describe('k8s manifests: metrics and traces', () => {
  it.each(APP_NAMES)(
    'given %s, then its pods announce GET /metrics on its own port to Prometheus',
    (app) => {
      expect(podAnnotations(deploymentNamed(manifests, app))).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(APP_PORTS[app]),
        'prometheus.io/path': '/metrics',
      });
    },
  );

  it.each(SERVICES)(
    `given %s, then it sends its traces to web's receiver, ${WEB_RECEIVER}`,
    (app) => {
      expect(environments(app).map((env) => env['OTEL_EXPORTER_OTLP_ENDPOINT'])).toEqual([
        WEB_RECEIVER,
      ]);
    },
  );

  it('given web, then its Service forwards 4318 to the receiver its container opens, and web traces nothing itself', () => {
    const [container] = containers(deploymentNamed(manifests, WEB));
    if (container === undefined) throw new Error('the web Deployment has no container');
    const env = environmentOf(container, manifests);
    const receiverPort = Number(env['OTLP_RECEIVER_PORT'] ?? 4318);
    const service = manifests.find(
      (manifest) => manifest.kind === 'Service' && manifest.metadata?.name === WEB,
    );
    const forwarded = (service?.spec?.ports ?? [])
      .filter(({ port }) => port === Number(new URL(WEB_RECEIVER).port))
      .map(({ port, targetPort }) => resolvePort(targetPort ?? port, container));

    expect(forwarded).toEqual([receiverPort]);
    expect(container.ports?.map(({ containerPort }) => containerPort)).toContain(receiverPort);
    expect(env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? '').toBe('');
  });
});
