import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Rpc, ErrorCode } from '@spiffworks/contracts';
import type { Page, ProductView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { EXAMPLE, PageOf } from '../platform/common.responses';
import { ApiErrors, ApiIdempotencyKey, ApiProtectedErrors, ApiUuidParam, BEARER_AUTH } from '../platform/openapi';
import { PageQuery } from '../platform/paging.dto';
import { IdempotencyKey } from '../platform/idempotency-key';
import { PlatformServices } from '../platform/platform-services';
import { CreateProductDto } from './products.dto';
import { ProductResponse } from './products.responses';
import { UuidParam } from '../platform/uuid-param';

@Controller('api/products')
@ApiTags('products')
@ApiBearerAuth(BEARER_AUTH)
@ApiProtectedErrors()
export class ProductsController {
  constructor(private readonly services: PlatformServices) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a product to the catalog (admin)', description: 'Rates are percents; `commission_rates` maps a tier to its own percent.' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: ProductResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, [ErrorCode.PRODUCT_SKU_TAKEN, 'A product with that sku exists.', 'a product with sku LAP-PRO already exists'])
  create(@Body() body: CreateProductDto, @CurrentUser() user: AuthenticatedUser, @IdempotencyKey() key?: string): Promise<ProductView> {
    return this.services.create(Rpc.campaigns.CreateProduct, body, user, key);
  }

  /** Partners sell from the catalog; analysts read analytics only (DESIGN §4). */
  @Get()
  @Roles('admin', 'partner')
  @ApiOperation({ summary: 'The catalog (admin, partner)' })
  @ApiOkResponse({ type: PageOf(ProductResponse) })
  @ApiErrors(ErrorCode.VALIDATION_FAILED)
  list(@Query() query: PageQuery, @CurrentUser() user: AuthenticatedUser): Promise<Page<ProductView>> {
    return this.services.call(Rpc.campaigns.ListProducts, { ...query }, user);
  }

  @Get(':id')
  @Roles('admin', 'partner')
  @ApiOperation({ summary: 'One product (admin, partner)' })
  @ApiUuidParam('The product id.')
  @ApiOkResponse({ type: ProductResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, [ErrorCode.PRODUCT_NOT_FOUND, 'No such product.', `product ${EXAMPLE.productId} not found`])
  get(@Param('id', UuidParam) id: string, @CurrentUser() user: AuthenticatedUser): Promise<ProductView> {
    return this.services.call(Rpc.campaigns.GetProduct, { id }, user);
  }
}
