import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, HttpCode, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode, Rpc } from '@spiffworks/contracts';
import type { SaleImportView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { IdempotencyKey } from '../platform/idempotency-key';
import { ApiErrors, ApiIdempotencyKey, ApiProtectedErrors, ApiUuidParam, BEARER_AUTH } from '../platform/openapi';
import type { ErrorEntry } from '../platform/openapi';
import { PlatformServices } from '../platform/platform-services';
import { UuidParam } from '../platform/uuid-param';
import { IMPORT_ERRORS_PAGE_ROWS, importErrorsFile } from '../imports/import-errors-file';
import { discardUnreadBody, fileUploadRoute, uploadedFile } from '../imports/import-request';
import { SALE_IMPORT_REQUEST_BODY, SALE_IMPORT_UPLOAD_DESCRIPTION, IMPORT_ERRORS_CSV_EXAMPLE } from './sale-imports.openapi';
import { receiveSaleFile } from './sale-import-upload';
import type { SaleImportCalls } from './sale-import-upload';
import { ROWS_PURGED } from '../imports/import.responses';
import { EXAMPLE_IMPORT_ID, SaleImportAcceptedResponse, SaleImportResponse, saleImportResponse } from './sale-imports.responses';

/** Where the sales import routes are: the upload, and each import's status and errors.csv under it. */
export const SALE_IMPORTS_PATH = 'api/fulfillment/sales/imports';

/** The upload reads its own body, as a stream. */
export const SALE_IMPORT_UPLOAD = fileUploadRoute(SALE_IMPORTS_PATH);

const NO_IMPORT: ErrorEntry = [ErrorCode.SALE_IMPORT_NOT_FOUND, "No such import (or another partner's).", `sale import ${EXAMPLE_IMPORT_ID} not found`];

/** Sell-through files: uploaded as a stream, booked row by row in fulfillment, read back as status and errors.csv. */
@Controller(SALE_IMPORTS_PATH)
@Roles('partner', 'admin')
@ApiTags('sales')
@ApiBearerAuth(BEARER_AUTH)
@ApiProtectedErrors()
export class SaleImportsController {
  constructor(private readonly services: PlatformServices) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Import a sell-through file (partner its own rows, admin any)', description: SALE_IMPORT_UPLOAD_DESCRIPTION, requestBody: SALE_IMPORT_REQUEST_BODY })
  @ApiIdempotencyKey()
  @ApiAcceptedResponse({
    type: SaleImportAcceptedResponse,
    description: 'The whole file is in and queued; its rows are booked in the background.',
    headers: { Location: { description: 'The import\'s status: `/api/fulfillment/sales/imports/{import_id}`.', schema: { type: 'string' } } },
  })
  @ApiErrors(
    ErrorCode.VALIDATION_FAILED,
    [ErrorCode.IMPORT_FILE_INVALID, 'The header row misses a column (nothing is created), or the file is not CSV (the import is aborted).', 'the first row must be a header naming the columns partner_id, product_id, quantity, unit_price, sale_date, invoice_number; missing: invoice_number'],
    [ErrorCode.PAYLOAD_TOO_LARGE, 'The file is over 100 MB or over 1,000,000 rows after the header; the import is aborted.', 'the file is larger than 100 MB (104857600 bytes); split it into several files'],
    [ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'The body is neither text/csv (UTF-8) nor multipart/form-data.', 'content-type must be text/csv or multipart/form-data, not application/json'],
    [ErrorCode.SALE_IMPORT_NOT_RECEIVING, 'The import stopped receiving rows while the file was still coming in.', `sale import ${EXAMPLE_IMPORT_ID} is failed: it receives no more rows`],
  )
  async upload(
    @Req() req: IncomingMessage,
    @Res({ passthrough: true }) res: ServerResponse,
    @CurrentUser() user: AuthenticatedUser,
    @IdempotencyKey() key?: string,
  ): Promise<SaleImportAcceptedResponse> {
    try {
      const view = await receiveSaleFile(await uploadedFile(req), this.callsFor(user, key), { replayable: key !== undefined });
      res.setHeader('location', `/${SALE_IMPORTS_PATH}/${view.id}`);
      return { import_id: view.id, status: view.status };
    } finally {
      discardUnreadBody(req, res);
    }
  }

  @Get(':id')
  @ApiOperation({
    summary: 'The progress and outcome of an import (partner its own, admin any)',
    description: 'Poll it after the 202 until `status` is `completed` or `failed`. `errors` lists the first 1,000 rejected rows; errors.csv has every one.',
  })
  @ApiUuidParam('The import id (`import_id` of the 202).')
  @ApiOkResponse({ type: SaleImportResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, NO_IMPORT)
  async status(@Param('id', UuidParam) id: string, @CurrentUser() user: AuthenticatedUser): Promise<SaleImportResponse> {
    return saleImportResponse(await this.services.call(Rpc.fulfillment.GetSaleImport, { import_id: id }, user));
  }

  @Get(':id/errors.csv')
  @ApiOperation({
    summary: "An import's rejected rows as CSV (partner its own, admin any)",
    description: "Every rejected row once, by row number: `row,field,reason` (its first fault), then the row's cells as they were in the file, under the file's own header. Streamed.",
  })
  @ApiUuidParam('The import id.')
  @ApiOkResponse({ description: 'CSV with a header row.', content: { 'text/csv': { schema: { type: 'string' }, example: IMPORT_ERRORS_CSV_EXAMPLE } } })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, NO_IMPORT, ROWS_PURGED)
  async errorsCsv(@Param('id', UuidParam) id: string, @CurrentUser() user: AuthenticatedUser): Promise<StreamableFile> {
    const file = await importErrorsFile((after_row) =>
      this.services.call(Rpc.fulfillment.SaleImportErrorsPage, { import_id: id, after_row, limit: IMPORT_ERRORS_PAGE_ROWS }, user));
    return new StreamableFile(file, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="sale-import-${id}-errors.csv"` });
  }

  private callsFor(user: AuthenticatedUser, key: string | undefined): SaleImportCalls {
    return {
      open: (command) => this.services.create(Rpc.fulfillment.OpenSaleImport, command, user, key),
      append: (command) => this.services.call(Rpc.fulfillment.AppendSaleImportRows, command, user),
      close: (command) => this.services.call(Rpc.fulfillment.CloseSaleImport, command, user),
      abort: (command) => this.services.call(Rpc.fulfillment.AbortSaleImport, command, user),
      get: (importId): Promise<SaleImportView> => this.services.call(Rpc.fulfillment.GetSaleImport, { import_id: importId }, user),
    };
  }
}
