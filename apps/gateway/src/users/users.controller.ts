import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Rpc, ErrorCode, SETTABLE_USER_STATUSES, USER_ROLES, USER_STATUSES } from '@spiffworks/contracts';
import type { CreateStaffUserCommand, ListUsersQuery, Page, SettableUserStatus, UpdateUserCommand, UserRole, UserStatus, UserView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { UserResponse } from '../auth/auth.responses';
import { PageOf } from '../platform/common.responses';
import { PageQuery } from '../platform/paging.dto';
import { IdempotencyKey } from '../platform/idempotency-key';
import { ApiErrors, ApiIdempotencyKey, ApiProtectedErrors, ApiUuidParam, BEARER_AUTH } from '../platform/openapi';
import { PlatformServices } from '../platform/platform-services';
import { UuidParam } from '../platform/uuid-param';

export class CreateStaffUserDto implements CreateStaffUserCommand {
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

export class UpdateUserDto implements Omit<UpdateUserCommand, 'id'> {
  /** `inactive`: the user cannot sign in and its tokens stop working; `active` lets it back in. */
  @ApiProperty({
    enum: [...SETTABLE_USER_STATUSES],
    description: '`inactive`: the user cannot sign in and its tokens stop working (within `ACCOUNT_STATUS_CACHE_SECONDS`); `active` lets it back in. ' +
      'An `invited` user becomes active by accepting its invite, not by this.',
    example: 'inactive',
  })
  @IsIn(SETTABLE_USER_STATUSES)
  status!: SettableUserStatus;
}

export class ListUsersQueryDto extends PageQuery implements ListUsersQuery {
  @ApiPropertyOptional({ enum: [...USER_ROLES], description: 'Staff are `admin` and `analyst`.' })
  @IsOptional() @IsIn(USER_ROLES)
  role?: UserRole;

  @ApiPropertyOptional({ enum: [...USER_STATUSES] })
  @IsOptional() @IsIn(USER_STATUSES)
  status?: UserStatus;

  @ApiPropertyOptional({ minLength: 1, maxLength: 320, description: 'Search: a case-insensitive part of the email.', example: 'analyst' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(320)
  q?: string;
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
    return this.services.create(Rpc.partners.CreateUser, body, user, key);
  }

  @Get()
  @ApiOperation({ summary: 'List users (admin)', description: 'Filter by `role` and `status`, search the email with `q`; oldest first, paged.' })
  @ApiOkResponse({ type: PageOf(UserResponse) })
  @ApiErrors(ErrorCode.VALIDATION_FAILED)
  list(@Query() query: ListUsersQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<UserView>> {
    return this.services.call(Rpc.partners.ListUsers, { ...query }, user);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Deactivate or reactivate a user (admin)', description: 'Any user, staff or partner; not your own account.' })
  @ApiUuidParam('The user id.')
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors([ErrorCode.VALIDATION_FAILED, 'A bad status, or deactivating your own account.', 'status cannot deactivate your own account'], ErrorCode.USER_NOT_FOUND)
  update(@Param('id', UuidParam) id: string, @Body() body: UpdateUserDto, @CurrentUser() user: AuthenticatedUser): Promise<UserView> {
    return this.services.call(Rpc.partners.UpdateUser, { ...body, id }, user);
  }
}
