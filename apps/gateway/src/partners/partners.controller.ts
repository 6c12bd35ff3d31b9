import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Rpc } from '@spiffworks/contracts';
import type { Page, PartnerView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { PageOf } from '../platform/common.responses';
import { IdempotencyKey } from '../platform/idempotency-key';
import { ApiErrors, ApiIdempotencyKey, ApiProtectedErrors, ApiUuidParam, BEARER_AUTH } from '../platform/openapi';
import { PlatformServices } from '../platform/platform-services';
import { CreatePartnerDto, ListPartnersQueryDto, UpdatePartnerDto } from './partners.dto';
import { PartnerResponse } from './partners.responses';

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
  @ApiErrors(400, [409, 'A partner (or user) with that contact_email exists.'])
  create(@Body() body: CreatePartnerDto, @CurrentUser() user: AuthenticatedUser, @IdempotencyKey() key?: string): Promise<PartnerView> {
    return this.services.create('partners', Rpc.partners.Create, body, user, key);
  }

  @Get()
  @ApiOperation({ summary: 'List partners (admin)', description: 'Filter by `tier` and `status`; paged.' })
  @ApiOkResponse({ type: PageOf(PartnerResponse) })
  @ApiErrors(400)
  list(@Query() query: ListPartnersQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<PartnerView>> {
    return this.services.call('partners', Rpc.partners.List, { ...query }, user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One partner (admin)' })
  @ApiUuidParam('The partner id.')
  @ApiOkResponse({ type: PartnerResponse })
  @ApiErrors(400, 404)
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthenticatedUser): Promise<PartnerView> {
    return this.services.call('partners', Rpc.partners.Get, { id }, user);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename a partner or change its tier (admin)', description: 'A partner moved into a tier targeted by a running spiff is assigned at once; one moved out keeps its assignments.' })
  @ApiUuidParam('The partner id.')
  @ApiOkResponse({ type: PartnerResponse })
  @ApiErrors(400, 404)
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdatePartnerDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<PartnerView> {
    return this.services.call('partners', Rpc.partners.Update, { ...body, id }, user);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a partner (admin)', description: 'The partner becomes `approved` and is assigned every running spiff that targets it.' })
  @ApiUuidParam('The partner id.')
  @ApiOkResponse({ type: PartnerResponse })
  @ApiErrors(400, 404)
  approve(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthenticatedUser): Promise<PartnerView> {
    return this.services.call('partners', Rpc.partners.Approve, { id }, user);
  }
}
