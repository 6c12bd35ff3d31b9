import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class PageQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000)
  page = 1;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  page_size = 50;
}
