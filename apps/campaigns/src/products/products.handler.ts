import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rpc } from '@spiffworks/contracts';
import type { CreateProductCommand, Page, ProductView, RpcRequest } from '@spiffworks/contracts';
import { idempotencyOf } from '@spiffworks/runtime';
import { ProductsService } from './products.service';

@Controller()
export class ProductsHandler {
  constructor(private readonly products: ProductsService) {}

  @MessagePattern(Rpc.campaigns.CreateProduct)
  create(@Payload() request: RpcRequest<CreateProductCommand>): Promise<ProductView> {
    return this.products.create(request.body, idempotencyOf(request, Rpc.campaigns.CreateProduct));
  }

  @MessagePattern(Rpc.campaigns.GetProduct)
  get(@Payload() request: RpcRequest<{ id: string }>): Promise<ProductView> {
    return this.products.get(request.body.id);
  }

  @MessagePattern(Rpc.campaigns.ListProducts)
  list(@Payload() request: RpcRequest<{ page: number; page_size: number }>): Promise<Page<ProductView>> {
    return this.products.list(request.body.page, request.body.page_size);
  }
}
