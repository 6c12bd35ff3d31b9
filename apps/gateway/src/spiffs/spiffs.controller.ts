import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { Rpc } from '@spiffworks/contracts';
import type { Page, SpiffView } from '@spiffworks/contracts';
import { CurrentUser, Roles } from '@spiffworks/auth';
import type { AuthenticatedUser } from '@spiffworks/auth';
import { invalidRequest } from '../platform/http-errors';
import { PageQuery } from '../platform/paging.dto';
import { IdempotencyKey } from '../platform/idempotency-key';
import { PlatformServices } from '../platform/platform-services';
import { CreateSpiffDto, UpdateSpiffDto } from './spiffs.dto';

type SpiffWithAssignments = SpiffView & { assignment_count: number };

@Controller('api/spiffs')
@Roles('admin')
export class SpiffsController {
  constructor(private readonly services: PlatformServices) {}

  /** Creates the spiff; fulfillment then assigns every targeted approved partner on its own. */
  @Post()
  async create(@Body() body: CreateSpiffDto, @CurrentUser() user: AuthenticatedUser, @IdempotencyKey() key?: string): Promise<SpiffView> {
    if (body.assignment_type === 'individual') await this.requireKnownPartners(body.target_partners, user);
    return this.services.create('campaigns', Rpc.campaigns.CreateSpiff, body, user, key);
  }

  /** Extends a running spiff or adds products and targets; new targets are assigned at once. */
  @Patch(':id')
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateSpiffDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<SpiffView> {
    await this.requireKnownPartners(body.target_partners, user);
    return this.services.call('campaigns', Rpc.campaigns.UpdateSpiff, { ...body, id }, user);
  }

  /** Closes its assignments; sales dated after today earn no bonus from it; earlier ones keep theirs. */
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthenticatedUser): Promise<SpiffView> {
    return this.services.call('campaigns', Rpc.campaigns.CancelSpiff, { id }, user);
  }

  private async requireKnownPartners(ids: string[] | undefined, user: AuthenticatedUser): Promise<void> {
    if (!ids?.length) return;
    const missing = await this.services.call<string[]>('partners', Rpc.partners.FindMissing, { ids }, user);
    if (missing.length) throw invalidRequest([{ field: 'target_partners', reason: `names unknown partners: ${missing.join(', ')}` }]);
  }

  @Get()
  async list(@Query() query: PageQuery, @CurrentUser() user: AuthenticatedUser): Promise<Page<SpiffWithAssignments>> {
    const page = await this.services.call<Page<SpiffView>>('campaigns', Rpc.campaigns.ListSpiffs, { ...query }, user);
    const counts = await this.assignmentCounts(page.items.map((s) => s.id), user);
    return { ...page, items: page.items.map((s) => ({ ...s, assignment_count: counts[s.id] ?? 0 })) };
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthenticatedUser): Promise<SpiffWithAssignments> {
    const spiff = await this.services.call<SpiffView>('campaigns', Rpc.campaigns.GetSpiff, { id }, user);
    const counts = await this.assignmentCounts([id], user);
    return { ...spiff, assignment_count: counts[id] ?? 0 };
  }

  private assignmentCounts(spiffIds: string[], user: AuthenticatedUser): Promise<Record<string, number>> {
    return this.services.call('fulfillment', Rpc.fulfillment.CountBySpiff, { spiff_ids: spiffIds }, user);
  }
}
