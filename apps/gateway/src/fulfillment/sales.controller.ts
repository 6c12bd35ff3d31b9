import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { Rpc } from '@spiffworks/contracts';
import type { MilestoneProgressView, Page, SaleView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { PlatformServices } from '../platform/platform-services';
import { LogSaleDto, MySalesQueryDto } from './sales.dto';

@Controller('api/fulfillment')
export class SalesController {
  constructor(private readonly services: PlatformServices) {}

  /** A partner logs its own sales (another partner_id is a 403); an admin may log for any partner. */
  @Post('sales')
  @Roles('partner', 'admin')
  log(@Body() body: LogSaleDto, @CurrentUser() user: AuthenticatedUser): Promise<SaleView> {
    return this.services.call('fulfillment', Rpc.fulfillment.LogSale, body, user);
  }

  @Get('sales/my-sales')
  @Roles('partner')
  mySales(@Query() query: MySalesQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<SaleView>> {
    return this.services.call('fulfillment', Rpc.fulfillment.MySales, { ...query }, user);
  }

  @Get('milestones/my-progress')
  @Roles('partner')
  myProgress(@CurrentUser() user: AuthenticatedUser): Promise<{ milestones: MilestoneProgressView[] }> {
    return this.services.call('fulfillment', Rpc.fulfillment.MyProgress, {}, user);
  }
}
