import { IsInt, IsNumber, IsOptional, IsPositive, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsCalendarDate, MaxDecimalPlaces } from '../platform/validation';
import { PageQuery } from '../platform/paging.dto';

/** The seed's `POST /api/fulfillment/sales` body. */
export class LogSaleDto {
  @IsUUID('all')
  partner_id!: string;

  @IsUUID('all')
  product_id!: string;

  @IsInt() @Min(1) @Max(100_000)
  quantity!: number;

  @IsNumber({ allowNaN: false, allowInfinity: false }) @MaxDecimalPlaces(2) @IsPositive() @Max(1_000_000)
  unit_price!: number;

  @IsCalendarDate()
  sale_date!: string;

  @IsOptional() @IsString() @MinLength(1) @MaxLength(64)
  invoice_number?: string;

  @IsOptional() @IsString() @MaxLength(2000)
  notes?: string;
}

export class MySalesQueryDto extends PageQuery {}

/** `POST /api/fulfillment/sales/{id}/returns`. */
export class ReturnSaleDto {
  @IsInt() @Min(1) @Max(100_000)
  quantity!: number;

  @IsString() @MinLength(1) @MaxLength(2000)
  reason!: string;
}
