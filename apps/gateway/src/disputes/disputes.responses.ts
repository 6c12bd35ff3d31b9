import { ApiProperty } from '@nestjs/swagger';
import { ATTACHMENT_TYPES, DISPUTE_STATUSES } from '@spiffworks/contracts';
import type { AttachmentContentType, DisputeAttachmentView, DisputeStatus, DisputeView } from '@spiffworks/contracts';
import { EXAMPLE } from '../platform/common.responses';

const EXAMPLE_DISPUTE_ID = '4f3e2d1c-0b9a-4876-9543-210fedcba987';

/** A file the partner attached to its dispute (download: `GET /api/disputes/{id}/attachments/{attachment_id}`). */
export class DisputeAttachmentResponse implements DisputeAttachmentView {
  @ApiProperty({ format: 'uuid', example: '6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d' })
  id!: string;

  @ApiProperty({ format: 'uuid', example: EXAMPLE_DISPUTE_ID })
  dispute_id!: string;

  @ApiProperty({ enum: [...ATTACHMENT_TYPES], description: 'Sniffed from the bytes.', example: 'application/pdf' })
  content_type!: AttachmentContentType;

  @ApiProperty({ type: 'integer', description: 'Bytes.', example: 48213 })
  size!: number;

  @ApiProperty({ description: 'SHA-256 of the bytes, hex.', example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' })
  sha256!: string;

  @ApiProperty({ format: 'date-time', example: EXAMPLE.createdAt })
  created_at!: string;
}

/** A dispute of a ledger line. Money as a JSON number, exact to the cent. */
export class DisputeResponse implements DisputeView {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_DISPUTE_ID })
  id!: string;

  @ApiProperty({ format: 'uuid', description: 'The disputed line (never changed).', example: EXAMPLE.commissionId })
  commission_id!: string;

  @ApiProperty({ format: 'uuid', example: EXAMPLE.partnerId })
  partner_id!: string;

  @ApiProperty({ enum: [...DISPUTE_STATUSES], description: 'open → resolved_adjusted | resolved_declined (final).', example: 'open' })
  status!: DisputeStatus;

  @ApiProperty({ example: 'the Q1 spiff bonus is missing' })
  reason!: string;

  @ApiProperty({ type: String, nullable: true, description: "The admin's answer; null while open.", example: null })
  answer!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Null unless resolved_adjusted.', example: null })
  adjustment_amount!: number | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The adjustment line booked; null unless resolved_adjusted.', example: null })
  adjustment_line_id!: string | null;

  @ApiProperty({ format: 'uuid', example: EXAMPLE.partnerUserId })
  opened_by!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null })
  resolved_by!: string | null;

  @ApiProperty({ format: 'date-time', example: EXAMPLE.createdAt })
  opened_at!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  resolved_at!: string | null;

  @ApiProperty({ type: [DisputeAttachmentResponse], description: 'The files the partner attached (optional), oldest first.' })
  attachments!: DisputeAttachmentView[];
}

/** A dispute in the list, with its partner's name (the queue names who asks). */
export class ListedDisputeResponse extends DisputeResponse {
  @ApiProperty({ type: String, nullable: true, description: "The partner's name; null if the partner is unknown.", example: 'TechCorp Solutions' })
  partner_name!: string | null;
}
