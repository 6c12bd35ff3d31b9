import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ProductView, TierRates } from '@spiffworks/contracts';
import { EXAMPLE } from '../platform/common.responses';

/** `{ gold: 12, platinum: 15 }`: a percent per tier; a tier not listed uses `commission_rate`. */
export class TierRatesSchema implements TierRates {
  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: 100 })
  bronze?: number;

  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: 100 })
  silver?: number;

  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: 100, example: 12 })
  gold?: number;

  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: 100, example: 15 })
  platinum?: number;
}

export class ProductResponse implements ProductView {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.productId })
  id!: string;

  @ApiProperty({ example: 'Test Laptop Pro' })
  name!: string;

  @ApiProperty({ example: 'LAP-PRO' })
  sku!: string;

  @ApiProperty({ type: Number, description: 'The default commission percent, for tiers without their own.', example: 10 })
  commission_rate!: number;

  @ApiProperty({ type: () => TierRatesSchema, description: 'Percent per tier; a tier not listed uses `commission_rate`.', example: { gold: 12, platinum: 15 } })
  commission_rates!: TierRatesSchema;

  @ApiProperty({ format: 'date-time', example: '2025-01-02T09:00:00.000Z' })
  created_at!: string;
}
