import { IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { TierRates } from '@spiffworks/contracts';
import { IsTierRates, MaxDecimalPlaces } from '../platform/validation';

export class CreateProductDto {
  @IsString() @MinLength(1) @MaxLength(200)
  name!: string;

  @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: 'sku must be 1-64 letters, digits, dots, dashes or underscores' })
  sku!: string;

  /** The default commission percent, for tiers without their own. */
  @IsNumber({ allowNaN: false, allowInfinity: false }) @MaxDecimalPlaces(4) @Min(0) @Max(100)
  commission_rate!: number;

  @IsOptional() @IsTierRates()
  commission_rates?: TierRates;
}
