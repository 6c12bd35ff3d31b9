import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Rpc, ErrorCode } from '@spiffworks/contracts';
import type { MilestoneProgressView, Page, SaleReturnView, SaleView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { EXAMPLE, PageOf } from '../platform/common.responses';
import { IdempotencyKey } from '../platform/idempotency-key';
import { ApiErrors, ApiIdempotencyKey, ApiProtectedErrors, ApiUuidParam, BEARER_AUTH } from '../platform/openapi';
import { PlatformServices } from '../platform/platform-services';
import { LogSaleDto, MySalesQueryDto, ReturnSaleDto } from './sales.dto';
import { MyProgressResponse, SaleResponse, SaleReturnResponse } from './sales.responses';
import { UuidParam } from '../platform/uuid-param';

@Controller('api/fulfillment')
@ApiTags('sales')
@ApiBearerAuth(BEARER_AUTH)
@ApiProtectedErrors()
export class SalesController {
  constructor(private readonly services: PlatformServices) {}

  /** A partner logs its own sales (another partner_id is a 403); an admin may log for any partner. */
  @Post('sales')
  @Roles('partner', 'admin')
  @ApiOperation({
    summary: 'Log a sale (partner for itself, admin for any)',
    description:
      "The seed's Step 4. The product must be in one of the partner's active assignments whose period covers `sale_date`. " +
      'The answer carries the commission the ledger books for it (the shared commission rules applied to the sale\'s facts, `pending`), without waiting on the commissions service.',
  })
  @ApiBody({
    type: LogSaleDto,
    examples: {
      seed: {
        summary: "The seed's sale: 2 laptops at 1000 on 2025-01-15",
        value: { partner_id: EXAMPLE.partnerId, product_id: EXAMPLE.productId, quantity: 2, unit_price: 1000, sale_date: '2025-01-15' } satisfies LogSaleDto,
      },
    },
  })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: SaleResponse, description: 'The sale with its commission: 12 % of 2000 = 240, spiff 100 × 2 = 200, total 440.' })
  @ApiErrors(
    [ErrorCode.VALIDATION_FAILED, 'Invalid input, an unknown partner or product, or a sale_date in the future.', 'sale_date must not be in the future'],
    [ErrorCode.NOT_YOUR_PARTNER, 'A partner logging for another partner, or a role other than partner and admin.', 'a partner logs sales for itself only'],
    [ErrorCode.PARTNER_ACCOUNT_INACTIVE, "The caller's partner is not approved (pending or suspended).", 'partner TechCorp Partners Inc. is suspended; it cannot log sales'],
    [ErrorCode.AMOUNT_OUT_OF_RANGE, 'A total the sale would add to is larger than the platform holds.', 'an amount is larger than the platform can hold'],
    [ErrorCode.INVOICE_ALREADY_USED, 'The invoice_number was already used for a sale of this partner.', 'invoice_number INV-2025-0001 was already used for a sale of this partner'],
    [
      ErrorCode.SALE_NOT_COVERED,
      'No active assignment of the partner covers the product on sale_date.',
      'product Test Laptop Pro is not in any active assignment of partner TechCorp Partners Inc. covering 2025-01-15',
    ],
  )
  log(@Body() body: LogSaleDto, @CurrentUser() user: AuthenticatedUser, @IdempotencyKey() key?: string): Promise<SaleView> {
    return this.services.create(Rpc.fulfillment.LogSale, body, user, key);
  }

  /** A partner returns units of its own sale, an admin of any; never more than were sold (422). */
  @Post('sales/:id/returns')
  @Roles('partner', 'admin')
  @ApiOperation({
    summary: 'Return units of a sale (partner its own, admin any)',
    description: 'Takes the units back from the assignments the sale counted toward; the ledger books a clawback line.',
  })
  @ApiUuidParam('The sale id.')
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: SaleReturnResponse })
  @ApiErrors(
    ErrorCode.VALIDATION_FAILED,
    [ErrorCode.SALE_NOT_FOUND, "No such sale (or another partner's).", `sale ${EXAMPLE.saleId} not found`],
    [ErrorCode.RETURN_EXCEEDS_SOLD, 'More units than remain unreturned.', 'cannot return 3 units: 2 of the 2 sold remain'],
  )
  returnSale(
    @Param('id', UuidParam) id: string,
    @Body() body: ReturnSaleDto,
    @CurrentUser() user: AuthenticatedUser,
    @IdempotencyKey() key?: string,
  ): Promise<SaleReturnView> {
    return this.services.create(Rpc.fulfillment.ReturnSale, { ...body, sale_id: id }, user, key);
  }

  @Get('sales/my-sales')
  @Roles('partner')
  @ApiOperation({ summary: "The caller's sales (partner)", description: 'Newest first, each with its commission and status.' })
  @ApiOkResponse({ type: PageOf(SaleResponse) })
  @ApiErrors(ErrorCode.VALIDATION_FAILED)
  mySales(@Query() query: MySalesQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<SaleView>> {
    return this.services.call(Rpc.fulfillment.MySales, { ...query }, user);
  }

  @Get('milestones/my-progress')
  @Roles('partner')
  @ApiOperation({ summary: "The caller's milestone progress (partner)", description: 'Every milestone of its assignments, with progress, percent and whether reached.' })
  @ApiOkResponse({ type: MyProgressResponse })
  myProgress(@CurrentUser() user: AuthenticatedUser): Promise<{ milestones: MilestoneProgressView[] }> {
    return this.services.call(Rpc.fulfillment.MyProgress, {}, user);
  }
}
