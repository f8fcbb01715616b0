import { ClientError, ServerError, ThrottlingError } from '@alicloud/openapi-core';
import { describe, expect, it } from 'vitest';
import { isRetryableCode, toCloudApiError } from '../../../src/adapters/aliyun/errors.js';
import { CloudApiError } from '../../../src/core/errors.js';

const sdk = (Cls: typeof ClientError | typeof ServerError | typeof ThrottlingError, code: string, statusCode: number) =>
  new Cls({
    code,
    statusCode,
    requestId: 'RID-1',
    message: `${code}: code: ${statusCode}, m request id: RID-1`,
    data: { Code: code, Message: 'msg' },
  } as never);

describe('toCloudApiError', () => {
  it.each([
    {
      name: 'Throttling',
      err: sdk(ThrottlingError, 'Throttling', 400),
      code: 'Throttling',
      status: 400,
      retryable: true,
    },
    {
      name: 'Throttling.User',
      err: sdk(ThrottlingError, 'Throttling.User', 400),
      code: 'Throttling.User',
      status: 400,
      retryable: true,
    },
    {
      name: 'InternalError',
      err: sdk(ServerError, 'InternalError', 500),
      code: 'InternalError',
      status: 500,
      retryable: true,
    },
    {
      name: 'ServiceUnavailable',
      err: sdk(ServerError, 'ServiceUnavailable', 503),
      code: 'ServiceUnavailable',
      status: 503,
      retryable: true,
    },
    {
      name: 'LastOrderProcessing',
      err: sdk(ClientError, 'LastOrderProcessing', 403),
      code: 'LastOrderProcessing',
      status: 403,
      retryable: true,
    },
    {
      name: 'LastRequestProcessing',
      err: sdk(ClientError, 'LastRequestProcessing', 400),
      code: 'LastRequestProcessing',
      status: 400,
      retryable: true,
    },
    {
      name: 'TaskConflict',
      err: sdk(ClientError, 'TaskConflict', 403),
      code: 'TaskConflict',
      status: 403,
      retryable: true,
    },
    {
      name: 'OperationConflict',
      err: sdk(ClientError, 'OperationConflict', 403),
      code: 'OperationConflict',
      status: 403,
      retryable: true,
    },
    {
      name: 'IncorrectInstanceStatus',
      err: sdk(ClientError, 'IncorrectInstanceStatus', 403),
      code: 'IncorrectInstanceStatus',
      status: 403,
      retryable: false,
    },
    {
      name: 'IdempotentParameterMismatch',
      err: sdk(ClientError, 'IdempotentParameterMismatch', 400),
      code: 'IdempotentParameterMismatch',
      status: 400,
      retryable: false,
    },
    {
      name: 'InstanceDowngrade.QuotaExceed',
      err: sdk(ClientError, 'InstanceDowngrade.QuotaExceed', 400),
      code: 'InstanceDowngrade.QuotaExceed',
      status: 400,
      retryable: false,
    },
    {
      name: 'InvalidInstanceId.NotFound',
      err: sdk(ClientError, 'InvalidInstanceId.NotFound', 404),
      code: 'InvalidInstanceId.NotFound',
      status: 404,
      retryable: false,
    },
  ])('maps $name (retryable: $retryable)', ({ err, code, status, retryable }) => {
    const mapped = toCloudApiError(err, 'ECS Test');
    expect(mapped).toBeInstanceOf(CloudApiError);
    expect(mapped).toMatchObject({ code, httpStatus: status, requestId: 'RID-1', retryable, cause: err });
    expect(mapped.message).toContain('ECS Test: msg');
  });

  it.each([
    {
      name: 'a read timeout',
      err: Object.assign(new Error('ReadTimeout(100)'), { name: 'RequestTimeoutError' }),
      code: 'RequestTimeout',
      retryable: true,
    },
    {
      name: 'ECONNRESET',
      err: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      code: 'ECONNRESET',
      retryable: true,
    },
    {
      name: 'ECONNREFUSED',
      err: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      code: 'ECONNREFUSED',
      retryable: true,
    },
    { name: 'a bare socket hang up', err: new Error('socket hang up'), code: 'NetworkError', retryable: true },
    {
      name: 'a SyntaxError (non-JSON body)',
      err: new SyntaxError('Unexpected token'),
      code: 'NetworkError',
      retryable: false,
    },
  ])('maps $name', ({ err, code, retryable }) => {
    expect(toCloudApiError(err, 'ECS Test')).toMatchObject({ code, retryable, httpStatus: undefined });
  });

  it('passes a CloudApiError through', () => {
    const e = new CloudApiError({ code: 'X', message: 'm', retryable: false });
    expect(toCloudApiError(e, 'ECS')).toBe(e);
  });

  it.each([
    ['Throttling.Api', undefined, true],
    ['SomethingNew', 502, true],
    ['InvalidParameter', 400, false],
  ] as const)('isRetryableCode(%s, %s) = %s', (code, status, expected) => {
    expect(isRetryableCode(code, status)).toBe(expected);
  });
});
