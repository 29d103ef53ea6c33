import { CHAOS_PROXIES, type ChaosTarget, toxiproxyConfig } from './chaos-proxies.js';

/** The compose service that serves a target (the SMTP sink is `maildev` there). */
export const composeHost = (target: ChaosTarget): string =>
  target === 'smtp' ? 'maildev' : target;

/** infra/docker/toxiproxy.json: the layout, listening on the container, upstreams by service name. */
export const composeToxiproxyJson = (): string =>
  `${JSON.stringify(toxiproxyConfig('0.0.0.0', composeHost), null, 2)}\n`;

/** `CHAOS_<APP>_<TARGET>`: the variable docker-compose.yml reads for that app's address of it. */
export const composeVariable = (app: string, target: ChaosTarget): string =>
  `CHAOS_${app}_${target}`.toUpperCase().replaceAll('-', '_');

/** infra/docker/chaos.env: the chaos profile, and each hop's address pointed at its proxy. */
export const composeChaosEnv = (): string => {
  const lines = CHAOS_PROXIES.flatMap(({ app, target, listenPort }) =>
    // email-service takes the SMTP host and port in two variables.
    target === 'smtp'
      ? [
          `${composeVariable(app, target)}_HOST=toxiproxy`,
          `${composeVariable(app, target)}_PORT=${listenPort}`,
        ]
      : [`${composeVariable(app, target)}=toxiproxy:${listenPort}`],
  );
  return [
    '# Chaos mode in docker compose (docs/chaos.md):',
    '#   docker compose --env-file infra/docker/chaos.env --profile chaos up --build',
    "# Each CHAOS_<APP>_<TARGET> replaces that app's address of that target in docker-compose.yml",
    '# with its Toxiproxy proxy; without this file every address is the target itself.',
    '# Written by tools/local-stack/src/write-chaos-compose-files.ts from the layout in chaos-proxies.ts.',
    'COMPOSE_PROFILES=chaos',
    ...lines,
    '',
  ].join('\n');
};
