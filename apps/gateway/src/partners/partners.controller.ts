import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { Rpc } from '@spiffworks/contracts';
import type { Page, PartnerView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { IdempotencyKey } from '../platform/idempotency-key';
import { PlatformServices } from '../platform/platform-services';
import { CreatePartnerDto, ListPartnersQueryDto, UpdatePartnerDto } from './partners.dto';

@Controller('api/partners')
@Roles('admin')
export class PartnersController {
  constructor(private readonly services: PlatformServices) {}

  @Post()
  create(@Body() body: CreatePartnerDto, @CurrentUser() user: AuthenticatedUser, @IdempotencyKey() key?: string): Promise<PartnerView> {
    return this.services.create('partners', Rpc.partners.Create, body, user, key);
  }

  @Get()
  list(@Query() query: ListPartnersQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<PartnerView>> {
    return this.services.call('partners', Rpc.partners.List, { ...query }, user);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthenticatedUser): Promise<PartnerView> {
    return this.services.call('partners', Rpc.partners.Get, { id }, user);
  }

  @Patch(':id')
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdatePartnerDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<PartnerView> {
    return this.services.call('partners', Rpc.partners.Update, { ...body, id }, user);
  }

  @Post(':id/approve')
  @HttpCode(200)
  approve(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthenticatedUser): Promise<PartnerView> {
    return this.services.call('partners', Rpc.partners.Approve, { id }, user);
  }
}
