import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rpc } from '@spiffworks/contracts';
import type {
  AcceptInviteCommand, AccountAccessView, CreateStaffUserCommand, ListUsersQuery, Page, RpcRequest, UpdateUserCommand, UserView, VerifyCredentialsCommand,
} from '@spiffworks/contracts';
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

  @MessagePattern(Rpc.partners.UpdateUser)
  updateUser(@Payload() request: RpcRequest<UpdateUserCommand>): Promise<UserView> {
    return this.identity.updateUser(request.body, request.actor);
  }

  @MessagePattern(Rpc.partners.ListUsers)
  listUsers(@Payload() request: RpcRequest<ListUsersQuery>): Promise<Page<UserView>> {
    return this.identity.listUsers(request.body);
  }

  @MessagePattern(Rpc.partners.UserEmails)
  userEmails(@Payload() request: RpcRequest<{ ids: string[] }>): Promise<Record<string, string>> {
    return this.identity.userEmails(request.body.ids);
  }

  @MessagePattern(Rpc.partners.AcceptInvite)
  acceptInvite(@Payload() request: RpcRequest<AcceptInviteCommand>): Promise<UserView> {
    return this.identity.acceptInvite(request.body);
  }

  @MessagePattern(Rpc.partners.AccountAccess)
  accountAccess(@Payload() request: RpcRequest<{ user_id: string }>): Promise<AccountAccessView> {
    return this.identity.accountAccess(request.body.user_id);
  }
}
