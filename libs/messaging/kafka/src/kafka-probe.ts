import type { Admin, Kafka } from 'kafkajs';

/**
 * Readiness of Kafka as this service sees it: the cluster answers a metadata request.
 * One admin client is kept and reused; kafkajs reconnects it on the next request.
 */
export class KafkaProbe {
  readonly name = 'kafka';
  private admin: Admin | undefined;

  constructor(private readonly kafka: Kafka) {}

  readonly check = async (): Promise<void> => {
    this.admin ??= this.kafka.admin({ retry: { retries: 0 } });
    try {
      await this.admin.connect();
      const cluster = await this.admin.describeCluster();
      if (cluster.brokers.length === 0) throw new Error('Kafka cluster has no brokers');
    } catch (error) {
      // A fresh admin next time: a half-dead one can keep failing after the broker is back.
      const stale = this.admin;
      this.admin = undefined;
      await stale.disconnect().catch(() => undefined);
      throw error;
    }
  };

  async close(): Promise<void> {
    await this.admin?.disconnect();
    this.admin = undefined;
  }
}
