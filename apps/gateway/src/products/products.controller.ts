import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { Rpc } from '@spiffworks/contracts';
import type { Page, ProductView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { PageQuery } from '../platform/paging.dto';
import { IdempotencyKey } from '../platform/idempotency-key';
import { PlatformServices } from '../platform/platform-services';
import { CreateProductDto } from './products.dto';

@Controller('api/products')
export class ProductsController {
  constructor(private readonly services: PlatformServices) {}

  @Post()
  @Roles('admin')
  create(@Body() body: CreateProductDto, @CurrentUser() user: AuthenticatedUser, @IdempotencyKey() key?: string): Promise<ProductView> {
    return this.services.create('campaigns', Rpc.campaigns.CreateProduct, body, user, key);
  }

  /** Partners sell from the catalog; analysts read analytics only (DESIGN §4). */
  @Get()
  @Roles('admin', 'partner')
  list(@Query() query: PageQuery, @CurrentUser() user: AuthenticatedUser): Promise<Page<ProductView>> {
    return this.services.call('campaigns', Rpc.campaigns.ListProducts, { ...query }, user);
  }

  @Get(':id')
  @Roles('admin', 'partner')
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthenticatedUser): Promise<ProductView> {
    return this.services.call('campaigns', Rpc.campaigns.GetProduct, { id }, user);
  }
}
