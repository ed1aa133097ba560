import {describe, expect, it} from '@jest/globals';
import {analyzeBucketPolicy} from '../../src/snapshot/facts/bucket-policy.js';

const allow = (statement: Record<string, unknown>): string =>
  JSON.stringify({Version: '2012-10-17', Statement: [{Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...statement}]});
const kind = (policy: string): string => analyzeBucketPolicy(policy).kind;

describe('analyzeBucketPolicy', () => {
  it.each([
    ['"*"', '*'],
    ['{"AWS": "*"}', {AWS: '*'}],
    ['{"AWS": ["*", account]}', {AWS: ['*', 'arn:aws:iam::111122223333:root']}],
    ['a principal value containing *', {AWS: 'arn:aws:iam::*:root'}],
    ['a Federated principal', {Federated: 'cognito-identity.amazonaws.com'}],
  ])('an unconditioned Allow to %s is public', (_, principal) => {
    const v = analyzeBucketPolicy(allow({Principal: principal}));
    expect(v.kind).toBe('public');
    expect(v.kind === 'public' && v.reasons[0]).toMatch(/statement 1 allows/);
  });

  it('a named principal is not public', () => {
    expect(kind(allow({Principal: {AWS: 'arn:aws:iam::111122223333:root'}}))).toBe('not-public');
    expect(kind(allow({Principal: {Service: 'cloudtrail.amazonaws.com'}}))).toBe('not-public');
  });

  it('Allow with NotPrincipal is public; Deny never is', () => {
    expect(kind(allow({NotPrincipal: {AWS: 'arn:aws:iam::111122223333:root'}}))).toBe('public');
    expect(kind(JSON.stringify({Statement: {Effect: 'Deny', Principal: '*', Action: 's3:*'}}))).toBe('not-public');
  });

  it.each([
    ['StringEquals', 'aws:SourceArn', 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main'],
    ['StringEquals', 'AWS:SOURCEACCOUNT', '111122223333'],
    ['ArnEquals', 'aws:SourceArn', 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main'],
    ['StringEqualsIgnoreCase', 'aws:PrincipalOrgID', 'o-abc123'],
    ['StringLike', 'aws:PrincipalAccount', '111122223333'],
    ['ForAnyValue:StringEquals', 'aws:SourceVpce', 'vpce-1a2b3c'],
    ['StringEquals', 'aws:userid', 'AIDAEXAMPLE'],
    ['StringLike', 's3:DataAccessPointArn', 'arn:aws:s3:us-east-1:111122223333:accesspoint/*'],
    ['StringEquals', 's3:DataAccessPointAccount', '111122223333'],
  ])('a wildcard pinned by %s %s with a fixed value is not public', (op, key, value) => {
    expect(kind(allow({Principal: '*', Condition: {[op]: {[key]: value}}}))).toBe('not-public');
  });

  it.each([
    ['a wildcard in the pin value', {StringLike: {'aws:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*'}}],
    ['a ? in the pin value', {StringEquals: {'aws:SourceAccount': '11112222333?'}}],
    ['a policy variable', {StringEquals: {'aws:SourceAccount': '${aws:PrincipalAccount}'}}],
    ['a key that does not pin', {StringEquals: {'s3:prefix': 'home/'}}],
    ['a non-equality operator', {StringNotEquals: {'aws:SourceAccount': '111122223333'}}],
    ['ForAllValues', {'ForAllValues:StringEquals': {'aws:SourceVpce': 'vpce-1a2b3c'}}],
    ['IfExists', {StringEqualsIfExists: {'aws:SourceAccount': '111122223333'}}],
    ['an access point ARN with a wildcard account', {StringLike: {'s3:DataAccessPointArn': 'arn:aws:s3:us-east-1:*:accesspoint/*'}}],
    ['one fixed and one wildcard value', {StringEquals: {'aws:SourceAccount': ['111122223333', '*']}}],
    ['an unknown condition shape', {StringEquals: 'aws:SourceAccount'}],
  ])('a wildcard with %s is public', (_, condition) => {
    expect(kind(allow({Principal: '*', Condition: condition}))).toBe('public');
  });

  it.each([
    ['0.0.0.0/0', 'public'],
    ['10.0.0.0/7', 'public'],
    ['10.0.0.0/8', 'not-public'],
    ['203.0.113.0/24', 'not-public'],
    ['203.0.113.7', 'not-public'],
    ['::/0', 'public'],
    ['2001:db8::/31', 'public'],
    ['2001:db8::/32', 'not-public'],
    ['not-an-ip/24', 'public'],
  ])('aws:SourceIp %s is %s', (cidr, expected) => {
    expect(kind(allow({Principal: {AWS: '*'}, Condition: {IpAddress: {'aws:SourceIp': cidr}}}))).toBe(expected);
  });

  it('one public statement among several makes the policy public and is named', () => {
    const policy = JSON.stringify({
      Statement: [
        {Sid: 'Trail', Effect: 'Allow', Principal: {Service: 'cloudtrail.amazonaws.com'}, Action: 's3:PutObject'},
        {Sid: 'Pinned', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Condition: {StringEquals: {'aws:PrincipalOrgID': 'o-abc'}}},
        {Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 's3:GetObject'},
        {Effect: 'Deny', Principal: '*', Action: 's3:*'},
      ],
    });
    expect(analyzeBucketPolicy(policy)).toEqual({kind: 'public', reasons: ['statement "Open" allows Principal "*" without a condition that pins it to fixed values']});
  });

  it('a policy without statements is not public', () => {
    expect(kind('{"Version": "2012-10-17"}')).toBe('not-public');
  });

  it.each(['null', '[]', '42', '"text"', '{"Statement": ', '<html></html>'])('%s is invalid, never not-public', (text) => {
    const v = analyzeBucketPolicy(text);
    expect(v.kind).toBe('invalid');
    expect(v.kind === 'invalid' && v.reason).toMatch(/bucket policy is not/);
  });
});
