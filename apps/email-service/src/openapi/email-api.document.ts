import { serviceDocument } from '@pattern-shop/platform';

/** The OpenAPI document served at /docs-json: email-service works from RabbitMQ; HTTP is health only. */
export const emailApiDocument = () =>
  serviceDocument({
    app: 'email-service',
    description:
      'Mails each final order (pattern 3: a subscriber of shop.events); over HTTP only its ' +
      'health and metrics.',
    paths: {},
  });
