import { describe, expect, it } from 'vitest';
import { parseDurationSeconds } from '../../../src/config/duration.js';

describe('parseDurationSeconds', () => {
  it.each<[string | number, number]>([
    ['900s', 900],
    ['15m', 900],
    ['1h', 3600],
    ['1h30m', 5400],
    ['2m5s', 125],
    [' 10s ', 10],
    [45, 45],
  ])('%j → %d', (text, seconds) => {
    expect(parseDurationSeconds(text)).toBe(seconds);
  });

  it.each<string | number>(['', '15', '1d', '15 m', 'm', '1.5h', '-5s', 1.5, -1])('rejects %j', (text) => {
    expect(parseDurationSeconds(text)).toBeUndefined();
  });
});
