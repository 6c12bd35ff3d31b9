import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNumber, IsPositive, IsString, Max, MaxLength, MinLength } from 'class-validator';
import { MaxDecimalPlaces } from './validation';
import { MILESTONE_METRICS } from '@spiffworks/contracts';
import type { Milestone, MilestoneMetric } from '@spiffworks/contracts';

/** A goal on a spiff or an assignment. Names are unique within their list. */
export class MilestoneDto implements Milestone {
  @ApiProperty({ minLength: 1, maxLength: 100, description: 'Unique within its list.', example: 'Sell 10 laptops' })
  @IsString() @MinLength(1) @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: [...MILESTONE_METRICS], example: 'units' })
  @IsIn(MILESTONE_METRICS)
  metric!: MilestoneMetric;

  /** Units, or revenue in money. */
  @ApiProperty({ type: Number, minimum: 0.01, maximum: 1_000_000_000, description: 'Units, or revenue in money; at most 2 decimals.', example: 10 })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @MaxDecimalPlaces(2) @IsPositive() @Max(1_000_000_000)
  threshold!: number;

  @ApiProperty({ type: Number, minimum: 0.01, maximum: 1_000_000, description: 'Money (at most 2 decimals), paid once when the threshold is reached.', example: 250 })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @MaxDecimalPlaces(2) @IsPositive() @Max(1_000_000)
  reward_amount!: number;
}
