import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { Rpc } from '@spiffworks/contracts';
import type { CommissionView, Page } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { PlatformServices } from '../platform/platform-services';
import { BulkIdsDto, BulkPayDto, BulkRejectDto, CommissionFiltersDto, PayDto, RejectDto } from './commissions.dto';

/** The commission ledger for admins: review, approve, pay, reject (one line or many), export. */
@Controller('api/commissions')
@Roles('admin')
export class CommissionsController {
  constructor(private readonly services: PlatformServices) {}

  @Get()
  list(@Query() query: CommissionFiltersDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<CommissionView>> {
    return this.services.call('commissions', Rpc.commissions.List, { ...query }, user);
  }

  @Get('export.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="commissions.csv"')
  exportCsv(@Query() query: CommissionFiltersDto, @CurrentUser() user: AuthenticatedUser): Promise<string> {
    return this.services.call('commissions', Rpc.commissions.Export, { ...query }, user);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthenticatedUser): Promise<CommissionView> {
    return this.services.call('commissions', Rpc.commissions.Get, { id }, user);
  }

  @Post('approve')
  @HttpCode(200)
  approveMany(@Body() body: BulkIdsDto, @CurrentUser() user: AuthenticatedUser): Promise<{ items: CommissionView[] }> {
    return this.many(Rpc.commissions.Approve, body, user);
  }

  @Post('pay')
  @HttpCode(200)
  payMany(@Body() body: BulkPayDto, @CurrentUser() user: AuthenticatedUser): Promise<{ items: CommissionView[] }> {
    return this.many(Rpc.commissions.Pay, body, user);
  }

  @Post('reject')
  @HttpCode(200)
  rejectMany(@Body() body: BulkRejectDto, @CurrentUser() user: AuthenticatedUser): Promise<{ items: CommissionView[] }> {
    return this.many(Rpc.commissions.Reject, body, user);
  }

  @Post(':id/approve')
  @HttpCode(200)
  approve(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthenticatedUser): Promise<CommissionView> {
    return this.one(Rpc.commissions.Approve, { ids: [id] }, user);
  }

  @Post(':id/pay')
  @HttpCode(200)
  pay(@Param('id', ParseUUIDPipe) id: string, @Body() body: PayDto, @CurrentUser() user: AuthenticatedUser): Promise<CommissionView> {
    return this.one(Rpc.commissions.Pay, { ids: [id], ...body }, user);
  }

  @Post(':id/reject')
  @HttpCode(200)
  reject(@Param('id', ParseUUIDPipe) id: string, @Body() body: RejectDto, @CurrentUser() user: AuthenticatedUser): Promise<CommissionView> {
    return this.one(Rpc.commissions.Reject, { ids: [id], ...body }, user);
  }

  private async one(pattern: string, body: object, user: AuthenticatedUser): Promise<CommissionView> {
    const [line] = await this.services.call<CommissionView[]>('commissions', pattern, body, user);
    return line;
  }

  private async many(pattern: string, body: object, user: AuthenticatedUser): Promise<{ items: CommissionView[] }> {
    return { items: await this.services.call<CommissionView[]>('commissions', pattern, body, user) };
  }
}
