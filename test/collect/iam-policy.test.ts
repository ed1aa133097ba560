import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {beforeEach, describe, expect, it} from '@jest/globals';
import {collectSnapshot} from '../../src/collect/collect.js';
import {IAM_ACTIONS, OPERATIONS, requiredIamActions} from '../../src/collect/iam.js';
import {configuredWorld, installWorld, testFactory} from './mock-aws.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface PolicyDocument {
  Version: string;
  Statement: {Sid?: string; Effect: string; Action: string | string[]; Resource: string | string[]}[];
}

async function policy(): Promise<PolicyDocument> {
  return JSON.parse(await readFile(path.join(root, 'iam/trailwise-readonly-policy.json'), 'utf8')) as PolicyDocument;
}

async function allowedActions(): Promise<Set<string>> {
  const doc = await policy();
  return new Set(doc.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {withFileTypes: true});
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : Promise.resolve(e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []))),
  );
  return nested.flat();
}

interface SentOperation {
  file: string;
  sdkPackage: string;
  operation: string;
}

/** Every command a collector file sends (`new XCommand(`) or pages through (`paginateX(`), with its SDK package. */
function operationsSent(file: string, text: string): SentOperation[] {
  const imported = new Map<string, {name: string; sdkPackage: string}>();
  for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'(@aws-sdk\/client-[a-z0-9-]+)'/g)) {
    for (const spec of m[1]!.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [name, local] = spec.replace(/^type\s+/, '').split(/\s+as\s+/);
      imported.set((local ?? name)!.trim(), {name: name!.trim(), sdkPackage: m[2]!});
    }
  }
  const sent: SentOperation[] = [];
  for (const [local, {name, sdkPackage}] of imported) {
    const escaped = local.replace(/[$]/g, '\\$');
    if (name.endsWith('Command') && new RegExp(`new\\s+${escaped}\\s*\\(`).test(text)) {
      sent.push({file, sdkPackage, operation: name.slice(0, -'Command'.length)});
    }
    if (name.startsWith('paginate') && new RegExp(`\\b${escaped}\\s*\\(`).test(text)) {
      sent.push({file, sdkPackage, operation: name.slice('paginate'.length)});
    }
  }
  return sent;
}

describe('the least-privilege IAM policy (iam/trailwise-readonly-policy.json)', () => {
  beforeEach(() => {
    installWorld(configuredWorld());
  });

  it('GIVEN the collectors source WHEN every command and paginator it uses is listed THEN each maps to an action the policy allows', async () => {
    const files = (await sourceFiles(path.join(root, 'src/collect'))).filter((f) => !f.endsWith(`${path.sep}iam.ts`));
    const sent = (await Promise.all(files.map(async (f) => operationsSent(path.relative(root, f), await readFile(f, 'utf8'))))).flat();
    const allowed = await allowedActions();

    // The scan must really find the collectors' calls, including the renamed S3 Control import and paginators.
    expect(sent.length).toBeGreaterThanOrEqual(30);
    expect(sent).toContainEqual(expect.objectContaining({sdkPackage: '@aws-sdk/client-s3-control', operation: 'GetPublicAccessBlock'}));
    expect(sent).toContainEqual(expect.objectContaining({sdkPackage: '@aws-sdk/client-guardduty', operation: 'ListFindings'}));

    const problems: string[] = [];
    for (const s of sent) {
      const entry = OPERATIONS.find((o) => o.sdkPackage === s.sdkPackage && o.operation === s.operation);
      if (!entry) problems.push(`${s.file}: ${s.sdkPackage} ${s.operation} is not in src/collect/iam.ts`);
      else if (entry.iamAction !== null && !allowed.has(entry.iamAction)) problems.push(`${s.file}: ${entry.iamAction} is not in the policy`);
    }
    expect(problems).toEqual([]);
  });

  it('GIVEN the policy document WHEN its actions are read THEN each is a read-only List/Get/Describe action, allowed, with no wildcard', async () => {
    const doc = await policy();
    expect(doc.Version).toBe('2012-10-17');
    expect(doc.Statement.every((s) => s.Effect === 'Allow')).toBe(true);
    const actions = [...(await allowedActions())];
    expect(actions.length).toBeGreaterThan(30);
    // API Gateway's reads are the HTTP verb GET (its only read action), allowed on the four paths read and nothing else.
    const notReadOnly = actions.filter((a) => !/^[a-z0-9-]+:(List|Get|Describe)[A-Za-z]+$/.test(a) && a !== 'apigateway:GET');
    expect(notReadOnly).toEqual([]);
    const apiGateway = doc.Statement.filter((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).includes('apigateway:GET'));
    expect(apiGateway).toEqual([
      expect.objectContaining({
        Action: ['apigateway:GET'],
        Resource: ['arn:*:apigateway:*::/restapis', 'arn:*:apigateway:*::/restapis/*/stages', 'arn:*:apigateway:*::/apis', 'arn:*:apigateway:*::/apis/*/stages'],
      }),
    ]);
    expect(doc.Statement.filter((s) => s.Resource === '*').flatMap((s) => s.Action)).not.toContain('apigateway:GET');
    // The document is exactly the operation table's actions: nothing missing, nothing extra.
    expect(actions.sort()).toEqual(requiredIamActions());
  });

  it('GIVEN a full collection of a configured account WHEN the factory stats are read THEN every operation called is in the policy', async () => {
    const {clients} = testFactory();
    const snapshot = await collectSnapshot({clients});
    const allowed = await allowedActions();
    const called = Object.keys(clients.stats().calls);

    // Every operation trailwise knows was exercised, so the check covers the whole table.
    expect(called.sort()).toEqual(Object.keys(IAM_ACTIONS).sort());
    expect(Object.keys(snapshot.collection.calls ?? {}).sort()).toEqual(called);
    const missing = called.filter((op) => {
      const action = IAM_ACTIONS[op];
      return action === undefined || (action !== null && !allowed.has(action));
    });
    expect(missing).toEqual([]);
    expect(IAM_ACTIONS['sts:GetCallerIdentity']).toBeNull();
    expect(IAM_ACTIONS['s3control:GetPublicAccessBlock']).toBe('s3:GetAccountPublicAccessBlock');
    expect(IAM_ACTIONS['s3:GetBucketLifecycleConfiguration']).toBe('s3:GetLifecycleConfiguration');
  });
});
