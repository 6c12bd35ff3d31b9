import { ApiProperty } from '@nestjs/swagger';
import { ImportAcceptedResponse, ImportResponse, importResponse } from '../imports/import.responses';

/** The 202 of a partner file's upload: the file is in; its partners are registered in the background. */
export class PartnerImportAcceptedResponse extends ImportAcceptedResponse {}

/** A partner import's progress and outcome: the same shape as a sales import's. */
export class PartnerImportResponse extends ImportResponse {
  @ApiProperty({ type: 'integer', description: 'Rows registered as partners (each with its portal user) so far.', example: 99_990 })
  override rows_accepted!: number;

  @ApiProperty({ type: 'integer', description: 'Data rows in the file (blank rows left out).', example: 100_000 })
  override rows_total!: number;

  @ApiProperty({ type: String, nullable: true, description: "The uploaded file's name (multipart); null for a bare text/csv body.", example: 'partners-2025.csv' })
  override file_name!: string | null;
}

export const partnerImportResponse = importResponse;
