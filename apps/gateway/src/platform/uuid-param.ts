import { Injectable } from '@nestjs/common';
import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { invalidRequest } from './http-errors';

/** A path parameter that must be a UUID: anything else is a 400 naming the parameter (`id must be a UUID`). */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!isUUID(value)) throw invalidRequest([{ field: metadata.data ?? 'id', reason: 'must be a UUID' }]);
    return value;
  }
}
