import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { findSalesReport, type SalesReportFormat } from '../persistence/daily-sales-reports.js';

export type SalesReportDocument = Readonly<{ body: string; generatedAt: Date }>;

/** The day's sales report as the nightly job wrote it, in one of its formats; no transport. */
@Injectable()
export class ReadSalesReportQuery {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  read(day: string, format: SalesReportFormat): Promise<SalesReportDocument | undefined> {
    return findSalesReport(this.dataSource, day, format);
  }
}
