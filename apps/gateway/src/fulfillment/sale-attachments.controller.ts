import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ErrorCode, Rpc } from '@spiffworks/contracts';
import type { AttachmentView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { IdempotencyKey } from '../platform/idempotency-key';
import { ApiErrors, ApiIdempotencyKey, ApiProtectedErrors, BEARER_AUTH } from '../platform/openapi';
import type { ErrorEntry } from '../platform/openapi';
import { PlatformServices } from '../platform/platform-services';
import { UuidParam } from '../platform/uuid-param';
import { ATTACHMENT_DOWNLOAD_CONTENT, ATTACHMENT_UPLOAD_ERRORS, attachmentDownload, storeUploadedAttachment } from '../platform/attachment-http';
import { AttachmentResponse } from './sale-attachments.responses';

const NO_SALE: ErrorEntry = [ErrorCode.SALE_NOT_FOUND, "No such sale (or another partner's).", 'sale f0e1d2c3-b4a5-4968-8778-695a4b3c2d1e not found'];

/** Proofs of sale: the sale's partner (or an admin) uploads them; the partner and admins download them. */
@Controller('api/fulfillment/sales/:id/attachments')
@Roles('partner', 'admin')
@ApiTags('sales')
@ApiBearerAuth(BEARER_AUTH)
@ApiProtectedErrors()
@ApiParam({ name: 'id', format: 'uuid', description: 'The sale id.' })
export class SaleAttachmentsController {
  constructor(private readonly services: PlatformServices) {}

  @Post()
  @ApiOperation({
    summary: 'Attach a proof of sale (partner its own sales, admin any)',
    description:
      'multipart/form-data with the file in the field `file`: a PDF, PNG or JPEG of at most 10 MB. The type is judged by the file\'s first bytes, ' +
      'never by its name or Content-Type: anything else (an executable named .pdf) is refused (415) and nothing is stored. Streamed: the upload is ' +
      'refused as soon as it shows itself too large or of the wrong type. A sale awaiting review shows its proofs in the admin review queue.',
    requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } } } },
  })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: AttachmentResponse })
  @ApiErrors(
    ErrorCode.VALIDATION_FAILED,
    NO_SALE,
    ...ATTACHMENT_UPLOAD_ERRORS,
  )
  async upload(
    @Param('id', UuidParam) id: string,
    @Req() req: IncomingMessage,
    @Res({ passthrough: true }) res: ServerResponse,
    @CurrentUser() user: AuthenticatedUser,
    @IdempotencyKey() key?: string,
  ): Promise<AttachmentView> {
    return storeUploadedAttachment(req, res, (content_base64) => this.services.create(Rpc.fulfillment.AddSaleAttachment, { sale_id: id, content_base64 }, user, key));
  }

  @Get(':attachment_id')
  @ApiOperation({ summary: 'Download a proof of sale (the sale\'s partner, admins)', description: 'The bytes as stored, with their sniffed type; `X-Content-SHA256` carries their hash.' })
  @ApiParam({ name: 'attachment_id', format: 'uuid', description: 'The attachment id.' })
  @ApiOkResponse({
    description: 'The file.',
    content: ATTACHMENT_DOWNLOAD_CONTENT,
  })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, [ErrorCode.ATTACHMENT_NOT_FOUND, "No such attachment on that sale (or the sale is another partner's).", 'attachment 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e not found'])
  async download(
    @Param('id', UuidParam) id: string,
    @Param('attachment_id', UuidParam) attachmentId: string,
    @Res({ passthrough: true }) res: ServerResponse,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<StreamableFile> {
    const file = await this.services.call(Rpc.fulfillment.GetSaleAttachment, { sale_id: id, attachment_id: attachmentId }, user);
    return attachmentDownload(res, file, `proof-${file.id}`);
  }
}
