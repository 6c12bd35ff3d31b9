import { Module } from '@nestjs/common';
import { IdentityHandler } from './identity.handler';
import { IdentityService } from './identity.service';
import { UsersRepository } from './users.repository';

@Module({ controllers: [IdentityHandler], providers: [IdentityService, UsersRepository], exports: [IdentityService] })
export class IdentityModule {}
