import { Module } from '@nestjs/common';
import { PLATFORM_CONFIG } from '@spiffworks/runtime';
import type { PlatformConfig } from '@spiffworks/runtime';
import { IdentityHandler } from './identity.handler';
import { IdentityService } from './identity.service';
import { InviteTokens } from './invite-tokens';
import { InvitesRepository } from './invites.repository';
import { UsersRepository } from './users.repository';

@Module({
  controllers: [IdentityHandler],
  providers: [
    IdentityService,
    UsersRepository,
    InvitesRepository,
    { provide: InviteTokens, useFactory: (config: PlatformConfig) => new InviteTokens(config.JWT_SECRET), inject: [PLATFORM_CONFIG] },
  ],
  exports: [IdentityService, UsersRepository, InvitesRepository, InviteTokens],
})
export class IdentityModule {}
