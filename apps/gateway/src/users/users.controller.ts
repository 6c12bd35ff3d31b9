import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { Rpc } from '@spiffworks/contracts';
import type { CreateStaffUserCommand, UserView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { UserResponse } from '../auth/auth.responses';
import { IdempotencyKey } from '../platform/idempotency-key';
import { ApiErrors, ApiIdempotencyKey, ApiProtectedErrors, BEARER_AUTH } from '../platform/openapi';
import { PlatformServices } from '../platform/platform-services';

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
  @ApiCreatedResponse({ type: UserResponse, example: { id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', email: 'analyst@spiffworks.local', role: 'analyst', partner_id: null } })
  @ApiErrors(400, [409, 'A user with that email exists.', 'a user with email analyst@spiffworks.local already exists'])
  create(@Body() body: CreateStaffUserDto, @CurrentUser() user: AuthenticatedUser, @IdempotencyKey() key?: string): Promise<UserView> {
    return this.services.create('partners', Rpc.partners.CreateUser, body, user, key);
  }
}
