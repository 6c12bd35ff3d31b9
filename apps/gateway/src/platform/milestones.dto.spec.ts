import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateAssignmentDto } from '../fulfillment/assignments.dto';
import { CreateSpiffDto } from '../spiffs/spiffs.dto';

const goal = { name: 'Sell 2', metric: 'units', threshold: 2, reward_amount: 500 };

/** The constraints the `milestones` field fails, as the gateway's validation pipe would report them. */
function milestoneFailures(dto: new () => object, milestones: unknown): string[] {
  const errors = validateSync(plainToInstance(dto, { milestones }));
  const field = errors.find((e) => e.property === 'milestones');
  if (!field) return [];
  return [...Object.keys(field.constraints ?? {}), ...(field.children ?? []).flatMap((c) => Object.keys(c.constraints ?? {}).concat(c.children?.length ? ['nested'] : []))];
}

describe.each([
  ['a spiff', CreateSpiffDto],
  ['an assignment', CreateAssignmentDto],
] as const)('the milestones of %s', (_, dto) => {
  it.each([
    ['an empty list as a milestone', [[]]],
    ['an empty list beside a valid milestone', [goal, []]],
    ['a list of milestones as a milestone', [[goal]]],
    ['a number as a milestone', [7]],
    ['null as a milestone', [null]],
  ])('refuses %s', (_label, milestones) => {
    expect(milestoneFailures(dto, milestones)).toContain('isObject');
  });

  it.each([
    ['no milestones', []],
    ['two valid milestones', [goal, { ...goal, name: 'Sell 4', threshold: 4 }]],
  ])('accepts %s', (_label, milestones) => {
    expect(milestoneFailures(dto, milestones)).toEqual([]);
  });
});
