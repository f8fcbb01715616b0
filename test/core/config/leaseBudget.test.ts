/**
 * Issue 14, finding 4: a lease shorter than one ECS read timeout used to validate. The budget refuses any lease
 * shorter than the worst-case claim + fence + ECS call with retries + a margin, and names the numbers.
 */
import TableStoreModule from 'tablestore';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY } from '../../../src/adapters/aliyun/retry.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_READ_TIMEOUT_MS } from '../../../src/adapters/aliyun/sdkConfig.js';
import { createTablestoreStateStore } from '../../../src/adapters/tablestore/stateStore.js';
import {
  ECS_CONNECT_TIMEOUT_MS,
  ECS_READ_TIMEOUT_MS,
  ECS_RETRY_ELAPSED_MS,
  leaseBudget,
  minimumLeaseSec,
  STORE_READ_RETRIES,
  STORE_RETRY_DELAY_MAX_MS,
} from '../../../src/core/config/leaseBudget.js';
import { baseConfig, edited } from './fixtures.js';
import { problemsOf } from './problems.js';

const TableStore = TableStoreModule as { DefaultRetryPolicy: { maxRetryTimes: number; maxRetryDelay: number } };

describe('lease budget', () => {
  it('is the sum of the named worst cases: 34 s claim + 5 s fence + 45 s ECS call + 15 s margin = 99 s', () => {
    expect(leaseBudget()).toEqual({
      claimMs: 34_000,
      fenceMs: 5_000,
      ecsCallMs: 45_000,
      marginMs: 15_000,
      minimumMs: 99_000,
    });
    expect(minimumLeaseSec()).toBe(99);
  });

  it('mirrors the adapters it cannot import (ECS retry policy and timeouts, Tablestore retries)', () => {
    expect(ECS_RETRY_ELAPSED_MS).toBe(DEFAULT_RETRY_POLICY.maxElapsedMs);
    expect(ECS_CONNECT_TIMEOUT_MS).toBe(DEFAULT_CONNECT_TIMEOUT_MS);
    expect(ECS_READ_TIMEOUT_MS).toBe(DEFAULT_READ_TIMEOUT_MS);
    const before = TableStore.DefaultRetryPolicy.maxRetryTimes;
    try {
      createTablestoreStateStore({
        endpoint: 'http://127.0.0.1:1',
        instanceName: 'budget',
        credentials: { accessKeyId: 'ak', accessKeySecret: 'sk' },
      });
      expect(TableStore.DefaultRetryPolicy.maxRetryTimes).toBe(STORE_READ_RETRIES);
    } finally {
      TableStore.DefaultRetryPolicy.maxRetryTimes = before;
    }
    expect(TableStore.DefaultRetryPolicy.maxRetryDelay).toBe(STORE_RETRY_DELAY_MAX_MS);
  });

  it('the defaults pass (120 s for both leases)', () => {
    expect(problemsOf(baseConfig())).toEqual([]);
  });

  it.each([
    ['evaluation.leaseTtlSec', 10],
    ['evaluation.leaseTtlSec', 98],
    ['evaluation.orchestrationLeaseTtlSec', 60],
  ])('refuses %s: %i and names the numbers', (path, value) => {
    const problems = problemsOf(edited([[path, value]]));
    expect(problems).toHaveLength(1);
    const [p] = problems;
    expect(p?.path).toBe(path);
    expect(p?.value).toBe(value);
    for (const figure of ['99 s', 'claim (34 s', 'fence (5 s)', 'retries (45 s', 'margin (15 s)']) {
      expect(p?.rule).toContain(figure);
    }
  });

  it('accepts exactly the minimum', () => {
    expect(
      problemsOf(
        edited([
          ['evaluation.leaseTtlSec', 99],
          ['evaluation.orchestrationLeaseTtlSec', 99],
        ]),
      ),
    ).toEqual([]);
  });
});
