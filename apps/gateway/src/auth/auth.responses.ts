import { ApiProperty } from '@nestjs/swagger';
import { USER_ROLES, USER_STATUSES } from '@spiffworks/contracts';
import type { UserRole, UserStatus, UserView } from '@spiffworks/contracts';
import { EXAMPLE } from '../platform/common.responses';

export class UserResponse implements UserView {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.partnerUserId })
  id!: string;

  @ApiProperty({ format: 'email', example: 'sales@techcorp.example' })
  email!: string;

  @ApiProperty({ enum: [...USER_ROLES], example: 'partner' })
  role!: UserRole;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "A partner user's partner; null for staff.", example: EXAMPLE.partnerId })
  partner_id!: string | null;

  @ApiProperty({ enum: [...USER_STATUSES], description: '`inactive` once an admin deactivates the user: it cannot sign in. `invited`: a partner user a partner import created, until it accepts its invite.', example: 'active' })
  status!: UserStatus;
}

export class LoginResponse {
  @ApiProperty({ description: 'A JWT: send it as `Authorization: Bearer <access_token>`.', example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1ZDJjOWExMCJ9.c2lnbmF0dXJl' })
  access_token!: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  token_type!: 'Bearer';

  @ApiProperty({ type: () => UserResponse })
  user!: UserResponse;
}
