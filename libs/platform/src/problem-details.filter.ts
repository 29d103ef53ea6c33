import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
} from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { currentCorrelationId, type Logger } from '@pattern-shop/observability';
import { isTransientDependencyFailure } from './transient-failure.js';

/** RFC 9457 problem details: the one error shape every endpoint answers with. */
export type ProblemDetails = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance: string;
  correlationId?: string;
  errors?: readonly string[];
};

/**
 * Turns every error into `application/problem+json`. Client errors keep their message;
 * anything unexpected is logged with its stack and answered without internals.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    // An HttpException is an answer the code chose (e.g. a 503 naming the service that is down),
    // even when its message quotes a socket error: only raw errors are classified here.
    const problem =
      !(exception instanceof HttpException) && isTransientDependencyFailure(exception)
        ? this.unavailable(request.path)
        : this.toProblem(exception, request.path);
    if (problem.status === 503 && !response.hasHeader('Retry-After'))
      response.setHeader('Retry-After', '1');
    if (problem.status >= 500) {
      this.logger.error({ err: exception, path: request.path }, 'request failed');
    }
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private unavailable(instance: string): ProblemDetails {
    return {
      type: 'https://pattern-shop.dev/problems/dependency-unavailable',
      title: 'Service Unavailable',
      status: 503,
      detail: 'a dependency of this service is unavailable for a moment; retry shortly',
      instance,
      correlationId: currentCorrelationId(),
    };
  }

  private toProblem(exception: unknown, instance: string): ProblemDetails {
    const correlationId = currentCorrelationId();
    if (!(exception instanceof HttpException)) {
      const status = HttpStatus.INTERNAL_SERVER_ERROR;
      return {
        type: 'about:blank',
        title: 'Internal Server Error',
        status,
        instance,
        correlationId,
      };
    }
    const status = exception.getStatus();
    const body = exception.getResponse();
    const details =
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const message = details['message'] ?? exception.message;
    const errors = Array.isArray(message) ? message.map(String) : undefined;
    return {
      type: typeof details['type'] === 'string' ? details['type'] : 'about:blank',
      title: typeof details['error'] === 'string' ? details['error'] : titleOf(exception, status),
      status,
      detail: errors === undefined ? String(message) : errors.join('; '),
      instance,
      correlationId,
      ...(errors === undefined ? {} : { errors }),
    };
  }
}

/** A bare HttpException (e.g. the body parser's 413, mapped by Nest) is named by its status. */
const titleOf = (exception: HttpException, status: number): string =>
  exception.constructor === HttpException
    ? (STATUS_CODES[status] ?? exception.name)
    : exception.name;
