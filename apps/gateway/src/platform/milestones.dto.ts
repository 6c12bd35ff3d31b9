import { IsIn, IsNumber, IsPositive, IsString, Max, MaxLength, MinLength } from 'class-validator';
import { MaxDecimalPlaces } from './validation';
import { MILESTONE_METRICS } from '@spiffworks/contracts';
import type { MilestoneMetric } from '@spiffworks/contracts';

/** A goal on a spiff or an assignment. Names are unique within their list. */
export class MilestoneDto {
  @IsString() @MinLength(1) @MaxLength(100)
  name!: string;

  @IsIn(MILESTONE_METRICS)
  metric!: MilestoneMetric;

  /** Units, or revenue in money. */
  @IsNumber({ allowNaN: false, allowInfinity: false }) @MaxDecimalPlaces(2) @IsPositive() @Max(1_000_000_000)
  threshold!: number;

  @IsNumber({ allowNaN: false, allowInfinity: false }) @MaxDecimalPlaces(2) @IsPositive() @Max(1_000_000)
  reward_amount!: number;
}
