import { ApiProperty } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';

const SERVICES_EXAMPLE = {
  partners: { database: 'up', broker: 'up' },
  campaigns: { database: 'up', broker: 'up' },
  fulfillment: { database: 'up', broker: 'up' },
  commissions: { database: 'up', broker: 'up' },
  analytics: { database: 'up', broker: 'up' },
};

const SERVICES_SCHEMA: { type: 'object'; description: string; additionalProperties: SchemaObject } = {
  type: 'object',
  description: "Per service: its checks (`up` or `down` each), or `unreachable` when it did not answer.",
  additionalProperties: {
    oneOf: [
      { type: 'object', additionalProperties: { type: 'string', enum: ['up', 'down'] } },
      { type: 'string', enum: ['unreachable'] },
    ],
  },
};

export class HealthResponse {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status!: 'ok';

  @ApiProperty({ ...SERVICES_SCHEMA, example: SERVICES_EXAMPLE })
  services!: Record<string, Record<string, 'up' | 'down'> | 'unreachable'>;
}

export class HealthDownResponse {
  @ApiProperty({ enum: ['down'], example: 'down' })
  status!: 'down';

  @ApiProperty({ ...SERVICES_SCHEMA, example: { ...SERVICES_EXAMPLE, analytics: 'unreachable' } })
  services!: Record<string, Record<string, 'up' | 'down'> | 'unreachable'>;
}

export class LivenessResponse {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status!: 'ok';
}

/** The checks of a gateway's readiness. */
export class ReadinessChecks {
  @ApiProperty({ enum: ['up', 'down'], example: 'up', description: 'The RPC connection to RabbitMQ (required to be ready).' })
  broker!: 'up' | 'down';

  @ApiProperty({ enum: ['up', 'down'], example: 'up', description: 'The shared login counters (reported only: without Redis each gateway counts on its own).' })
  redis!: 'up' | 'down';
}

export class ReadinessResponse {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status!: 'ok';

  @ApiProperty({ type: ReadinessChecks, example: { broker: 'up', redis: 'up' } })
  checks!: ReadinessChecks;
}

export class ReadinessDownResponse {
  @ApiProperty({ enum: ['down'], example: 'down' })
  status!: 'down';

  @ApiProperty({ type: ReadinessChecks, example: { broker: 'down', redis: 'up' } })
  checks!: ReadinessChecks;
}
