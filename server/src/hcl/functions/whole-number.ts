/** Reading a cty number into a Go `int`, with gocty's error text (which Packer's functions pass on unchanged). */
import { Decimal } from '../value.js';
import { FunctionError } from '../function.js';
import type { Value } from '../value.js';

const INT64_MIN = new Decimal('-9223372036854775808');
const INT64_MAX = new Decimal('9223372036854775807');

/**
 * The number as a JS integer. `argIndex` blames one argument (an "Invalid function argument" error)
 * for the functions that report it that way; the others fail as a whole.
 */
export function wholeNumber(v: Value, argIndex?: number): number {
  const n = v.raw as Decimal;
  if (!n.isInteger() || n.lt(INT64_MIN) || n.gt(INT64_MAX)) {
    throw new FunctionError(`value must be a whole number, between ${INT64_MIN.toFixed()} and ${INT64_MAX.toFixed()}`, argIndex);
  }
  return n.toNumber();
}
