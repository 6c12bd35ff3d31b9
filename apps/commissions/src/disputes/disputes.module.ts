import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OBJECT_STORE, objectStoreFor } from '@spiffworks/persistence';
import { PLATFORM_CONFIG } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { LedgerModule } from '../ledger/ledger.module';
import { DisputeAttachmentsRepository } from './dispute-attachments.repository';
import { DisputeAttachments } from './dispute-attachments.service';
import { DisputesHandler } from './disputes.handler';
import { LineDisputes } from './line-disputes.service';

/**
 * Disputes of ledger lines: opened by the line's partner (with files, optionally), resolved by an
 * admin (declined, or adjusted by a new line). Files go to the configured object store
 * (OBJECT_STORE=postgres: this service's own database; s3: the bucket, under `dispute-attachments/`).
 */
@Module({
  imports: [LedgerModule],
  controllers: [DisputesHandler],
  providers: [
    LineDisputes,
    DisputeAttachments,
    DisputeAttachmentsRepository,
    { provide: OBJECT_STORE, inject: [PLATFORM_CONFIG, DataSource], useFactory: (config: PlatformConfig, dataSource: DataSource) => objectStoreFor(config, dataSource) },
  ],
})
export class DisputesModule {}
