// The assumed-role provider the audit keeps per member account for the whole run: collection and the bucket join
// share it, so it must serve from its cache while the session is valid and renew it before it ends.
import {afterEach, beforeEach, describe, expect, it, jest} from '@jest/globals';
import {AssumeRoleCommand, STSClient} from '@aws-sdk/client-sts';
import {mockClient} from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {assumeRoleCredentials} from '../../src/audit/credentials.js';

const ROLE = 'arn:aws:iam::222222222222:role/TrailwiseAudit';
const START = new Date('2026-12-04T20:00:00Z').getTime();
const HOUR = 3600 * 1000;

const sts = mockClient(STSClient);
let issued = 0;

beforeEach(() => {
  sts.reset();
  issued = 0;
  jest.useFakeTimers({now: START, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask']});
  sts.on(AssumeRoleCommand).callsFake(async () => {
    issued++;
    return {
      Credentials: {
        AccessKeyId: `ASIA${issued}`,
        SecretAccessKey: 'secret',
        SessionToken: `token-${issued}`,
        Expiration: new Date(Date.now() + HOUR),
      },
    };
  });
});
afterEach(() => {
  jest.useRealTimers();
});

describe('assumeRoleCredentials', () => {
  it('assumes the role once for callers that ask at the same time, and serves the session from its cache', async () => {
    const provider = assumeRoleCredentials(new STSClient({region: 'us-east-1'}), ROLE, 'ext-1');
    const [a, b] = await Promise.all([provider(), provider()]);
    jest.setSystemTime(START + 30 * 60 * 1000);
    const later = await provider();
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {RoleArn: ROLE, ExternalId: 'ext-1', DurationSeconds: 3600});
    expect([a.accessKeyId, b.accessKeyId, later.accessKeyId]).toEqual(['ASIA1', 'ASIA1', 'ASIA1']);
  });

  it('renews the session when it is within five minutes of its end (a bucket join long after the collection)', async () => {
    const provider = assumeRoleCredentials(new STSClient({region: 'us-east-1'}), ROLE);
    expect((await provider()).accessKeyId).toBe('ASIA1');
    jest.setSystemTime(START + HOUR - 4 * 60 * 1000);
    const renewed = await provider();
    expect(renewed.accessKeyId).toBe('ASIA2');
    expect(renewed.expiration?.getTime()).toBe(START + 2 * HOUR - 4 * 60 * 1000);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('does not keep a failure: the next caller asks again', async () => {
    let denied = false;
    sts.on(AssumeRoleCommand).callsFake(async () => {
      if (!denied) {
        denied = true;
        throw Object.assign(new Error('not authorized to perform sts:AssumeRole'), {name: 'AccessDenied'});
      }
      issued++;
      return {Credentials: {AccessKeyId: `ASIA${issued}`, SecretAccessKey: 'secret', Expiration: new Date(Date.now() + HOUR)}};
    });
    const provider = assumeRoleCredentials(new STSClient({region: 'us-east-1', maxAttempts: 1}), ROLE);
    await expect(provider()).rejects.toThrow('not authorized');
    expect((await provider()).accessKeyId).toBe('ASIA1');
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });
});
