import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropImportUpkeepDdl, importUpkeepDdl } from '@spiffworks/imports';
import { SALE_IMPORTS } from '../sale-imports/sale-import-kind';

/**
 * Sale imports' upkeep (every import's, libs/imports): when an upload last showed life, so one that
 * stopped arriving is failed, and when the retention purge took a finished import's rows. Backward
 * compatible: the release before neither reads nor writes the new columns (both have defaults).
 */
export class SaleImportUpkeep1764100000390 implements MigrationInterface {
  name = 'SaleImportUpkeep1764100000390';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of importUpkeepDdl(SALE_IMPORTS)) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of dropImportUpkeepDdl(SALE_IMPORTS)) await runner.query(statement);
  }
}
