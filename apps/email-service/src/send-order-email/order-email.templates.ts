import type { OrderCancelled, OrderConfirmed } from '@pattern-shop/contracts';

/** The order facts that send a mail. */
export type OrderEmailFact = OrderConfirmed | OrderCancelled;

export type OrderEmailTemplate = 'order-confirmed' | 'order-cancelled';

/** One mail, rendered; who gets it and who sends it are decided elsewhere. */
export type OrderEmail = Readonly<{
  template: OrderEmailTemplate;
  subject: string;
  text: string;
}>;

/**
 * The facts carry a customer id but no address, and the shop has no customer directory yet.
 * So each customer gets a deterministic address on a reserved test domain: every mail lands in
 * the local SMTP sink, findable by customer, and nothing can reach a real person.
 */
export const recipientOf = (customerId: string): string =>
  `customer-${customerId}@pattern-shop.test`;

const euros = (cents: number): string => (cents / 100).toFixed(2);

/** Renders the mail for a fact. Pure: same fact, same mail. */
export const renderOrderEmail = (fact: OrderEmailFact): OrderEmail => {
  const { orderId } = fact.data;
  if (fact.type === 'OrderConfirmed') {
    const { totalCents, currency } = fact.data;
    return {
      template: 'order-confirmed',
      subject: `Your order ${orderId} is confirmed`,
      text: [
        'Thank you for shopping with Pattern Shop.',
        `Your order ${orderId} is confirmed: payment taken, items reserved.`,
        `Total: ${euros(totalCents)} ${currency}`,
      ].join('\n'),
    };
  }
  return {
    template: 'order-cancelled',
    subject: `Your order ${orderId} was cancelled`,
    text: [
      `We are sorry: your order ${orderId} was cancelled.`,
      `Reason: ${fact.data.reason}`,
      'Any payment taken for it is refunded.',
    ].join('\n'),
  };
};
