/**
 * The secrets that ship in the repository for local development (docker-compose.yml, the
 * native stack's settings): tokens named `local-development-only-…`, and service credentials
 * whose password ends in `_dev` (in a URL, or a `*PASSWORD` variable). Anyone can read them, so a production process refuses them.
 * A list is refused if any entry is one, e.g. a development message-signing key
 * (`local-development-only-message-signing-key:<service>`) among a producer's trusted keys.
 */
const isDevelopmentToken = (value: string): boolean =>
  value.split(',').some((entry) => entry.trim().startsWith('local-development-only-'));

const hasDevelopmentPassword = (value: string): boolean => {
  const credentials = /^[a-z][a-z0-9+.-]*:\/\/[^:@/]*:([^@/]*)@/i.exec(value);
  return credentials?.[1]?.endsWith('_dev') === true;
};

/** A password of its own, e.g. `KAFKA_PASSWORD=order-service_dev`. */
const isDevelopmentPassword = (variable: string, value: string): boolean =>
  variable.endsWith('PASSWORD') && value.endsWith('_dev');

export const DEVELOPMENT_SECRETS_REFUSAL =
  'hold the development defaults from the repository, never production (NODE_ENV=production): set real secrets';

/** Names the variables (never their values) that hold a development secret in production. */
export const developmentSecretsInProductionProblem = (
  env: Readonly<Record<string, string | undefined>>,
): string | undefined => {
  if (env['NODE_ENV'] !== 'production') return undefined;
  const variables = Object.entries(env)
    .filter(
      ([variable, value]) =>
        value !== undefined &&
        (isDevelopmentToken(value) ||
          hasDevelopmentPassword(value) ||
          isDevelopmentPassword(variable, value)),
    )
    .map(([variable]) => variable)
    .sort();
  return variables.length === 0
    ? undefined
    : `${variables.join(', ')} ${DEVELOPMENT_SECRETS_REFUSAL}`;
};
