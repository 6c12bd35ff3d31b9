import { ApiProperty } from '@nestjs/swagger';
import type { DeadLetterView } from '@spiffworks/contracts';
import { EXAMPLE } from '../platform/common.responses';

/** A message that failed past the delivery limit, kept with its last error until replayed. */
export class DeadLetterResponse implements DeadLetterView {
  @ApiProperty({ description: 'The consuming service whose queue dead-lettered it.', example: 'commissions' })
  service!: string;

  @ApiProperty({ description: 'The envelope id (or the message id when the body was not an envelope).', example: '1d3f5a7c-9e2b-4c6d-8f0a-2b4c6d8e0f1a' })
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: 'sale.logged' })
  event_type!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The last failed attempt\'s error.', example: 'invalid input syntax for type numeric' })
  error!: string | null;

  @ApiProperty({ type: 'integer', example: 5 })
  attempts!: number;

  @ApiProperty({ format: 'date-time', example: '2025-01-15T10:30:01.000Z' })
  first_failed_at!: string;

  @ApiProperty({ format: 'date-time', example: '2025-01-15T10:30:09.000Z' })
  last_failed_at!: string;

  @ApiProperty({ format: 'date-time', example: '2025-01-15T10:30:09.500Z' })
  dead_lettered_at!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The message body as received.', example: { type: 'sale.logged', payload: { sale_id: EXAMPLE.saleId } } })
  payload!: unknown;
}

export class DeadLetterListResponse {
  @ApiProperty({ type: () => [DeadLetterResponse], description: 'Newest failure first.' })
  items!: DeadLetterResponse[];

  @ApiProperty({ type: 'integer', example: 1 })
  total!: number;

  @ApiProperty({ type: [String], description: 'Services that did not answer; their dead letters are missing from `items`.', example: [] })
  unavailable_services!: string[];
}

export class DeadLetterReplayResponse {
  @ApiProperty({ example: '1d3f5a7c-9e2b-4c6d-8f0a-2b4c6d8e0f1a' })
  id!: string;

  @ApiProperty({ type: [String], description: 'The services whose queue received it again.', example: ['commissions'] })
  replayed_in!: string[];
}
