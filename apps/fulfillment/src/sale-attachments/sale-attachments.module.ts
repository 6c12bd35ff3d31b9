import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OBJECT_STORE, objectStoreFor } from '@spiffworks/persistence';
import { PLATFORM_CONFIG } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { SalesModule } from '../sales/sales.module';
import { SaleAttachmentsHandler } from './sale-attachments.handler';
import { SaleAttachmentsRepository } from './sale-attachments.repository';
import { SaleAttachments } from './sale-attachments.service';

/** Proofs of sale: stored through the configured object store (OBJECT_STORE=postgres|s3). */
@Module({
  imports: [SalesModule],
  controllers: [SaleAttachmentsHandler],
  providers: [
    SaleAttachments,
    SaleAttachmentsRepository,
    { provide: OBJECT_STORE, inject: [PLATFORM_CONFIG, DataSource], useFactory: (config: PlatformConfig, dataSource: DataSource) => objectStoreFor(config, dataSource) },
  ],
})
export class SaleAttachmentsModule {}
