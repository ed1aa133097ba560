import {describe, expect, it} from '@jest/globals';
import {analyzeSelectors, dataEventsCoverBucket, isAllBucketsValue, sourcesInclude, unionOfSources} from '../../src/snapshot/event-selectors.js';

describe('analyzeSelectors: basic selectors', () => {
  it('reads management read/write and exclusions', () => {
    const a = analyzeSelectors({EventSelectors: [{ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, ExcludeManagementEventSources: ['kms.amazonaws.com']}]});
    expect(a.management).toMatchObject({read: false, write: true, excludedSources: ['kms.amazonaws.com']});
  });

  it('IncludeManagementEvents false records no management events', () => {
    expect(analyzeSelectors({EventSelectors: [{ReadWriteType: 'All', IncludeManagementEvents: false}]}).management).toMatchObject({read: false, write: false});
  });

  it('all-bucket and narrowed S3 data resources', () => {
    const all = analyzeSelectors({EventSelectors: [{ReadWriteType: 'All', DataResources: [{Type: 'AWS::S3::Object', Values: ['arn:aws:s3']}]}]});
    expect(all.s3Data).toMatchObject({read: 'all', write: 'all'});
    const some = analyzeSelectors({EventSelectors: [{ReadWriteType: 'ReadOnly', DataResources: [{Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::payroll/']}]}]});
    expect(some.s3Data).toMatchObject({read: 'some', write: 'none', prefixes: ['arn:aws:s3:::payroll/']});
  });

  it.each(['arn:aws:s3', 'arn:aws:s3:::', 'arn:aws:s3:::*/*', 'arn:aws-us-gov:s3'])('%s means every bucket', (v) => {
    expect(isAllBucketsValue(v)).toBe(true);
  });
  it.each(['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/', 'arn:aws:lambda'])('%s does not', (v) => {
    expect(isAllBucketsValue(v)).toBe(false);
  });
});

describe('analyzeSelectors: advanced selectors', () => {
  it('management events without a readOnly field are read and write', () => {
    const a = analyzeSelectors({AdvancedEventSelectors: [{FieldSelectors: [{Field: 'eventCategory', Equals: ['Management']}]}]});
    expect(a.management).toMatchObject({read: true, write: true, excludedSources: []});
  });

  it('readOnly Equals false is write only; eventSource NotEquals is an exclusion', () => {
    const a = analyzeSelectors({
      AdvancedEventSelectors: [{FieldSelectors: [{Field: 'eventCategory', Equals: ['Management']}, {Field: 'readOnly', Equals: ['false']}, {Field: 'eventSource', NotEquals: ['kms.amazonaws.com']}]}],
    });
    expect(a.management).toMatchObject({read: false, write: true, excludedSources: ['kms.amazonaws.com']});
  });

  it('S3 data events: no ARN filter is all buckets; StartsWith narrows; NotStartsWith excludes', () => {
    const all = analyzeSelectors({AdvancedEventSelectors: [{FieldSelectors: [{Field: 'eventCategory', Equals: ['Data']}, {Field: 'resources.type', Equals: ['AWS::S3::Object']}]}]});
    expect(all.s3Data).toMatchObject({read: 'all', write: 'all'});
    const narrowed = analyzeSelectors({
      AdvancedEventSelectors: [{FieldSelectors: [{Field: 'eventCategory', Equals: ['Data']}, {Field: 'resources.type', Equals: ['AWS::S3::Object']}, {Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::payroll/']}]}],
    });
    expect(narrowed.s3Data).toMatchObject({read: 'some', write: 'some', prefixes: ['arn:aws:s3:::payroll/']});
    const excluding = analyzeSelectors({
      AdvancedEventSelectors: [{FieldSelectors: [{Field: 'eventCategory', Equals: ['Data']}, {Field: 'resources.type', Equals: ['AWS::S3::Object']}, {Field: 'resources.ARN', NotStartsWith: ['arn:aws:s3:::logs/']}]}],
    });
    expect(excluding.s3Data).toMatchObject({read: 'all', excludedPrefixes: ['arn:aws:s3:::logs/']});
    expect(dataEventsCoverBucket(excluding.s3Data, 'logs')).toBe(false);
    expect(dataEventsCoverBucket(excluding.s3Data, 'payroll')).toBe(true);
  });

  it('an eventName filter narrows an all-bucket selector to "some"', () => {
    const a = analyzeSelectors({
      AdvancedEventSelectors: [{FieldSelectors: [{Field: 'eventCategory', Equals: ['Data']}, {Field: 'resources.type', Equals: ['AWS::S3::Object']}, {Field: 'eventName', Equals: ['PutObject']}]}],
    });
    expect(a.s3Data.write).toBe('some');
  });

  it('other data resource types are listed, not counted as S3', () => {
    const a = analyzeSelectors({AdvancedEventSelectors: [{FieldSelectors: [{Field: 'eventCategory', Equals: ['Data']}, {Field: 'resources.type', Equals: ['AWS::Lambda::Function']}]}]});
    expect(a.otherDataTypes).toEqual(['AWS::Lambda::Function']);
    expect(a.s3Data).toMatchObject({read: 'none', write: 'none'});
  });
});

describe('analyzeSelectors: selectors that only look broad', () => {
  const s3 = [{Field: 'eventCategory', Equals: ['Data']}, {Field: 'resources.type', Equals: ['AWS::S3::Object']}];

  it('a NotEndsWith suffix filter makes an all-bucket selector partial', () => {
    const a = analyzeSelectors({AdvancedEventSelectors: [{FieldSelectors: [...s3, {Field: 'resources.ARN', NotEndsWith: ['.tmp']}]}]});
    expect(a.s3Data.write).toBe('some');
  });

  it('a bucket prefix narrowed by eventName does not count as covering that bucket', () => {
    const a = analyzeSelectors({
      AdvancedEventSelectors: [{FieldSelectors: [...s3, {Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::payroll/']}, {Field: 'eventName', Equals: ['GetObject']}]}],
    });
    expect(a.s3Data.read).toBe('some');
    expect(dataEventsCoverBucket(a.s3Data, 'payroll')).toBe(false);
  });
});

describe('analyzeSelectors: the management event sources of each category', () => {
  it('a basic selector records its categories from every source it does not exclude', () => {
    const a = analyzeSelectors({EventSelectors: [{ReadWriteType: 'WriteOnly', ExcludeManagementEventSources: ['kms.amazonaws.com']}]});
    expect(a.management.sources).toEqual({read: null, write: {allExcept: ['kms.amazonaws.com']}});
  });

  it('two selectors record the union: an exclusion holds only where every selector makes it', () => {
    const a = analyzeSelectors({
      EventSelectors: [
        {ReadWriteType: 'All', ExcludeManagementEventSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com']},
        {ReadWriteType: 'ReadOnly', ExcludeManagementEventSources: ['kms.amazonaws.com']},
      ],
    });
    expect(a.management.sources).toEqual({read: {allExcept: ['kms.amazonaws.com']}, write: {allExcept: ['kms.amazonaws.com', 'rdsdata.amazonaws.com']}});
  });

  it('an advanced selector with eventSource Equals records only those sources', () => {
    const a = analyzeSelectors({
      AdvancedEventSelectors: [{FieldSelectors: [{Field: 'eventCategory', Equals: ['Management']}, {Field: 'readOnly', Equals: ['true']}, {Field: 'eventSource', Equals: ['kms.amazonaws.com']}]}],
    });
    expect(a.management.sources).toEqual({read: {only: ['kms.amazonaws.com']}, write: null});
  });

  it('unions and membership', () => {
    expect(unionOfSources({allExcept: ['kms.amazonaws.com', 'rdsdata.amazonaws.com']}, {only: ['kms.amazonaws.com']})).toEqual({allExcept: ['rdsdata.amazonaws.com']});
    expect(unionOfSources({only: ['a']}, {only: ['b']})).toEqual({only: ['a', 'b']});
    expect(unionOfSources(null, {only: ['a']})).toEqual({only: ['a']});
    expect(sourcesInclude({allExcept: ['kms.amazonaws.com']}, '*')).toBe(true);
    expect(sourcesInclude({allExcept: ['kms.amazonaws.com']}, 'kms.amazonaws.com')).toBe(false);
    expect(sourcesInclude({only: ['kms.amazonaws.com']}, '*')).toBe(false);
    expect(sourcesInclude(null, '*')).toBe(false);
  });
});
