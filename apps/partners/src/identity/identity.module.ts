import { Module } from '@nestjs/common';
import { IdentityHandler } from './identity.handler';
import { IdentityService } from './identity.service';

@Module({ controllers: [IdentityHandler], providers: [IdentityService], exports: [IdentityService] })
export class IdentityModule {}
