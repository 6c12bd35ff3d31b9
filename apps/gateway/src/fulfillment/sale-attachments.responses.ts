import { ApiProperty } from '@nestjs/swagger';
import { ATTACHMENT_TYPES } from '@spiffworks/contracts';
import type { AttachmentContentType, AttachmentView } from '@spiffworks/contracts';
import { EXAMPLE } from '../platform/common.responses';

export class AttachmentResponse implements AttachmentView {
  @ApiProperty({ format: 'uuid', example: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e' })
  id!: string;

  @ApiProperty({ format: 'uuid', example: EXAMPLE.saleId })
  sale_id!: string;

  @ApiProperty({ enum: [...ATTACHMENT_TYPES], description: 'Sniffed from the bytes.', example: 'image/png' })
  content_type!: AttachmentContentType;

  @ApiProperty({ type: 'integer', description: 'Bytes.', example: 48213 })
  size!: number;

  @ApiProperty({ description: 'SHA-256 of the bytes, hex.', example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' })
  sha256!: string;

  @ApiProperty({ format: 'date-time', example: '2025-01-16T09:00:00.000Z' })
  created_at!: string;
}
