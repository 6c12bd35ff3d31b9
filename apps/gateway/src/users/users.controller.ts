import { Body, Controller, Post } from '@nestjs/common';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { Rpc } from '@spiffworks/contracts';
import type { CreateStaffUserCommand, UserView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { IdempotencyKey } from '../platform/idempotency-key';
import { PlatformServices } from '../platform/platform-services';

export class CreateStaffUserDto {
  @IsEmail() @MaxLength(320)
  email!: string;

  @IsString() @MinLength(8) @MaxLength(128)
  password!: string;

  /** Partner users are created with their partner (`POST /api/partners` with a password). */
  @IsIn(['admin', 'analyst'])
  role!: CreateStaffUserCommand['role'];
}

@Controller('api/users')
@Roles('admin')
export class UsersController {
  constructor(private readonly services: PlatformServices) {}

  @Post()
  create(@Body() body: CreateStaffUserDto, @CurrentUser() user: AuthenticatedUser, @IdempotencyKey() key?: string): Promise<UserView> {
    return this.services.create('partners', Rpc.partners.CreateUser, body, user, key);
  }
}
