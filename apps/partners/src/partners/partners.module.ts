import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { PartnersHandler } from './partners.handler';
import { PartnersRepository } from './partners.repository';
import { PartnersService } from './partners.service';

@Module({ imports: [IdentityModule], controllers: [PartnersHandler], providers: [PartnersService, PartnersRepository], exports: [PartnersService, PartnersRepository] })
export class PartnersModule {}
