import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DEAD_LETTERS_PATTERNS, ErrorCode, EventSubscriptions } from '@spiffworks/contracts';
import type { ConsumingService, DeadLetterView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { RpcCallFailed } from '@spiffworks/messaging';
import { problem } from '../platform/http-errors';
import { ApiErrors, ApiProtectedErrors, BEARER_AUTH } from '../platform/openapi';
import { PlatformServices } from '../platform/platform-services';
import { DeadLetterListResponse, DeadLetterReplayResponse } from './dead-letters.responses';

const CONSUMING_SERVICES = Object.keys(EventSubscriptions) as ConsumingService[];

export class DeadLetterQuery {
  @ApiPropertyOptional({ enum: CONSUMING_SERVICES, description: 'One consuming service; all of them without it.' })
  @IsOptional() @IsIn(CONSUMING_SERVICES)
  service?: ConsumingService;
}

/**
 * Messages that failed past the delivery limit, across every consuming service. Each service
 * keeps its own (in its database, filed from its dead-letter queue), so this asks each of them.
 */
@Controller('api/admin/dead-letters')
@Roles('admin')
@ApiTags('admin')
@ApiBearerAuth(BEARER_AUTH)
@ApiProtectedErrors()
export class DeadLettersController {
  constructor(private readonly services: PlatformServices) {}

  /** Newest failure first. A service that does not answer is named in `unavailable_services`. */
  @Get()
  @ApiOperation({ summary: 'Dead letters of every consuming service (admin)', description: 'Newest failure first; a service that does not answer is named in `unavailable_services`.' })
  @ApiOkResponse({ type: DeadLetterListResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED)
  async list(
    @Query() query: DeadLetterQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<{ items: DeadLetterView[]; total: number; unavailable_services: string[] }> {
    const targets = query.service ? [query.service] : CONSUMING_SERVICES;
    const answers = await Promise.all(
      targets.map((service) =>
        this.services
          .callSystem(service, DEAD_LETTERS_PATTERNS.List, {}, user)
          .then((answer) => ({ service, answer }))
          .catch(() => ({ service, answer: null })),
      ),
    );
    const items = answers
      .flatMap(({ answer }) => answer?.items ?? [])
      .sort((a, b) => b.last_failed_at.localeCompare(a.last_failed_at) || a.id.localeCompare(b.id));
    return {
      items,
      total: answers.reduce((sum, { answer }) => sum + (answer?.total ?? 0), 0),
      unavailable_services: answers.filter(({ answer }) => !answer).map(({ service }) => service),
    };
  }

  /**
   * Puts the dead letter back on its service's queue as a new message (a fresh set of attempts)
   * and removes it from the dead letters. The same event dead-lettered by two services is
   * replayed in both unless `?service=` picks one. 404 when no service holds that id.
   */
  @Post(':id/replay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replay a dead letter (admin)',
    description: "Puts it back on its service's queue with a fresh set of attempts and removes it from the dead letters; in every service that holds it unless `?service=` picks one.",
  })
  @ApiParam({ name: 'id', description: 'The dead letter id (an envelope id).', schema: { type: 'string', maxLength: 200 } })
  @ApiOkResponse({ type: DeadLetterReplayResponse })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, [ErrorCode.DEAD_LETTER_NOT_FOUND, 'No service holds a dead letter with that id.', 'dead letter 1d3f5a7c-9e2b-4c6d-8f0a-2b4c6d8e0f1a not found'])
  async replay(
    @Param('id') id: string,
    @Query() query: DeadLetterQuery,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<{ id: string; replayed_in: string[] }> {
    const targets = query.service ? [query.service] : CONSUMING_SERVICES;
    const outcomes = await Promise.all(
      targets.map((service) =>
        this.services
          .callSystem(service, DEAD_LETTERS_PATTERNS.Replay, { id }, user)
          .then(() => ({ service, replayed: true, error: null as RpcCallFailed | null }))
          .catch((error: unknown) => {
            if (error instanceof RpcCallFailed && error.error.status === 404) return { service, replayed: false, error: null };
            return { service, replayed: false, error: error as RpcCallFailed };
          }),
      ),
    );
    const replayed_in = outcomes.filter((o) => o.replayed).map((o) => o.service);
    const failed = outcomes.find((o) => o.error);
    if (replayed_in.length === 0 && failed?.error) throw failed.error;
    if (replayed_in.length === 0) throw problem(ErrorCode.DEAD_LETTER_NOT_FOUND, `dead letter ${id} not found`);
    return { id, replayed_in };
  }
}
