// The org audit's IAM files: the StackSet role grants exactly the collectors' read-only policy, trusts only the
// audit caller, and the uploader's policy can write encrypted reports and nothing else.
import {readFile} from 'node:fs/promises';
import {describe, expect, it} from '@jest/globals';
import {parse} from 'yaml';

const read = (path: string) => readFile(new URL(`../../${path}`, import.meta.url), 'utf8');

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('iam/org-audit-role.cfn.yaml', () => {
  it('grants exactly the actions of the read-only policy, all of them read-only', async () => {
    const template = parse(await read('iam/org-audit-role.cfn.yaml'));
    const readonly = JSON.parse(await read('iam/trailwise-readonly-policy.json')) as {Statement: Statement[]};
    const role = template.Resources.TrailwiseAuditRole;
    expect(role.Type).toBe('AWS::IAM::Role');
    const granted = (role.Properties.Policies as {PolicyDocument: {Statement: Statement[]}}[]).flatMap((p) => p.PolicyDocument.Statement);
    expect(granted.every((s) => s.Effect === 'Allow')).toBe(true);
    const templateActions = granted.flatMap(actions).sort();
    expect(templateActions).toEqual(readonly.Statement.flatMap(actions).sort());
    for (const action of templateActions) expect(action).toMatch(/^[a-z0-9-]+:(List|Get|Describe|GET$)/);
    // apigateway:GET is API Gateway's only read action: it is granted on the paths trailwise reads, never on "*".
    const apiGateway = granted.filter((s) => actions(s).includes('apigateway:GET'));
    expect(apiGateway).toHaveLength(1);
    expect(actions(apiGateway[0]!)).toEqual(['apigateway:GET']);
    expect(apiGateway[0]!.Resource).toEqual(
      ['/restapis', '/restapis/*/stages', '/apis', '/apis/*/stages'].map((path) => ({'Fn::Sub': `arn:\${AWS::Partition}:apigateway:*::${path}`})),
    );
  });

  it('trusts only the audit caller role of the audit account, with the external id when one is set', async () => {
    const template = parse(await read('iam/org-audit-role.cfn.yaml'));
    const [trust] = template.Resources.TrailwiseAuditRole.Properties.AssumeRolePolicyDocument.Statement as Statement[];
    expect(trust).toMatchObject({Effect: 'Allow', Action: 'sts:AssumeRole', Principal: {AWS: {'Fn::Sub': 'arn:${AWS::Partition}:iam::${AuditAccountId}:root'}}});
    const [, withId, withoutId] = (trust!.Condition as unknown as {'Fn::If': [string, Record<string, unknown>, Record<string, unknown>]})['Fn::If'];
    const callerArn = {'Fn::Sub': 'arn:${AWS::Partition}:iam::${AuditAccountId}:role/${AuditCallerRoleName}'};
    expect(withId).toEqual({ArnLike: {'aws:PrincipalArn': callerArn}, StringEquals: {'sts:ExternalId': {Ref: 'ExternalId'}}});
    expect(withoutId).toEqual({ArnLike: {'aws:PrincipalArn': callerArn}});
    expect(template.Resources.TrailwiseAuditRole.Properties.RoleName).toEqual({Ref: 'RoleName'});
    expect(template.Parameters.RoleName.Default).toBe('TrailwiseAudit');
  });
});

describe('iam/trailwise-report-upload-policy.json', () => {
  it('allows writing encrypted reports and reading them back, and denies any ACL', async () => {
    const policy = JSON.parse(await read('iam/trailwise-report-upload-policy.json')) as {Statement: Statement[]};
    const allowed = policy.Statement.filter((s) => s.Effect === 'Allow').flatMap(actions).sort();
    expect(allowed).toEqual(['s3:GetObject', 's3:PutObject']);
    const put = policy.Statement.find((s) => s.Effect === 'Allow' && actions(s).includes('s3:PutObject'))!;
    expect(put.Condition).toEqual({Null: {'s3:x-amz-server-side-encryption': 'false'}});
    const deny = policy.Statement.find((s) => s.Effect === 'Deny')!;
    expect(deny).toMatchObject({Action: 's3:PutObject', Condition: {Null: {'s3:x-amz-acl': 'false'}}});
    for (const s of policy.Statement) expect(s.Resource).toBe('arn:aws:s3:::REPORT-BUCKET/REPORT-PREFIX/*');
  });

  it('covers every S3 command the uploader sends', async () => {
    const source = await read('src/audit/upload.ts');
    const commands = [...new Set([...source.matchAll(/new (\w+)Command\(/g)].map((m) => m[1]))];
    expect(commands).toEqual(['PutObject']);
  });
});
