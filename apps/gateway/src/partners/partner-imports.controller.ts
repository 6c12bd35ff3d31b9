import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode, Rpc } from '@spiffworks/contracts';
import type { PartnerImportRow, PartnerImportView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { PLATFORM_CONFIG } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { IMPORT_ERRORS_PAGE_ROWS, importErrorsFile } from '../imports/import-errors-file';
import { discardUnreadBody, fileUploadRoute, uploadedFile } from '../imports/import-request';
import { receiveImportFile } from '../imports/import-upload';
import type { ImportCalls } from '../imports/import-upload';
import { EXAMPLE_IMPORT_ID, ROWS_PURGED } from '../imports/import.responses';
import { IdempotencyKey } from '../platform/idempotency-key';
import { ApiErrors, ApiIdempotencyKey, ApiProtectedErrors, ApiUuidParam, BEARER_AUTH } from '../platform/openapi';
import type { ErrorEntry } from '../platform/openapi';
import { PlatformServices } from '../platform/platform-services';
import { UuidParam } from '../platform/uuid-param';
import { PARTNER_FILE } from './partner-import-file';
import {
  PARTNER_IMPORT_ERRORS_CSV_EXAMPLE, PARTNER_IMPORT_REQUEST_BODY, PARTNER_IMPORT_UPLOAD_DESCRIPTION, PARTNER_INVITES_CSV_EXAMPLE,
} from './partner-imports.openapi';
import { PartnerImportAcceptedResponse, PartnerImportResponse, partnerImportResponse } from './partner-imports.responses';
import { originOf, partnerInvitesFile } from './partner-invites-file';

/** Where the partner import routes are: the upload, and each import's status, errors.csv and invites.csv under it. */
export const PARTNER_IMPORTS_PATH = 'api/partners/imports';

/** The upload reads its own body, as a stream. */
export const PARTNER_IMPORT_UPLOAD = fileUploadRoute(PARTNER_IMPORTS_PATH);

const NO_IMPORT: ErrorEntry = [ErrorCode.PARTNER_IMPORT_NOT_FOUND, 'No such import.', `partner import ${EXAMPLE_IMPORT_ID} not found`];

/** Invites shown in invites.csv per page asked of the partners service. */
const INVITES_PAGE_ROWS = 5_000;

/** Partner files: uploaded as a stream, registered set by set in the partners service, read back as status, errors.csv and invites.csv. */
@Controller(PARTNER_IMPORTS_PATH)
@Roles('admin')
@ApiTags('partners')
@ApiBearerAuth(BEARER_AUTH)
@ApiProtectedErrors()
export class PartnerImportsController {
  constructor(
    private readonly services: PlatformServices,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Import a partner file (admin)', description: PARTNER_IMPORT_UPLOAD_DESCRIPTION, requestBody: PARTNER_IMPORT_REQUEST_BODY })
  @ApiIdempotencyKey()
  @ApiAcceptedResponse({
    type: PartnerImportAcceptedResponse,
    description: 'The whole file is in and queued; its partners are registered in the background.',
    headers: { Location: { description: "The import's status: `/api/partners/imports/{import_id}`.", schema: { type: 'string' } } },
  })
  @ApiErrors(
    ErrorCode.VALIDATION_FAILED,
    [ErrorCode.IMPORT_FILE_INVALID, 'The header row misses a column (nothing is created), or the file is not CSV (the import is aborted).', 'the first row must be a header naming the columns name, tier, contact_email, status; missing: status'],
    [ErrorCode.PAYLOAD_TOO_LARGE, 'The file is over 100 MB or over 1,000,000 rows after the header; the import is aborted.', 'the file is larger than 100 MB (104857600 bytes); split it into several files'],
    [ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'The body is neither text/csv (UTF-8) nor multipart/form-data.', 'content-type must be text/csv or multipart/form-data, not application/json'],
    [ErrorCode.PARTNER_IMPORT_NOT_RECEIVING, 'The import stopped receiving rows while the file was still coming in.', `partner import ${EXAMPLE_IMPORT_ID} is failed: it receives no more rows`],
  )
  async upload(
    @Req() req: IncomingMessage,
    @Res({ passthrough: true }) res: ServerResponse,
    @CurrentUser() user: AuthenticatedUser,
    @IdempotencyKey() key?: string,
  ): Promise<PartnerImportAcceptedResponse> {
    try {
      const view = await receiveImportFile(await uploadedFile(req), this.callsFor(user, key), PARTNER_FILE, { replayable: key !== undefined });
      res.setHeader('location', `/${PARTNER_IMPORTS_PATH}/${view.id}`);
      return { import_id: view.id, status: view.status };
    } finally {
      discardUnreadBody(req, res);
    }
  }

  @Get(':id')
  @ApiOperation({
    summary: 'The progress and outcome of a partner import (admin)',
    description: 'Poll it after the 202 until `status` is `completed` or `failed`. `errors` lists the first 1,000 rejected rows; errors.csv has every one.',
  })
  @ApiUuidParam('The import id (`import_id` of the 202).')
  @ApiOkResponse({ type: PartnerImportResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, NO_IMPORT)
  async status(@Param('id', UuidParam) id: string, @CurrentUser() user: AuthenticatedUser): Promise<PartnerImportResponse> {
    return partnerImportResponse(await this.services.call(Rpc.partners.GetImport, { import_id: id }, user));
  }

  @Get(':id/errors.csv')
  @ApiOperation({
    summary: "A partner import's rejected rows as CSV (admin)",
    description: "Every rejected row once, by row number: `row,field,reason` (its first fault), then the row's cells as they were in the file (a password cell left empty). Streamed.",
  })
  @ApiUuidParam('The import id.')
  @ApiOkResponse({ description: 'CSV with a header row.', content: { 'text/csv': { schema: { type: 'string' }, example: PARTNER_IMPORT_ERRORS_CSV_EXAMPLE } } })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, NO_IMPORT, ROWS_PURGED)
  async errorsCsv(@Param('id', UuidParam) id: string, @CurrentUser() user: AuthenticatedUser): Promise<StreamableFile> {
    const file = await importErrorsFile((after_row) => this.services.call(Rpc.partners.ImportErrorsPage, { import_id: id, after_row, limit: IMPORT_ERRORS_PAGE_ROWS }, user));
    return new StreamableFile(file, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="partner-import-${id}-errors.csv"` });
  }

  @Get(':id/invites.csv')
  @ApiOperation({
    summary: "A partner import's invite links as CSV (admin)",
    description:
      'Every invited user of the import still to accept, by row: `row,name,contact_email,invite_url,expires_at`. Send each partner its link: it opens the portal, ' +
      'where the user chooses a password (`POST /api/auth/invites/accept`) and then signs in with its contact email. Shown only for `INVITE_LINKS_HOURS` (24) after the import finished, ' +
      'then 410: the links are never stored (only a hash of each token) and appear nowhere else. Treat the file like passwords. Streamed.',
  })
  @ApiUuidParam('The import id.')
  @ApiOkResponse({ description: 'CSV with a header row.', content: { 'text/csv': { schema: { type: 'string' }, example: PARTNER_INVITES_CSV_EXAMPLE } } })
  @ApiErrors(
    ErrorCode.VALIDATION_FAILED,
    NO_IMPORT,
    [ErrorCode.INVITE_LINKS_WITHDRAWN, 'The import finished longer ago than `INVITE_LINKS_HOURS`: its links are gone (the invites still work until they expire; `POST /api/partners/{id}/invite` issues a new one).'],
    ROWS_PURGED,
  )
  async invitesCsv(@Param('id', UuidParam) id: string, @Req() req: IncomingMessage, @CurrentUser() user: AuthenticatedUser): Promise<StreamableFile> {
    const file = await partnerInvitesFile(
      (after_row) => this.services.call(Rpc.partners.ImportInvitesPage, { import_id: id, after_row, limit: INVITES_PAGE_ROWS }, user),
      this.config.PORTAL_URL ?? originOf(req),
    );
    return new StreamableFile(file, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="partner-import-${id}-invites.csv"` });
  }

  private callsFor(user: AuthenticatedUser, key: string | undefined): ImportCalls<PartnerImportRow> {
    return {
      open: (command) => this.services.create(Rpc.partners.OpenImport, command, user, key),
      append: (command) => this.services.call(Rpc.partners.AppendImportRows, command, user),
      close: (command) => this.services.call(Rpc.partners.CloseImport, command, user),
      abort: (command) => this.services.call(Rpc.partners.AbortImport, command, user),
      get: (importId): Promise<PartnerImportView> => this.services.call(Rpc.partners.GetImport, { import_id: importId }, user),
    };
  }
}
