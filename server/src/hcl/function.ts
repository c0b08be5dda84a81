/**
 * The shape of an HCL function, after cty's function.Spec: typed parameters, an optional variadic parameter,
 * a return-type rule and an implementation. The evaluator converts arguments to parameter types, handles
 * unknown/null/marked arguments per the flags below, and turns thrown FunctionErrors into HCL diagnostics
 * ("Invalid function argument" when `argIndex` is set, otherwise "Error in function call").
 */
import type { Type, Value } from './value.js';

export interface Param {
  readonly name: string;
  readonly type: Type;
  /** Accept null (otherwise a null argument is an error: "argument must not be null"). */
  readonly allowNull?: boolean;
  /** Pass unknown values to impl (otherwise the result is unknown of the return type). */
  readonly allowUnknown?: boolean;
  /** Pass values of dynamic type through unconverted. */
  readonly allowDynamicType?: boolean;
  /** Pass marked values to impl (otherwise marks are removed and re-applied to the result). */
  readonly allowMarked?: boolean;
}

export interface HclFunction {
  readonly description: string;
  /**
   * Whether the result depends only on the arguments: not on files, the clock, randomness, the environment or a
   * secret store. Callers may remember a pure function's results by its arguments (packer/memo.ts does); a
   * function that does not say `true` is treated as impure, so one that forgets is only recomputed, never stale.
   */
  readonly pure?: boolean;
  readonly params: readonly Param[];
  readonly varParam?: Param;
  /** The result type for these argument values (which may be unknown); throws FunctionError when invalid. */
  returnType(args: readonly Value[]): Type;
  impl(args: readonly Value[], returnType: Type): Value;
}

export class FunctionError extends Error {
  constructor(
    message: string,
    /** The offending argument, 0-based, when one argument is to blame. */
    readonly argIndex?: number,
  ) {
    super(message);
  }
}

/** What file functions (file, fileset, templatefile, ...) read through, so the core does no I/O itself. */
export interface FileSystem {
  readFile(path: string): Uint8Array;
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
  /** Paths relative to `base` of every regular file below it. */
  listFiles(base: string): string[];
  cwd(): string;
}
