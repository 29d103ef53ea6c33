import { Module } from '@nestjs/common';
import { ReplicaQueue } from './replica-queue.js';
import { CatalogueSeeder } from './seed-catalogue.js';

/** The sample catalogue a fresh database starts with, and the queue its replica reads. */
@Module({ providers: [ReplicaQueue, CatalogueSeeder] })
export class CatalogueModule {}
