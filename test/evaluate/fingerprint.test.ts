// Fingerprints identify a finding across runs (baselines, SARIF alerts, suppressions by fingerprint): the recipe may be
// made faster, never different. These values were computed by the first implementation.
import {describe, expect, it} from '@jest/globals';
import {fingerprintOf} from '../../src/evaluate/evaluate.js';

describe('fingerprintOf', () => {
  it('gives the fingerprints earlier releases gave', () => {
    expect(fingerprintOf('cfg.recorder-all-regions', '100000000001', 'eu-central-1', '100000000001/eu-central-1')).toBe('0cc0a6fc1fa4c6');
    expect(fingerprintOf('cwl.retention-set', '100000000002', 'eu-west-2', 'arn:aws:logs:eu-west-2:100000000002:log-group:/aws/lambda/billing-1')).toBe('0b55737dbca20a');
    expect(fingerprintOf('cfg.recorder-all-regions', '100000000003', 'eu-west-1', '100000000003/eu-west-1')).toBe('1b656778258102');
    expect(fingerprintOf('ct.multi-region', '123456789012', 'global', 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/é-日本-\ud83d\ude00')).toBe('1b924d95a95517');
    expect(fingerprintOf('', '', '', '')).toBe('03e77e1a532e76');
  });

  it('keeps the leading zeros of both halves (6 + 8 hex digits)', () => {
    expect(fingerprintOf('r', 'a', 'g', 'x25448')).toBe('0005a801b073eb');
  });

  it('tells apart fields that would run together without the separator', () => {
    expect(fingerprintOf('ab', 'c', 'd', 'e')).not.toBe(fingerprintOf('a', 'bc', 'd', 'e'));
  });
});
