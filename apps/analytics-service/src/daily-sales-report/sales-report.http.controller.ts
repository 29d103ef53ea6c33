import {
  Controller,
  Get,
  Headers,
  Inject,
  NotFoundException,
  Param,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { calendarDate } from '@pattern-shop/contracts';
import { RequiresScope, ZodValidationPipe } from '@pattern-shop/platform';
import { ReadSalesReportQuery } from './read-sales-report.query.js';

// The same calendar-day rule as reconciliation's `date`: an impossible date is a 400, never a throw.
export const dateParam = calendarDate;

const FORMATS = {
  json: { column: 'report', type: 'application/json; charset=utf-8' },
  csv: { column: 'csv', type: 'text/csv; charset=utf-8' },
  md: { column: 'markdown', type: 'text/markdown; charset=utf-8' },
} as const;

export const formatQuery = z.strictObject({ format: z.enum(['json', 'csv', 'md']).optional() });

/** `?format=` wins; else the Accept header; else JSON. */
const formatFor = (asked: keyof typeof FORMATS | undefined, accept: string | undefined) =>
  asked ??
  (accept?.includes('text/csv') ? 'csv' : accept?.includes('text/markdown') ? 'md' : 'json');

/**
 * GET /reports/daily/:date (operator token): the day's sales report as the nightly job wrote it, as
 * JSON, CSV (`?format=csv` or `Accept: text/csv`) or a Markdown summary (`?format=md`).
 */
@Controller('reports/daily')
export class SalesReportHttpController {
  constructor(@Inject(ReadSalesReportQuery) private readonly reports: ReadSalesReportQuery) {}

  @Get(':date')
  @RequiresScope('operator', 'reading sales reports')
  async dailyReport(
    @Param('date', new ZodValidationPipe(dateParam, 'date')) date: string,
    @Query(new ZodValidationPipe(formatQuery, 'query')) query: z.infer<typeof formatQuery>,
    @Headers('accept') accept: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const format = FORMATS[formatFor(query.format, accept)];
    const report = await this.reports.read(date, format.column);
    if (report === undefined) {
      throw new NotFoundException({
        error: 'Not Found',
        message: `no sales report for ${date}: it is written by the nightly job, or by npm run analytics:job -- sales-report --date ${date}`,
      });
    }
    response
      .status(200)
      .type(format.type)
      .set('last-modified', report.generatedAt.toUTCString())
      .send(report.body);
  }
}
