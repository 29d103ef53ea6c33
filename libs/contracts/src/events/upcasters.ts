import type { MessageEnvelope } from '../envelope.js';
import { isKnownMessageType, latestVersion, type MessageType } from './catalogue.js';
import type { OrderPlacedV1Data, OrderPlacedV2Data } from './order-events.js';

/** Turns valid `data` of version N into `data` of version N + 1. Pure: no clock, no I/O. */
export type Upcaster = (data: unknown) => unknown;

/** Typed at the definition, untyped in the registry: the input was validated before it runs. */
const upcaster =
  <TFrom, TTo>(fn: (data: TFrom) => TTo): Upcaster =>
  (data) =>
    fn(data as TFrom);

/** Every v1 order was shipped within Germany: before v2 the shop delivered nowhere else. */
const orderPlacedV1ToV2 = upcaster((data: OrderPlacedV1Data): OrderPlacedV2Data => ({
  ...data,
  shippingCountry: 'DE',
}));

/**
 * type -> fromVersion -> upcaster to fromVersion + 1. Every version but the latest of a type
 * needs one here; the schema compatibility test refuses a new version without it.
 */
export const UPCASTERS: { readonly [T in MessageType]?: Readonly<Record<number, Upcaster>> } = {
  OrderPlaced: { 1: orderPlacedV1ToV2 },
};

export const hasUpcaster = (type: MessageType, fromVersion: number): boolean => {
  const chain = UPCASTERS[type];
  return chain !== undefined && Object.hasOwn(chain, fromVersion);
};

/**
 * The envelope at the latest version of its type, upcasting step by step (v1 -> v2 -> v3), so
 * each upcaster only ever knows two neighbouring versions. Validate `data` before calling this.
 */
export const upcast = (envelope: MessageEnvelope): MessageEnvelope => {
  const { type } = envelope;
  if (!isKnownMessageType(type)) throw new Error(`cannot upcast unknown message type ${type}`);
  const target = latestVersion(type);
  if (envelope.version > target) {
    throw new Error(`${type} v${envelope.version} is newer than the latest known v${target}`);
  }
  let { version, data } = envelope;
  while (version < target) {
    const step = hasUpcaster(type, version) ? UPCASTERS[type]?.[version] : undefined;
    if (step === undefined) throw new Error(`no upcaster from ${type} v${version}`);
    data = step(data);
    version += 1;
  }
  return { ...envelope, version, data };
};
