import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';
import { rfc3339ToInstant } from '../domain/time';

/**
 * A query parameter that is a time: any RFC 3339 date-time (`2026-11-23T03:00:00Z`,
 * `2026-11-23T10:00:00.5+07:00`), which the handler receives normalised to a UTC instant with
 * milliseconds (`2026-11-23T03:00:00.000Z`), the form event times are stored and compared in.
 * `rounding` says which way a fraction finer than a millisecond goes (see {@link rfc3339ToInstant}).
 * Anything else fails validation (400 `VALIDATION_FAILED` naming the parameter).
 */
export function IsRfc3339Time(rounding: 'down' | 'up' = 'down'): PropertyDecorator {
  const normalise = Transform(({ value }) => (typeof value === 'string' ? (rfc3339ToInstant(value, rounding) ?? value) : value));
  const check = ValidateBy({
    name: 'isRfc3339Time',
    validator: {
      // Normalised above when it was a time at all; a UTC instant with milliseconds is its own normal form.
      validate: (value) => typeof value === 'string' && rfc3339ToInstant(value) === value,
      defaultMessage: (args) => `${args?.property ?? 'value'} must be an RFC 3339 time with an offset, such as 2026-11-23T03:00:00Z or 2026-11-23T10:00:00+07:00`,
    },
  });
  return (target, key) => {
    normalise(target, key);
    check(target, key);
  };
}
