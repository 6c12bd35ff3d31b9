import { ApiProperty } from '@nestjs/swagger';
import { ImportAcceptedResponse, ImportResponse, importResponse } from '../imports/import.responses';

export { EXAMPLE_IMPORT_ID } from '../imports/import.responses';

/** The 202 of an upload: the file is in; its rows are booked in the background. */
export class SaleImportAcceptedResponse extends ImportAcceptedResponse {}

/** A sell-through import's progress and outcome. */
export class SaleImportResponse extends ImportResponse {
  @ApiProperty({ type: 'integer', description: 'Rows booked as sales so far.', example: 19_990 })
  override rows_accepted!: number;
}

export const saleImportResponse = importResponse;
