/** References between template objects are HCL traversals; the model and the language server share one walker. */
export { attributeTraversals, inTraversalOrder, itemTraversals, traversalsInBody, traversalsOf, type Traversal, type TraversalStep } from '../hcl/traversals.js';
