import {describe, expect, it} from '@jest/globals';
import {
  formatDuration,
  hangingWrap,
  formatScore,
  formatUsd,
  layoutWidth,
  shortenEnd,
  shortenMiddle,
  wrapWords,
} from '../../../src/report/terminal/text.js';

describe('shortenMiddle', () => {
  const arn = 'arn:aws:s3:::example-organization-central-log-archive-bucket-20261128';

  it('keeps text that fits', () => {
    expect(shortenMiddle('arn:aws:s3:::logs', 40)).toBe('arn:aws:s3:::logs');
  });

  it('cuts the middle and keeps both ends of an ARN', () => {
    const short = shortenMiddle(arn, 30);
    expect([...short]).toHaveLength(30);
    expect(short.startsWith('arn:aws:s3:')).toBe(true);
    expect(short.endsWith('bucket-20261128')).toBe(true);
    expect(short).toContain('…');
  });
});

describe('formatting', () => {
  it('cuts the end with an ellipsis', () => {
    expect(shortenEnd('Every enabled region', 10)).toBe('Every ena…');
  });

  it('formats durations in the largest sensible unit', () => {
    expect(formatDuration(42_400)).toBe('42s');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(3_720_000)).toBe('1h 02m');
  });

  it('formats USD with cents only for small amounts', () => {
    expect(formatUsd(12.5)).toBe('$12.50');
    expect(formatUsd(1234.5)).toBe('$1,235');
  });

  it('formats a missing score as n/a', () => {
    expect(formatScore(null)).toBe('n/a');
    expect(formatScore(72.46)).toBe('72.5');
  });

  it('never lays out narrower than 80 columns', () => {
    expect(layoutWidth(undefined)).toBe(80);
    expect(layoutWidth(60)).toBe(80);
    expect(layoutWidth(132)).toBe(132);
  });
});

describe('wrapWords', () => {
  it('breaks at spaces without carrying the space to the next line', () => {
    expect(wrapWords('Every enabled region has a logging trail', 24)).toBe('Every enabled region has\na logging trail');
  });

  it('cuts words longer than the width and keeps existing line breaks', () => {
    expect(wrapWords('aws cloudtrail update-trail --enable-log-file-validation\nnext', 20)).toBe(
      'aws cloudtrail\nupdate-trail\n--enable-log-file-va\nlidation\nnext',
    );
  });
});

describe('hangingWrap', () => {
  it('keeps a line that fits and indents the continuation of one that does not', () => {
    expect(hangingWrap('✓ eu-west-1  40 evidence items', 80, 4)).toBe('✓ eu-west-1  40 evidence items');
    expect(hangingWrap('! eu-west-3  12 evidence items  AccessDenied on GetEventSelectors', 40, 4)).toBe(
      '! eu-west-3  12 evidence items\n    AccessDenied on GetEventSelectors',
    );
  });
});
