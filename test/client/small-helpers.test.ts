import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildEnvironment } from '../../client/src/environment.js';
import { LineInput, toTerminal } from '../../client/src/terminal-text.js';
import { statusText, ValidationTimer } from '../../client/src/validation-timer.js';

test('terminal text gets CRLF line ends, once', () => {
  assert.equal(toTerminal('a\nb\r\nc\n'), 'a\r\nb\r\nc\r\n');
});

test('typed input is echoed, edited with backspace and handed over line by line', () => {
  const input = new LineInput();
  assert.deepEqual(input.feed('ab'), { echo: 'ab', lines: [] });
  assert.deepEqual(input.feed('\u007fc\r'), { echo: '\b \bc\r\n', lines: ['ac'] });
  assert.deepEqual(input.feed('\u007f'), { echo: '', lines: [] });
  assert.deepEqual(input.feed('r\rx'), { echo: 'r\r\nx', lines: ['r'] });
});

test('the validation time runs from the first unanswered edit to the diagnostics', () => {
  let now = 1000;
  const timer = new ValidationTimer(() => now, () => new Date(0));
  assert.equal(timer.diagnosed('u'), undefined, 'diagnostics nobody waited for are not a measurement');
  timer.changed('u');
  now = 1010;
  timer.changed('u');
  now = 1042;
  assert.equal(timer.diagnosed('u')?.millis, 42);
  assert.equal(timer.diagnosed('u'), undefined);
  assert.equal(timer.last?.millis, 42);
});

test('the status says when validation is over budget', () => {
  const at = new Date(2024, 0, 1, 10, 31, 5);
  const ok = statusText('examples', { uri: 'u', millis: 41.6, at }, 300);
  assert.equal(ok.text, 'examples');
  assert.equal(ok.overBudget, false);
  assert.match(ok.detail, /^validated in 42 ms at 10:31:05 \(budget 300 ms\)$/);
  const slow = statusText('examples', { uri: 'u', millis: 450, at }, 300);
  assert.equal(slow.overBudget, true);
  assert.match(slow.detail, /over\)$/);
  assert.equal(statusText('examples', undefined, 300).detail, 'not validated yet');
});

test('engine settings become environment variables; packer.env and the task override', () => {
  const env = buildEnvironment(
    { PATH: '/bin', DOCKER_HOST: 'old', UNSET: undefined },
    { dockerHost: 'unix:///d.sock', awsProfile: '', awsRegion: 'eu-west-1', env: { PKR_VAR_a: '1', AWS_REGION: 'us-east-1' } },
    { PKR_VAR_a: '2' },
  );
  assert.deepEqual(env, { PATH: '/bin', DOCKER_HOST: 'unix:///d.sock', AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'eu-west-1', PKR_VAR_a: '2' });
});
