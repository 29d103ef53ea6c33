import { DataSource } from 'typeorm';
import {
  type ProductAddedData,
  type ProductPriceChangedData,
  QUEUES,
  ROUTING_KEYS,
} from '@pattern-shop/contracts';
import { handleOnce } from '@pattern-shop/messaging-inbox';
import { eventQueueBinding, rabbitConsumer } from '@pattern-shop/messaging-rabbitmq';
import { applyProductAdded, applyProductPriceChanged } from '../persistence/product-replica.js';

/** The inbox name of this consumer in processed_messages. */
const CONSUMER = 'order-service.product-replica';

/**
 * Keeps the product replica from inventory's facts on `order.product-events`. Each fact is
 * applied once (inbox), and acknowledged only after that transaction committed.
 */
export const ProductFactsConsumer = rabbitConsumer({
  binding: eventQueueBinding(QUEUES.orderProductEvents, [
    ROUTING_KEYS.productAdded,
    ROUTING_KEYS.productPriceChanged,
  ]),
  inject: { dataSource: DataSource },
  routes: {
    ProductAdded: ({ dataSource }, fact) =>
      handleOnce(dataSource, CONSUMER, fact.messageId, (tx) =>
        applyProductAdded(tx, fact.data as ProductAddedData, fact.occurredAt),
      ),
    ProductPriceChanged: ({ dataSource }, fact) =>
      handleOnce(dataSource, CONSUMER, fact.messageId, (tx) =>
        applyProductPriceChanged(tx, fact.data as ProductPriceChangedData, fact.occurredAt),
      ),
  },
});
