import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { CreateProductCommand, TierRates } from '@spiffworks/contracts';
import { IsTierRates, MaxDecimalPlaces } from '../platform/validation';
import { TierRatesSchema } from './products.responses';

export class CreateProductDto implements CreateProductCommand {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Test Laptop Pro' })
  @IsString() @MinLength(1) @MaxLength(200)
  name!: string;

  @ApiProperty({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', description: 'Unique: 1-64 letters, digits, dots, dashes or underscores.', example: 'LAP-PRO' })
  @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: 'sku must be 1-64 letters, digits, dots, dashes or underscores' })
  sku!: string;

  /** The default commission percent, for tiers without their own. */
  @ApiProperty({ type: Number, minimum: 0, maximum: 100, description: 'The default commission percent (at most 4 decimals), for tiers without their own.', example: 10 })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @MaxDecimalPlaces(4) @Min(0) @Max(100)
  commission_rate!: number;

  @ApiPropertyOptional({ type: () => TierRatesSchema, description: 'Percent per tier (known tiers only, 0 to 100).', example: { gold: 12, platinum: 15 } })
  @IsOptional() @IsTierRates()
  commission_rates?: TierRates;
}
