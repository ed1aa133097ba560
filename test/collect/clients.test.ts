import {afterEach, beforeEach, describe, expect, it} from '@jest/globals';
import 'aws-sdk-client-mock-jest';
import {CloudTrailClient, DescribeTrailsCommand, ListTrailsCommand, ThrottlingException} from '@aws-sdk/client-cloudtrail';
import {GetBucketPolicyCommand, S3Client} from '@aws-sdk/client-s3';
import {S3ControlClient} from '@aws-sdk/client-s3-control';
import {createClientFactory, failedOperation, RETRY_SIGNAL, sharedCredentials, type ClientSettings} from '../../src/collect/clients.js';
import type {CollectEvent} from '../../src/collect/events.js';
import {TOOL_VERSION} from '../../src/version.js';
import {awsError, mocks, resetMocks} from './mock-aws.js';

const staticCredentials = async () => ({accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'do-not-print-me'});

function factory(extra: Partial<ClientSettings> = {}, listener?: (e: CollectEvent) => void) {
  return createClientFactory({credentials: staticCredentials, defaultRegion: 'eu-west-1', maxAttempts: 3, ...extra}, listener);
}

const savedEnv = {...process.env};
beforeEach(() => resetMocks());
afterEach(() => {
  for (const key of ['AWS_REGION', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

describe('createClientFactory: clients', () => {
  it('GIVEN a class and a region WHEN asked twice THEN the same client is returned; another region or class gets its own', () => {
    const clients = factory();
    const a = clients.get(CloudTrailClient, 'eu-west-1');

    expect(clients.get(CloudTrailClient, 'eu-west-1')).toBe(a);
    expect(clients.get(CloudTrailClient, 'us-east-1')).not.toBe(a);
    expect(clients.get(S3Client, 'eu-west-1')).not.toBe(a);
  });

  it('GIVEN the settings WHEN a client is built THEN it has the region, the user agent, and no SDK-level retries (ours wrap send)', async () => {
    const client = factory().get(CloudTrailClient, 'ap-south-1');

    expect(await client.config.region()).toBe('ap-south-1');
    expect(await client.config.maxAttempts()).toBe(1);
    expect(client.config.customUserAgent).toEqual([['trailwise', TOOL_VERSION]]);
  });

  it('GIVEN no default region WHEN the factory is made THEN AWS_REGION is used, else us-east-1', () => {
    process.env.AWS_REGION = 'eu-central-1';
    expect(createClientFactory({credentials: staticCredentials}).defaultRegion).toBe('eu-central-1');
    delete process.env.AWS_REGION;
    expect(createClientFactory({credentials: staticCredentials}).defaultRegion).toBe('us-east-1');
    expect(createClientFactory({credentials: staticCredentials, defaultRegion: 'sa-east-1'}).defaultRegion).toBe('sa-east-1');
  });

  it('GIVEN --endpoint-url WHEN S3 clients are built THEN they use it with path-style addressing and follow region redirects', async () => {
    const s3 = factory({endpointUrl: 'http://127.0.0.1:4566'}).get(S3Client, 'eu-west-1');

    expect(s3.config.forcePathStyle).toBe(true);
    expect(s3.config.followRegionRedirects).toBe(true);
    expect(await s3.config.endpoint!()).toMatchObject({hostname: '127.0.0.1', port: 4566, protocol: 'http:'});
  });

  it('GIVEN no endpoint anywhere WHEN an S3 client is built THEN it uses virtual-hosted addressing', () => {
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL_S3;
    expect(factory().get(S3Client, 'eu-west-1').config.forcePathStyle).toBe(false);
  });

  it('GIVEN AWS_ENDPOINT_URL in the environment WHEN an S3 client is built THEN it also uses path-style (unless endpoints are ignored)', () => {
    process.env.AWS_ENDPOINT_URL = 'http://localhost:4566';
    expect(factory().get(S3Client, 'eu-west-1').config.forcePathStyle).toBe(true);
    process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = 'true';
    expect(factory().get(S3Client, 'eu-west-1').config.forcePathStyle).toBe(false);
  });

  it('GIVEN --endpoint-url WHEN S3 Control is built THEN requests go to that endpoint, not to <account>.<endpoint>', () => {
    const control = factory({endpointUrl: 'http://127.0.0.1:4566'}).get(S3ControlClient, 'eu-west-1');
    const resolve = control.config.endpointProvider as (params: object) => {url: URL};

    expect(resolve({AccountId: '111111111111'}).url.href).toBe('http://127.0.0.1:4566/');
  });

  it('GIVEN each kind of credential source WHEN described THEN the description names it and holds no secret', () => {
    expect(createClientFactory({profile: 'audit'}).credentialSource).toBe('profile audit');
    expect(createClientFactory({}).credentialSource).toBe('the default credential chain');
    expect(createClientFactory({profile: 'audit', roleArn: 'arn:aws:iam::111111111111:role/Audit', externalId: 'secret-external-id'}).credentialSource).toBe(
      'role arn:aws:iam::111111111111:role/Audit (assumed with profile audit)',
    );
    expect(factory().credentialSource).toBe('the credentials given');
  });
});

describe('createClientFactory: shared credentials', () => {
  it('GIVEN many clients WHEN they all need credentials at once THEN the provider is asked once', async () => {
    let lookups = 0;
    const credentials = async () => {
      lookups++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return {accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 's', sessionToken: 't', expiration: new Date(Date.now() + 3600_000)};
    };
    const clients = factory({credentials});
    const providers = ['eu-west-1', 'us-east-1', 'ap-south-1'].map((r) => clients.get(CloudTrailClient, r).config.credentials);

    const identities = await Promise.all(providers.map((p) => p()));

    expect(lookups).toBe(1);
    expect(identities.every((i) => i.accessKeyId === 'ASIAEXAMPLE')).toBe(true);
  });

  it('GIVEN a failed lookup WHEN asked again THEN it is tried again, and then cached', async () => {
    let lookups = 0;
    const provider = sharedCredentials(async () => {
      lookups++;
      if (lookups === 1) throw Object.assign(new Error('could not load'), {name: 'CredentialsProviderError'});
      return {accessKeyId: `ASIA${lookups}`, secretAccessKey: 's', expiration: new Date(Date.now() + 3600_000)};
    });

    await expect(provider()).rejects.toThrow('could not load');
    expect((await provider()).accessKeyId).toBe('ASIA2');
    expect((await provider()).accessKeyId).toBe('ASIA2');
    expect(lookups).toBe(2);
  });

  it('GIVEN credentials that expire within five minutes, or a forced refresh WHEN asked again THEN they are looked up again', async () => {
    let lookups = 0;
    const minutes = [4, 60, 60];
    const provider = sharedCredentials(async () => {
      const expiration = new Date(Date.now() + minutes[lookups]! * 60_000);
      lookups++;
      return {accessKeyId: `ASIA${lookups}`, secretAccessKey: 's', expiration};
    });

    expect((await provider()).accessKeyId).toBe('ASIA1');
    expect((await provider()).accessKeyId).toBe('ASIA2');
    expect((await provider()).accessKeyId).toBe('ASIA2');
    expect((await provider({forceRefresh: true})).accessKeyId).toBe('ASIA3');
  });
});

describe('createClientFactory: calls, retries and events', () => {
  it('GIVEN a throttled call that then succeeds WHEN sent THEN it is one call with one retry, reported once', async () => {
    mocks.cloudtrail
      .on(DescribeTrailsCommand)
      .rejectsOnce(new ThrottlingException({message: 'Rate exceeded', $metadata: {httpStatusCode: 400}}))
      .resolves({trailList: []});
    const events: CollectEvent[] = [];
    const clients = factory({}, (e) => events.push(e));

    const out = await clients.get(CloudTrailClient, 'eu-west-1').send(new DescribeTrailsCommand({}));

    expect(out.trailList).toEqual([]);
    expect(mocks.cloudtrail).toHaveReceivedCommandTimes(DescribeTrailsCommand, 2);
    expect(clients.stats()).toEqual({calls: {'cloudtrail:DescribeTrails': 1}, retries: 1, errors: 0});
    expect(events).toEqual([{type: 'call', accountId: '', region: 'eu-west-1', operation: 'cloudtrail:DescribeTrails', retries: 1, ok: true}]);
  });

  it('GIVEN a denial WHEN sent THEN it is not retried, counts as an error, and the error names its operation', async () => {
    mocks.cloudtrail.on(DescribeTrailsCommand).rejects(awsError('AccessDeniedException', 400));
    const clients = factory();

    const err = await clients.get(CloudTrailClient, 'eu-west-1').send(new DescribeTrailsCommand({})).catch((e: unknown) => e);

    expect(failedOperation(err)).toBe('cloudtrail:DescribeTrails');
    expect(mocks.cloudtrail).toHaveReceivedCommandTimes(DescribeTrailsCommand, 1);
    expect(clients.stats()).toEqual({calls: {'cloudtrail:DescribeTrails': 1}, retries: 0, errors: 1});
  });

  it('GIVEN a "not configured" answer WHEN sent THEN the call is ok and not an error', async () => {
    mocks.s3.on(GetBucketPolicyCommand).rejects(awsError('NoSuchBucketPolicy', 404, 'The bucket policy does not exist'));
    const events: CollectEvent[] = [];
    const clients = factory({}, (e) => events.push(e));

    await expect(clients.get(S3Client, 'eu-west-1').send(new GetBucketPolicyCommand({Bucket: 'b'}))).rejects.toThrow('The bucket policy does not exist');

    expect(clients.stats().errors).toBe(0);
    expect(events).toEqual([expect.objectContaining({operation: 's3:GetBucketPolicy', ok: true})]);
  });

  it('GIVEN an interrupted run WHEN a throttled call fails THEN it is not retried', async () => {
    mocks.cloudtrail.on(DescribeTrailsCommand).rejects(new ThrottlingException({message: 'Rate exceeded', $metadata: {}}));
    const abort = new AbortController();
    abort.abort();
    const client = factory().get(CloudTrailClient, 'eu-west-1');
    const options = {[RETRY_SIGNAL]: abort.signal} as {abortSignal?: undefined};

    await expect(client.send(new DescribeTrailsCommand({}), options)).rejects.toThrow('Rate exceeded');

    expect(mocks.cloudtrail).toHaveReceivedCommandTimes(DescribeTrailsCommand, 1);
    // The option is trailwise's own: the SDK never sees it.
    expect((mocks.cloudtrail.commandCalls(DescribeTrailsCommand)[0]!.args as unknown[])[1]).toEqual({});
  });

  it('GIVEN a call AWS keeps throttling WHEN sent THEN it stops after maxAttempts', async () => {
    mocks.cloudtrail.on(DescribeTrailsCommand).rejects(new ThrottlingException({message: 'Rate exceeded', $metadata: {}}));
    const clients = factory({maxAttempts: 2});

    await expect(clients.get(CloudTrailClient, 'eu-west-1').send(new DescribeTrailsCommand({}))).rejects.toThrow('Rate exceeded');

    expect(mocks.cloudtrail).toHaveReceivedCommandTimes(DescribeTrailsCommand, 2);
    expect(clients.stats()).toEqual({calls: {'cloudtrail:DescribeTrails': 1}, retries: 1, errors: 1});
  });

  it('GIVEN a command outside trailwise\'s table WHEN sent THEN it is still named service:Operation', async () => {
    mocks.cloudtrail.on(ListTrailsCommand).resolves({Trails: []});
    const clients = factory();

    await clients.get(CloudTrailClient, 'eu-west-1').send(new ListTrailsCommand({}));

    expect(clients.stats().calls).toEqual({'cloudtrail:ListTrails': 1});
  });

  it('GIVEN a listener given to the factory and observed again WHEN a call is made THEN it hears it once; observers get their account label', async () => {
    mocks.cloudtrail.on(DescribeTrailsCommand).resolves({trailList: []});
    const heard: CollectEvent[] = [];
    const other: CollectEvent[] = [];
    const listener = (e: CollectEvent) => heard.push(e);
    const clients = factory({}, listener);
    const stopSame = clients.observe!(listener);
    const stopOther = clients.observe!((e) => other.push(e), '333333333333');

    await clients.get(CloudTrailClient, 'eu-west-1').send(new DescribeTrailsCommand({}));
    stopSame();
    stopOther();
    await clients.get(CloudTrailClient, 'eu-west-1').send(new DescribeTrailsCommand({}));

    expect(heard).toHaveLength(2);
    expect(other).toEqual([expect.objectContaining({type: 'call', accountId: '333333333333'})]);
  });
});
