import { describe, expect, it } from 'vitest';
import {
  AuthError,
  AutoscalerError,
  CloudApiError,
  ConfigError,
  InvalidEventError,
  StateConflictError,
  StateUnavailableError,
} from '../../src/core/errors.js';

describe('errors module', () => {
  it.each([
    [new InvalidEventError('bad'), 'InvalidEventError'],
    [new StateConflictError('lost'), 'StateConflictError'],
    [new AuthError('no'), 'AuthError'],
    [new StateUnavailableError('down'), 'StateUnavailableError'],
    [new CloudApiError({ code: 'Throttling', message: 'slow down', retryable: true }), 'CloudApiError'],
  ])('%s has its class name and is an AutoscalerError', (err, name) => {
    expect(err.name).toBe(name);
    expect(err).toBeInstanceOf(AutoscalerError);
    expect(err).toBeInstanceOf(Error);
  });

  it('keeps the cause', () => {
    const cause = new Error('socket hang up');
    expect(new StateUnavailableError('store down', true, { cause }).cause).toBe(cause);
    expect(new CloudApiError({ code: 'X', message: 'm', retryable: false }, { cause }).cause).toBe(cause);
  });

  it('AuthError defaults to 401 and keeps 403', () => {
    expect(new AuthError('who?').httpStatus).toBe(401);
    expect(new AuthError('not from there', 403).httpStatus).toBe(403);
  });

  it('StateUnavailableError is retryable unless told otherwise', () => {
    expect(new StateUnavailableError('503').retryable).toBe(true);
    expect(new StateUnavailableError('bad table', false).retryable).toBe(false);
  });

  it('CloudApiError names the code, the message and the request id', () => {
    const e = new CloudApiError({
      code: 'InvalidInstanceId.NotFound',
      message: 'no such instance',
      httpStatus: 404,
      requestId: 'R-1',
      retryable: false,
    });
    expect(e.message).toBe('InvalidInstanceId.NotFound: no such instance (request id R-1)');
    expect([e.code, e.httpStatus, e.requestId, e.retryable]).toEqual(['InvalidInstanceId.NotFound', 404, 'R-1', false]);
    expect(new CloudApiError({ code: 'C', message: 'm', retryable: true }).message).toBe('C: m');
  });

  it('ConfigError lists every problem with its path, rule and value', () => {
    const e = new ConfigError('cfg.yaml', [
      { path: 'groups[0].bandwidth.maxMbps', rule: 'must be ≤ 200', value: 300 },
      { path: '', rule: 'must be an object' },
      { path: 'x', rule: 'too long', value: 'y'.repeat(100) },
    ]);
    expect(e.problems).toHaveLength(3);
    expect(e.message).toBe(
      [
        'cfg.yaml: 3 problems',
        '  - groups[0].bandwidth.maxMbps: must be ≤ 200 (got 300)',
        '  - (root): must be an object',
        `  - x: too long (got "${'y'.repeat(76)}...)`,
      ].join('\n'),
    );
    expect(new ConfigError('one.yaml', [{ path: 'a', rule: 'r' }]).message).toBe('one.yaml: 1 problem\n  - a: r');
  });

  it('ConfigError prints values JSON cannot', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(new ConfigError('f', [{ path: 'p', rule: 'r', value: cyclic }]).message).toContain('(got [object Object])');
    expect(new ConfigError('f', [{ path: 'p', rule: 'r', value: () => 1 }]).message).toContain('(got () => 1)');
  });
});
