import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rpc } from '@spiffworks/contracts';
import type { CreateStaffUserCommand, RpcRequest, UserView, VerifyCredentialsCommand } from '@spiffworks/contracts';
import { idempotencyOf } from '@spiffworks/runtime';
import { IdentityService } from './identity.service';

@Controller()
export class IdentityHandler {
  constructor(private readonly identity: IdentityService) {}

  @MessagePattern(Rpc.partners.VerifyCredentials)
  verifyCredentials(@Payload() request: RpcRequest<VerifyCredentialsCommand>): Promise<UserView> {
    return this.identity.verifyCredentials(request.body);
  }

  @MessagePattern(Rpc.partners.CreateUser)
  createStaffUser(@Payload() request: RpcRequest<CreateStaffUserCommand>): Promise<UserView> {
    return this.identity.createStaffUser(request.body, idempotencyOf(request, Rpc.partners.CreateUser));
  }
}
