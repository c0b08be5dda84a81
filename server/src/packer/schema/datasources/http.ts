/** The http data source: performs one HTTP request and exposes the response body and headers. */
import { attr, attributes, component, type ConfigOf } from '../types.js';

export const HTTP_METHODS = ['HEAD', 'GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'] as const;

export const httpDataSource = component({
  kind: 'datasource',
  type: 'http',
  doc: 'Makes an HTTP request and exposes the response body and headers.',
  attributes: attributes({
    url: attr.string('The URL to request.', { required: true, requiredMessage: 'the `url` must be specified' }),
    method: attr.string('The HTTP method.', { default: { value: 'GET' }, enum: HTTP_METHODS, enumMessage: `the \`method\` must be one of [${HTTP_METHODS.join(' ')}]` }),
    request_headers: attr.stringMap('Headers sent with the request.'),
    request_body: attr.string('The request body.'),
  }),
  outputs: attributes({
    url: attr.string('The URL requested.'),
    body: attr.string('The response body.'),
    request_headers: attr.stringMap('The response headers (several values joined with `, `).'),
  }),
});

export type HttpDataSourceConfig = ConfigOf<typeof httpDataSource>;
