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
