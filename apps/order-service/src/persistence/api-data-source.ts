import { getDataSourceToken } from '@nestjs/typeorm';

/**
 * The API's own pool of the orders database: POST and GET /orders use it, everything in the
 * background (relay, saga, consumers, metrics) uses the default one. A bulkhead: a broker outage
 * that stalls the relay, or a saga backlog, cannot take the connections requests need.
 */
export const API_DATABASE = 'order-api';
export const API_DATA_SOURCE = getDataSourceToken(API_DATABASE);
