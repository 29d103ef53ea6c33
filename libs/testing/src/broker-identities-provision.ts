import { BROKER_OPERATOR, brokerDefinitions } from './broker-identity-files.js';
import { LOCAL_INFRA } from './local-environment.js';

/**
 * Creates or updates the services' RabbitMQ users on the local broker, as `infra/local/up` does
 * (the same definitions, through the management API): a broker started from an older tree gets
 * them too. Idempotent, one request.
 */
export const provisionBrokerIdentities = async (): Promise<void> => {
  const auth = Buffer.from(`${BROKER_OPERATOR.user}:${BROKER_OPERATOR.password}`).toString(
    'base64',
  );
  const response = await fetch(`${LOCAL_INFRA.rabbitmqManagementUrl}/api/definitions`, {
    method: 'POST',
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
    body: JSON.stringify(brokerDefinitions()),
  });
  if (!response.ok) {
    throw new Error(`POST /api/definitions: ${response.status} ${await response.text()}`);
  }
};
