// FerretDB's SQLITE_BUSY is tried again a few times; anything else, and a busy server that stays busy, is not.
import { describe, expect, it } from '@jest/globals';
import { BUSY_ATTEMPTS, busyRetries, isServerBusy, retryWhenBusy } from '../../src/store/server-busy.js';

// The message FerretDB v1.24.2 sent in a benchmark run (code 1, InternalError).
const busy = () => new Error('[msg_update.go:133 handler.(*Handler).updateDocument] [collection.go:177 sqlite.(*collection).UpdateAll.func1] database is locked (5) (SQLITE_BUSY)');

describe('retryWhenBusy', () => {
  it('tries again while the server is busy and returns the first success', async () => {
    let calls = 0;
    const before = busyRetries.count;
    const value = await retryWhenBusy(async () => {
      calls++;
      if (calls < 3) throw busy();
      return 'saved';
    });
    expect(value).toBe('saved');
    expect(calls).toBe(3);
    expect(busyRetries.count - before).toBe(2);
  });

  it('throws any other error at once', async () => {
    let calls = 0;
    await expect(
      retryWhenBusy(async () => {
        calls++;
        throw Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });
      }),
    ).rejects.toThrow('E11000');
    expect(calls).toBe(1);
  });

  it('gives up after a bounded number of attempts', async () => {
    let calls = 0;
    await expect(
      retryWhenBusy(async () => {
        calls++;
        throw busy();
      }),
    ).rejects.toThrow('SQLITE_BUSY');
    expect(calls).toBe(BUSY_ATTEMPTS);
  });

  it('recognises only the busy answer', () => {
    expect(isServerBusy(busy())).toBe(true);
    expect(isServerBusy(new Error('connection refused'))).toBe(false);
    expect(isServerBusy('SQLITE_BUSY')).toBe(false);
  });
});
