import { connect } from 'node:net';
import { type ISocketFactory, Kafka, logLevel, type LogEntry } from 'kafkajs';
import { applyRequestQueueIdleFix } from './request-queue-idle-fix.js';

// Every client of this library gets it, before any connection exists.
applyRequestQueueIdleFix();

/** The structured logger shape kafkajs's messages are forwarded to (pino fits it). */
export type KafkaLogSink = Readonly<{
  error: (fields: object, message: string) => void;
  warn: (fields: object, message: string) => void;
  info: (fields: object, message: string) => void;
  debug: (fields: object, message: string) => void;
}>;

/** A SCRAM-SHA-512 login: each service has its own user, tests and tools the operator's. */
export type KafkaLogin = Readonly<{ username: string; password: string }>;

export type KafkaClientOptions = Readonly<{
  clientId: string;
  brokers: readonly string[];
  logger: KafkaLogSink;
  login: KafkaLogin;
}>;

/**
 * A kafkajs client whose log lines become the service's JSON log lines, and whose requests fail
 * within seconds (not minutes) when the cluster is gone, so callers see the outage.
 */
export const createKafkaClient = ({
  clientId,
  brokers,
  logger,
  login,
}: KafkaClientOptions): Kafka =>
  new Kafka({
    clientId,
    brokers: [...brokers],
    sasl: { mechanism: 'scram-sha-512', ...login },
    connectionTimeout: 1_000,
    requestTimeout: 5_000,
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2_000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => forward(logger, entry),
    socketFactory: plainSocketWithoutNagle,
  });

/**
 * kafkajs's own factory without Nagle's algorithm: with it, a small request written while the
 * previous one is unacknowledged waits for the peer's delayed ack, up to 40 ms on loopback.
 * Plain TCP only, as the brokers here speak it (the default factory also does TLS).
 */
const plainSocketWithoutNagle: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  if (ssl) throw new Error('TLS to Kafka is not configured in this project');
  const socket = connect({ host, port, noDelay: true }, onConnect);
  socket.setKeepAlive(true, 60_000);
  return socket;
};

const forward = (logger: KafkaLogSink, { level, namespace, log }: LogEntry): void => {
  const { message, ...fields } = log;
  const line = { kafkaNamespace: namespace, ...fields };
  if (level === logLevel.ERROR) logger.error(line, message);
  else if (level === logLevel.WARN) logger.warn(line, message);
  else if (level === logLevel.INFO) logger.info(line, message);
  else logger.debug(line, message);
};
