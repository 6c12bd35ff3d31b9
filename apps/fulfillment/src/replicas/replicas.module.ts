import { Module } from '@nestjs/common';
import { ReplicasService } from './replicas.service';

@Module({ providers: [ReplicasService], exports: [ReplicasService] })
export class ReplicasModule {}
