/**
 * Unary and binary operators as hclsyntax implements them on top of cty's stdlib functions: operands are
 * converted to the operator's parameter type, unknowns propagate, && and || short-circuit on a controlling
 * operand, and nulls are rejected by the function call ("argument must not be null").
 */
import type { BinaryOp } from '../ast.js';
import { valueEquals } from '../convert.js';
import * as num from '../number.js';
import { BOOL, DYNAMIC, NUMBER, type Type, Value, Decimal, unknownVal, boolVal } from '../value.js';

export interface OperatorSpec {
  /** The type operands are converted to. */
  readonly operandType: Type;
  readonly resultType: Type;
}

export function binarySpec(op: BinaryOp): OperatorSpec {
  switch (op) {
    case '==':
    case '!=':
      return { operandType: DYNAMIC, resultType: BOOL };
    case '&&':
    case '||':
      return { operandType: BOOL, resultType: BOOL };
    case '<':
    case '<=':
    case '>':
    case '>=':
      return { operandType: NUMBER, resultType: BOOL };
    default:
      return { operandType: NUMBER, resultType: NUMBER };
  }
}

export class OperationError extends Error {}

const UNKNOWN_BOOL = unknownVal(BOOL);

/** && and || decided by one side alone (cty's ShortCircuit hooks); undefined when both sides are needed. */
export function shortCircuit(op: BinaryOp, lhs: Value, rhs: Value): { value: Value; side: 'lhs' | 'rhs' | 'both' } | undefined {
  if (op !== '&&' && op !== '||') return undefined;
  const controlling = op === '||';
  if (!lhs.isKnown && !rhs.isKnown) return { value: UNKNOWN_BOOL, side: 'lhs' };
  if (lhs.isKnown && !lhs.isNull && lhs.raw === controlling) return { value: boolVal(controlling), side: 'lhs' };
  if (rhs.isKnown && !rhs.isNull && rhs.raw === controlling) return { value: boolVal(controlling), side: 'rhs' };
  if (!lhs.isKnown && rhs.isKnown && !rhs.isNull) return { value: UNKNOWN_BOOL, side: 'lhs' };
  if (!rhs.isKnown && lhs.isKnown && !lhs.isNull) return { value: UNKNOWN_BOOL, side: 'rhs' };
  return undefined;
}

/**
 * Applies the operator to operands already converted to its operand type and unmarked by the caller (==/!= also
 * accept marks inside collections and carry them to the result). Throws OperationError with cty's message.
 */
export function applyBinary(op: BinaryOp, lhs: Value, rhs: Value): Value {
  if (op === '==' || op === '!=') {
    const eq = valueEquals(lhs, rhs);
    if (op === '==' || !eq.isKnown) return eq;
    return new Value(BOOL, !eq.raw, eq.marks);
  }
  if (lhs.isNull || rhs.isNull) throw new OperationError('argument must not be null');
  const { resultType } = binarySpec(op);
  if (!lhs.isKnown || !rhs.isKnown) return unknownVal(resultType);
  if (op === '&&') return boolVal((lhs.raw as boolean) && (rhs.raw as boolean));
  if (op === '||') return boolVal((lhs.raw as boolean) || (rhs.raw as boolean));
  const a = lhs.raw as Decimal;
  const b = rhs.raw as Decimal;
  try {
    switch (op) {
      case '<':
        return boolVal(a.lessThan(b));
      case '<=':
        return boolVal(a.lessThanOrEqualTo(b));
      case '>':
        return boolVal(a.greaterThan(b));
      case '>=':
        return boolVal(a.greaterThanOrEqualTo(b));
      case '+':
        return new Value(NUMBER, num.add(a, b));
      case '-':
        return new Value(NUMBER, num.subtract(a, b));
      case '*':
        return new Value(NUMBER, num.multiply(a, b));
      case '/':
        return new Value(NUMBER, num.divide(a, b));
      case '%':
        return new Value(NUMBER, num.modulo(a, b));
    }
  } catch (e) {
    if (e instanceof num.NumberError) throw new OperationError(e.message);
    throw e;
  }
}

export function applyUnary(op: '-' | '!', operand: Value): Value {
  if (operand.isNull) throw new OperationError('argument must not be null');
  const type = op === '!' ? BOOL : NUMBER;
  if (!operand.isKnown) return unknownVal(type);
  if (op === '!') return boolVal(!(operand.raw as boolean));
  return new Value(NUMBER, num.negate(operand.raw as Decimal));
}
