import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** `items[0].quantity: Too big: expected number to be <=1000` — one line per problem. */
export const describeIssues = (error: z.ZodError): string[] =>
  error.issues.map((issue) => {
    const path = issue.path.reduce<string>(
      (text, part) =>
        typeof part === 'number'
          ? `${text}[${part}]`
          : text
            ? `${text}.${String(part)}`
            : String(part),
      '',
    );
    return path ? `${path}: ${issue.message}` : issue.message;
  });

/**
 * Validates a request part against a zod schema; a mismatch is a 400 problem listing every
 * problem, and the handler never runs, so nothing is written.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly what = 'request body',
  ) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    throw new BadRequestException({
      error: 'Bad Request',
      type: 'https://pattern-shop.dev/problems/validation',
      message: describeIssues(result.error).map((problem) => `${this.what}: ${problem}`),
    });
  }
}
