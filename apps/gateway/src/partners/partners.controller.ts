import type { IncomingMessage, ServerResponse } from 'node:http';
import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Rpc, ErrorCode } from '@spiffworks/contracts';
import type { Page, PartnerView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { PLATFORM_CONFIG } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { PageOf } from '../platform/common.responses';
import { IdempotencyKey } from '../platform/idempotency-key';
import { ApiErrors, ApiIdempotencyKey, ApiProtectedErrors, ApiUuidParam, BEARER_AUTH } from '../platform/openapi';
import { PlatformServices } from '../platform/platform-services';
import { CreatePartnerDto, ListPartnersQueryDto, UpdatePartnerDto } from './partners.dto';
import { inviteUrl, originOf } from './partner-invites-file';
import { PartnerInviteResponse, PartnerResponse } from './partners.responses';
import { UuidParam } from '../platform/uuid-param';

@Controller('api/partners')
@Roles('admin')
@ApiTags('partners')
@ApiBearerAuth(BEARER_AUTH)
@ApiProtectedErrors()
export class PartnersController {
  constructor(
    private readonly services: PlatformServices,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

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

  @Post(':id/invite')
  @HttpCode(200)
  @ApiOperation({
    summary: "A new invite link for the partner's user (admin)",
    description:
      'For a partner user still to choose its password whose invite expired or whose link was lost (invites.csv is shown only for `INVITE_LINKS_HOURS`): ' +
      'every earlier invite of the user stops working, and a new one, valid `INVITE_TTL_HOURS`, is answered. Its link appears in this answer only ' +
      '(the platform keeps only a hash of its token): send it to the user. Asking again issues yet another and revokes this one.',
  })
  @ApiUuidParam('The partner id.')
  @ApiOkResponse({ type: PartnerInviteResponse, headers: { 'Cache-Control': { description: '`no-store`: the link is a secret.', schema: { type: 'string' } } } })
  @ApiErrors(
    ErrorCode.VALIDATION_FAILED,
    ErrorCode.PARTNER_NOT_FOUND,
    [ErrorCode.USER_NOT_FOUND, 'The partner has no portal user (registered without a password).', 'partner 3fa85f64-5717-4562-b3fc-2c963f66afa6 has no portal user to invite'],
    [ErrorCode.USER_NOT_INVITABLE, 'The user already chose a password (it signs in with it), or is deactivated.', 'user sales@techcorp.example already chose a password and signs in with it: an invite is only for a user without one'],
  )
  async invite(
    @Param('id', UuidParam) id: string,
    @Req() req: IncomingMessage,
    @Res({ passthrough: true }) res: ServerResponse,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<PartnerInviteResponse> {
    const invite = await this.services.call(Rpc.partners.ReissueInvite, { partner_id: id }, user);
    res.setHeader('cache-control', 'no-store');
    return { user_id: invite.user_id, email: invite.email, invite_url: inviteUrl(this.config.PORTAL_URL ?? originOf(req), invite.token), expires_at: invite.expires_at };
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
