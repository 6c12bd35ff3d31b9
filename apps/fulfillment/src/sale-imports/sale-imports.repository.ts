import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LogSaleCommand } from '@spiffworks/contracts';
import { ImportRowsRepository, ImportsRepository } from '@spiffworks/imports';
import { SALE_IMPORTS } from './sale-import-kind';

/** Every statement on `sale_imports` (the imports' shared statements, for this table). */
@Injectable()
export class SaleImportsRepository extends ImportsRepository {
  constructor(dataSource: DataSource) {
    super(dataSource, SALE_IMPORTS);
  }
}

/** Every statement on `sale_import_rows`; a row's payload is the sale it says. */
@Injectable()
export class SaleImportRowsRepository extends ImportRowsRepository<LogSaleCommand> {
  constructor(dataSource: DataSource) {
    super(dataSource, SALE_IMPORTS);
  }
}
