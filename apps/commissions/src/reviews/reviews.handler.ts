import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Events, Rpc } from '@spiffworks/contracts';
import type { Actor, CommissionView, ListReviewsQuery, Page, ReviewCommand, ReviewItem, RpcRequest, SaleAttachmentAddedPayload } from '@spiffworks/contracts';
import { OnEvent, Transactions } from '@spiffworks/runtime';
import type { Transaction } from '@spiffworks/runtime';
import { LineReviews } from './line-reviews.service';

@Controller()
export class ReviewsHandler {
  constructor(
    readonly transactions: Transactions,
    private readonly reviews: LineReviews,
  ) {}

  @OnEvent(Events.SaleAttachmentAdded)
  recordAttachment(added: SaleAttachmentAddedPayload, tx: Transaction): Promise<void> {
    return this.reviews.recordAttachment(tx, added);
  }

  @MessagePattern(Rpc.commissions.ListReviews)
  list(@Payload() request: RpcRequest<ListReviewsQuery>): Promise<Page<ReviewItem>> {
    return this.reviews.list(request.body, request.actor as Actor);
  }

  @MessagePattern(Rpc.commissions.Review)
  decide(@Payload() request: RpcRequest<ReviewCommand>): Promise<CommissionView[]> {
    return this.reviews.decide(request.body, request.actor as Actor);
  }
}
