import { Body, Controller, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { Rpc, ErrorCode, USER_STATUSES } from '@spiffworks/contracts';
import type { CreateStaffUserCommand, UserStatus, UserView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { UserResponse } from '../auth/auth.responses';
import { IdempotencyKey } from '../platform/idempotency-key';
import { ApiErrors, ApiIdempotencyKey, ApiProtectedErrors, ApiUuidParam, BEARER_AUTH } from '../platform/openapi';
import { PlatformServices } from '../platform/platform-services';
import { UuidParam } from '../platform/uuid-param';

export class CreateStaffUserDto {
  @ApiProperty({ format: 'email', maxLength: 320, example: 'analyst@spiffworks.local' })
  @IsEmail() @MaxLength(320)
  email!: string;

  @ApiProperty({ format: 'password', minLength: 8, maxLength: 128, example: 'a-long-analyst-secret' })
  @IsString() @MinLength(8) @MaxLength(128)
  password!: string;

  /** Partner users are created with their partner (`POST /api/partners` with a password). */
  @ApiProperty({ enum: ['admin', 'analyst'], description: 'Partner users are created with their partner.', example: 'analyst' })
  @IsIn(['admin', 'analyst'])
  role!: CreateStaffUserCommand['role'];
}

export class UpdateUserDto {
  /** `inactive`: the user cannot sign in and its tokens stop working; `active` lets it back in. */
  @ApiProperty({ enum: [...USER_STATUSES], description: '`inactive`: the user cannot sign in and its tokens stop working (within `ACCOUNT_STATUS_CACHE_SECONDS`); `active` lets it back in.', example: 'inactive' })
  @IsIn(USER_STATUSES)
  status!: UserStatus;
}

@Controller('api/users')
@Roles('admin')
@ApiTags('users')
@ApiBearerAuth(BEARER_AUTH)
@ApiProtectedErrors()
export class UsersController {
  constructor(private readonly services: PlatformServices) {}

  @Post()
  @ApiOperation({ summary: 'Create a staff user (admin)', description: 'An admin or an analyst; partner users come with `POST /api/partners` and a password.' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: UserResponse, example: { id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', email: 'analyst@spiffworks.local', role: 'analyst', partner_id: null, status: 'active' } })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, [ErrorCode.USER_EMAIL_TAKEN, 'A user with that email exists.', 'a user with email analyst@spiffworks.local already exists'])
  create(@Body() body: CreateStaffUserDto, @CurrentUser() user: AuthenticatedUser, @IdempotencyKey() key?: string): Promise<UserView> {
    return this.services.create('partners', Rpc.partners.CreateUser, body, user, key);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Deactivate or reactivate a user (admin)', description: 'Any user, staff or partner; not your own account.' })
  @ApiUuidParam('The user id.')
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors([ErrorCode.VALIDATION_FAILED, 'A bad status, or deactivating your own account.', 'status cannot deactivate your own account'], ErrorCode.USER_NOT_FOUND)
  update(@Param('id', UuidParam) id: string, @Body() body: UpdateUserDto, @CurrentUser() user: AuthenticatedUser): Promise<UserView> {
    return this.services.call('partners', Rpc.partners.UpdateUser, { ...body, id }, user);
  }
}
