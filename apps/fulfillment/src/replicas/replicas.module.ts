import { Module } from '@nestjs/common';
import { CatalogProductsRepository } from './catalog-products.repository';
import { PartnerDirectoryRepository } from './partner-directory.repository';
import { ReplicasService } from './replicas.service';
import { SpiffTermsRepository } from './spiff-terms.repository';

const repositories = [PartnerDirectoryRepository, CatalogProductsRepository, SpiffTermsRepository];

@Module({ providers: [ReplicasService, ...repositories], exports: [ReplicasService, ...repositories] })
export class ReplicasModule {}
