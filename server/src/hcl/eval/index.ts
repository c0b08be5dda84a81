/** The expression evaluator's public surface. */
export { evaluate, evaluateAs, type EvalResult } from './evaluate.js';
export { type EvalContext, childContext } from './context.js';
export { type Evaluate, callFunction } from './call.js';
