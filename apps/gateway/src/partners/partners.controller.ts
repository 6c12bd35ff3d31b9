import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Rpc, ErrorCode } from '@spiffworks/contracts';
import type { Page, PartnerView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { PageOf } from '../platform/common.responses';
import { IdempotencyKey } from '../platform/idempotency-key';
import { ApiErrors, ApiIdempotencyKey, ApiProtectedErrors, ApiUuidParam, BEARER_AUTH } from '../platform/openapi';
import { PlatformServices } from '../platform/platform-services';
import { CreatePartnerDto, ListPartnersQueryDto, UpdatePartnerDto } from './partners.dto';
import { PartnerResponse } from './partners.responses';
import { UuidParam } from '../platform/uuid-param';

@Controller('api/partners')
@Roles('admin')
@ApiTags('partners')
@ApiBearerAuth(BEARER_AUTH)
@ApiProtectedErrors()
export class PartnersController {
  constructor(private readonly services: PlatformServices) {}

  @Post()
  @ApiOperation({ summary: 'Register a partner (admin)', description: 'The partner starts `pending`. With `password`, a partner user signs in with `contact_email`.' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: PartnerResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, [ErrorCode.PARTNER_EMAIL_TAKEN, 'A partner with that contact_email exists.'], [ErrorCode.USER_EMAIL_TAKEN, 'A user with that email exists.'])
  create(@Body() body: CreatePartnerDto, @CurrentUser() user: AuthenticatedUser, @IdempotencyKey() key?: string): Promise<PartnerView> {
    return this.services.create(Rpc.partners.Create, body, user, key);
  }

  @Get()
  @ApiOperation({ summary: 'List partners (admin)', description: 'Filter by `tier` and `status`; paged.' })
  @ApiOkResponse({ type: PageOf(PartnerResponse) })
  @ApiErrors(ErrorCode.VALIDATION_FAILED)
  list(@Query() query: ListPartnersQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<PartnerView>> {
    return this.services.call(Rpc.partners.List, { ...query }, user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One partner (admin)' })
  @ApiUuidParam('The partner id.')
  @ApiOkResponse({ type: PartnerResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.PARTNER_NOT_FOUND)
  get(@Param('id', UuidParam) id: string, @CurrentUser() user: AuthenticatedUser): Promise<PartnerView> {
    return this.services.call(Rpc.partners.Get, { id }, user);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename a partner or change its tier (admin)', description: 'A partner moved into a tier targeted by a running spiff is assigned at once; one moved out keeps its assignments.' })
  @ApiUuidParam('The partner id.')
  @ApiOkResponse({ type: PartnerResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.PARTNER_NOT_FOUND)
  update(
    @Param('id', UuidParam) id: string,
    @Body() body: UpdatePartnerDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<PartnerView> {
    return this.services.call(Rpc.partners.Update, { ...body, id }, user);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a partner (admin)', description: 'The partner (pending, or suspended) becomes `approved` and is assigned every running spiff that targets it.' })
  @ApiUuidParam('The partner id.')
  @ApiOkResponse({ type: PartnerResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.PARTNER_NOT_FOUND)
  approve(@Param('id', UuidParam) id: string, @CurrentUser() user: AuthenticatedUser): Promise<PartnerView> {
    return this.services.call(Rpc.partners.Approve, { id }, user);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Suspend a partner (admin)',
    description: 'The partner becomes `suspended`: its users cannot sign in and their tokens stop working within `ACCOUNT_STATUS_CACHE_SECONDS`; ' +
      'it logs no sales and gets no assignments. Its assignments, sales, ledger lines and analytics stay as they are. ' +
      '`POST /api/partners/{id}/approve` restores it.',
  })
  @ApiUuidParam('The partner id.')
  @ApiOkResponse({ type: PartnerResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.PARTNER_NOT_FOUND)
  suspend(@Param('id', UuidParam) id: string, @CurrentUser() user: AuthenticatedUser): Promise<PartnerView> {
    return this.services.call(Rpc.partners.Suspend, { id }, user);
  }
}
