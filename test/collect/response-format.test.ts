import {describe, expect, it} from '@jest/globals';
import {responseFormatProblem, xmlRootElement} from '../../src/collect/response-format.js';

const HTML = '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Wi-Fi login</body></html>';
const check = (protocol: string, body: string, operation = 'GetBucketVersioning', contentType?: string) =>
  responseFormatProblem({protocol: `aws.protocols#${protocol}`, operation, contentType, body});

describe('xmlRootElement', () => {
  it.each([
    ['<?xml version="1.0" encoding="UTF-8"?>\n<VersioningConfiguration xmlns="x"/>', 'VersioningConfiguration'],
    ['\uFEFF  <!-- a comment --><?pi x?><LocationConstraint>eu-west-1</LocationConstraint>', 'LocationConstraint'],
    [HTML, 'html'],
    ['plain text', undefined],
    ['<!-- never closed', undefined],
    ['', undefined],
  ])('%j → %s', (text, root) => {
    expect(xmlRootElement(text)).toBe(root);
  });
});

describe('responseFormatProblem', () => {
  it('accepts each protocol\'s own answers', () => {
    expect(check('restXml', '<?xml version="1.0"?><VersioningConfiguration/>')).toBeUndefined();
    expect(check('restXml', '{"Version":"2012-10-17","Statement":[]}', 'GetBucketPolicy')).toBeUndefined();
    expect(check('ec2Query', '<DescribeRegionsResponse xmlns="x"><regionInfo/></DescribeRegionsResponse>', 'DescribeRegions')).toBeUndefined();
    expect(check('awsQuery', '<ListAccountAliasesResponse><ListAccountAliasesResult/></ListAccountAliasesResponse>', 'ListAccountAliases')).toBeUndefined();
    expect(check('awsJson1_1', '{"trailList":[]}')).toBeUndefined();
    expect(check('restJson1', '')).toBeUndefined();
  });

  it('rejects an HTML page in every protocol, by its content type or by its body', () => {
    for (const protocol of ['restXml', 'awsQuery', 'ec2Query', 'awsJson1_1', 'restJson1']) {
      expect(check(protocol, HTML)).toBeDefined();
      expect(check(protocol, '{}', 'X', 'text/html; charset=utf-8')).toBeDefined();
    }
  });

  it('rejects what the XML deserializers would read as an empty answer', () => {
    expect(check('restXml', '')).toMatch(/empty body/);
    expect(check('restXml', 'OK')).toMatch(/not XML/);
    expect(check('restXml', '{not json', 'GetBucketPolicy')).toMatch(/neither XML nor/);
    expect(check('ec2Query', '<Response><Other/></Response>', 'DescribeRegions')).toMatch(/<Response>, not <DescribeRegionsResponse>/);
  });

  it('leaves a protocol it does not know alone', () => {
    expect(responseFormatProblem({protocol: undefined, operation: 'X', contentType: undefined, body: HTML})).toBeUndefined();
  });
});
