/** The null data source: returns its input, for testing and for passing values through the data DAG. */
import { attr, attributes, component, type ConfigOf } from '../types.js';

export const nullDataSource = component({
  kind: 'datasource',
  type: 'null',
  doc: 'Returns `input` as `output`; useful for tests and examples.',
  attributes: attributes({
    input: attr.string('The value to return.', { required: true, requiredMessage: 'The `input` must be specified' }),
  }),
  outputs: attributes({
    output: attr.string('The `input` value.'),
  }),
});

export type NullDataSourceConfig = ConfigOf<typeof nullDataSource>;
