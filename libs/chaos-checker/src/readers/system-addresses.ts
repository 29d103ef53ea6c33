import { SERVICES } from '@pattern-shop/contracts';
import { LOCAL_INFRA } from '@pattern-shop/testing';

/** Where the checker reads the system: the apps' APIs, each service's own database role, brokers. */
export type SystemAddresses = Readonly<{
  apps: Readonly<{
    orders: string;
    payments: string;
    inventory: string;
    analytics: string;
    provider: string;
  }>;
  /** Reads the operators' views (analytics' runs and findings). */
  operatorToken: string;
  /** Reads what the nightly job reads (the services' reconciliation pages). */
  serviceToken: string;
  databases: Readonly<{
    orders: string;
    payments: string;
    inventory: string;
    email: string;
    analytics: string;
  }>;
  analyticsSchema: string;
  rabbitmqUrl: string;
  rabbitmqManagementUrl: string;
  kafkaBrokers: string;
  /** The operator's Kafka login: the checker reads every group and dead-letter topic. */
  kafkaLogin: Readonly<{ username: string; password: string }>;
  smtpWebUrl: string;
}>;

const app = (service: keyof typeof SERVICES) => `http://127.0.0.1:${SERVICES[service].port}`;

/**
 * The stack `infra/local` and `bin/run` start. Always the direct addresses, never the chaos
 * proxies: the judge must not see the system through the fault it is judging.
 */
export const localAddresses = (): SystemAddresses => ({
  apps: {
    orders: app('order-service'),
    payments: app('payment-service'),
    inventory: app('inventory-service'),
    analytics: app('analytics-service'),
    provider: app('payment-provider'),
  },
  operatorToken: LOCAL_INFRA.operatorToken,
  serviceToken: LOCAL_INFRA.serviceToken,
  databases: {
    orders: LOCAL_INFRA.postgres('orders', 'order_service'),
    payments: LOCAL_INFRA.postgres('payments', 'payment_service'),
    inventory: LOCAL_INFRA.postgres('inventory', 'inventory_service'),
    email: LOCAL_INFRA.postgres('email', 'email_service'),
    analytics: LOCAL_INFRA.postgres('analytics', 'analytics_service'),
  },
  analyticsSchema: 'analytics',
  rabbitmqUrl: LOCAL_INFRA.rabbitmqUrl,
  rabbitmqManagementUrl: LOCAL_INFRA.rabbitmqManagementUrl,
  kafkaBrokers: LOCAL_INFRA.kafkaBrokers,
  kafkaLogin: LOCAL_INFRA.kafkaOperatorSasl,
  smtpWebUrl: LOCAL_INFRA.smtp.webUrl,
});
