import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { Rpc } from '@spiffworks/contracts';
import type { MilestoneProgressView, Page, SaleReturnView, SaleView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { IdempotencyKey } from '../platform/idempotency-key';
import { PlatformServices } from '../platform/platform-services';
import { LogSaleDto, MySalesQueryDto, ReturnSaleDto } from './sales.dto';

@Controller('api/fulfillment')
export class SalesController {
  constructor(private readonly services: PlatformServices) {}

  /** A partner logs its own sales (another partner_id is a 403); an admin may log for any partner. */
  @Post('sales')
  @Roles('partner', 'admin')
  log(@Body() body: LogSaleDto, @CurrentUser() user: AuthenticatedUser, @IdempotencyKey() key?: string): Promise<SaleView> {
    return this.services.create('fulfillment', Rpc.fulfillment.LogSale, body, user, key);
  }

  /** A partner returns units of its own sale, an admin of any; never more than were sold (422). */
  @Post('sales/:id/returns')
  @Roles('partner', 'admin')
  returnSale(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReturnSaleDto,
    @CurrentUser() user: AuthenticatedUser,
    @IdempotencyKey() key?: string,
  ): Promise<SaleReturnView> {
    return this.services.create('fulfillment', Rpc.fulfillment.ReturnSale, { ...body, sale_id: id }, user, key);
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
