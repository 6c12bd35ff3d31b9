import { ValidateBy, buildMessage } from 'class-validator';
import type { ValidationOptions } from 'class-validator';
import { PARTNER_TIERS, isCalendarDate } from '@spiffworks/contracts';

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => isCalendarDate(value),
        defaultMessage: buildMessage((each) => `${each}$property must be a real date written YYYY-MM-DD`, options),
      },
    },
    options,
  );
}

/**
 * A finite number with at most `places` decimals. Replaces class-validator's `maxDecimalPlaces`, which
 * reads decimals from `toString()` and so throws on exponent notation (`1e-7`) or miscounts it.
 */
export function MaxDecimalPlaces(places: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxDecimalPlaces',
      validator: {
        validate: (value) => typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(places)) === value,
        defaultMessage: buildMessage((each) => `${each}$property must be a number with at most ${places} decimal places`, options),
      },
    },
    options,
  );
}

/** `{ gold: 12, platinum: 15 }`: known tiers only, each a percent from 0 to 100 with ≤ 4 decimals. */
export function IsTierRates(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTierRates',
      validator: {
        validate: (value) =>
          typeof value === 'object' && value !== null && !Array.isArray(value) &&
          Object.entries(value).every(([tier, rate]) => (PARTNER_TIERS as readonly string[]).includes(tier) && isPercent(rate)),
        defaultMessage: buildMessage(
          () => `$property must map tiers (${PARTNER_TIERS.join(', ')}) to percents from 0 to 100`,
          options,
        ),
      },
    },
    options,
  );
}

/** Milestone names identify a milestone within its spiff or assignment, so they must differ. */
export function UniqueMilestoneNames(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'uniqueMilestoneNames',
      validator: {
        validate: (value) =>
          !Array.isArray(value) || new Set(value.map((m: { name?: unknown }) => m?.name)).size === value.length,
        defaultMessage: buildMessage(() => '$property must not repeat a milestone name', options),
      },
    },
    options,
  );
}

function isPercent(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100 && Number(value.toFixed(4)) === value;
}
