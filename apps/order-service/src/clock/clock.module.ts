import { Global, Module } from '@nestjs/common';
import { DatabaseClock, DatabaseClockSync } from './database-clock.js';

/** order-service's one clock (the database's), shared by every use case; global for that reason. */
@Global()
@Module({
  providers: [{ provide: DatabaseClock, useFactory: () => new DatabaseClock() }, DatabaseClockSync],
  exports: [DatabaseClock],
})
export class ClockModule {}
