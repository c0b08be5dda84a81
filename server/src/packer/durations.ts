/** Provisioner durations (`pause_before`, `timeout`): Go's time.ParseDuration and its error texts. */
import { parseGoDuration } from './legacy-json/go-duration.js';

/** Milliseconds, or Go's error message for the text. */
export function parseDurationMs(text: string): { ms: number } | { error: string } {
  const ns = parseGoDuration(text);
  if (ns !== undefined) return { ms: ns / 1e6 };
  const quoted = JSON.stringify(text);
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) return { error: `time: missing unit in duration ${quoted}` };
  const unit = /^[+-]?(?:\d+\.?\d*|\.\d+)([^\d.]+)/.exec(text);
  if (unit && !/^(ns|us|µs|μs|ms|s|m|h)/.test(unit[1]!)) {
    return { error: `time: unknown unit ${JSON.stringify(unit[1]!.replace(/\d.*$/, ''))} in duration ${quoted}` };
  }
  return { error: `time: invalid duration ${quoted}` };
}
