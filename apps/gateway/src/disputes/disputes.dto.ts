import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { DISPUTE_ADJUSTMENT_LIMIT, DISPUTE_OUTCOMES, DISPUTE_STATUSES, DISPUTE_TEXT_MAX_LENGTH } from '@spiffworks/contracts';
import type { DisputeOutcome, DisputeStatus, ListDisputesQuery, OpenDisputeCommand, ResolveDisputeCommand } from '@spiffworks/contracts';
import { PageQuery } from '../platform/paging.dto';
import { MaxDecimalPlaces } from '../platform/validation';

export class OpenDisputeDto implements Pick<OpenDisputeCommand, 'reason'> {
  @ApiProperty({ minLength: 1, maxLength: DISPUTE_TEXT_MAX_LENGTH, description: 'What is wrong with the line, in your words.', example: 'the Q1 spiff bonus is missing' })
  @IsString() @MinLength(1) @MaxLength(DISPUTE_TEXT_MAX_LENGTH)
  reason!: string;
}

export class ResolveDisputeDto implements Omit<ResolveDisputeCommand, 'id'> {
  @ApiProperty({ enum: [...DISPUTE_OUTCOMES], description: '`adjusted` books a new adjustment line for `adjustment_amount`; `declined` books nothing.', example: 'adjusted' })
  @IsIn(DISPUTE_OUTCOMES)
  outcome!: DisputeOutcome;

  @ApiPropertyOptional({
    type: Number, minimum: -DISPUTE_ADJUSTMENT_LIMIT, maximum: DISPUTE_ADJUSTMENT_LIMIT,
    description: 'Money, at most 2 decimals, positive or negative, never 0: required with `adjusted`, absent with `declined` (else 400 naming it).',
    example: 25,
  })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @MaxDecimalPlaces(2) @Min(-DISPUTE_ADJUSTMENT_LIMIT) @Max(DISPUTE_ADJUSTMENT_LIMIT)
  adjustment_amount?: number;

  @ApiProperty({ minLength: 1, maxLength: DISPUTE_TEXT_MAX_LENGTH, description: 'Your answer to the partner.', example: 'the bonus was missed: added' })
  @IsString() @MinLength(1) @MaxLength(DISPUTE_TEXT_MAX_LENGTH)
  answer!: string;
}

export class DisputeFiltersDto extends PageQuery implements ListDisputesQuery {
  @ApiPropertyOptional({ enum: [...DISPUTE_STATUSES] })
  @IsOptional() @IsIn(DISPUTE_STATUSES)
  status?: DisputeStatus;

  @ApiPropertyOptional({ format: 'uuid', description: "Admins: one partner's disputes. Ignored for a partner, who sees its own." })
  @IsOptional() @IsUUID('all')
  partner_id?: string;
}
