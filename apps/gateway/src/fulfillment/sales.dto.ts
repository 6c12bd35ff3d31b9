import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, IsPositive, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { LogSaleCommand, MySalesQuery, ReturnSaleCommand } from '@spiffworks/contracts';
import { IsCalendarDate, MaxDecimalPlaces } from '../platform/validation';
import { CALENDAR_DATE, EXAMPLE } from '../platform/common.responses';
import { PageQuery } from '../platform/paging.dto';

/** The seed's `POST /api/fulfillment/sales` body. */
export class LogSaleDto implements LogSaleCommand {
  @ApiProperty({ format: 'uuid', description: "A partner user's own partner; an admin may name any.", example: EXAMPLE.partnerId })
  @IsUUID('all')
  partner_id!: string;

  @ApiProperty({ format: 'uuid', description: 'A product in one of the partner\'s active assignments covering `sale_date`.', example: EXAMPLE.productId })
  @IsUUID('all')
  product_id!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100_000, example: 2 })
  @IsInt() @Min(1) @Max(100_000)
  quantity!: number;

  @ApiProperty({ type: Number, minimum: 0.01, maximum: 1_000_000, description: 'Money, at most 2 decimals.', example: 1000 })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @MaxDecimalPlaces(2) @IsPositive() @Max(1_000_000)
  unit_price!: number;

  @ApiProperty({ ...CALENDAR_DATE, description: 'Not in the future: not after today in UTC+14, the latest time zone, so a partner\'s today is accepted anywhere on earth.', example: '2025-01-15' })
  @IsCalendarDate()
  sale_date!: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 64, description: 'Unique per partner (409 when reused).', example: 'INV-2025-0001' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(64)
  invoice_number?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  notes?: string;
}

export class MySalesQueryDto extends PageQuery implements MySalesQuery {}

/** `POST /api/fulfillment/sales/{id}/returns`. */
export class ReturnSaleDto implements Omit<ReturnSaleCommand, 'sale_id'> {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100_000, description: 'Never more than remain unreturned (else 422).', example: 1 })
  @IsInt() @Min(1) @Max(100_000)
  quantity!: number;

  @ApiProperty({ minLength: 1, maxLength: 2000, example: 'damaged in transit' })
  @IsString() @MinLength(1) @MaxLength(2000)
  reason!: string;
}
