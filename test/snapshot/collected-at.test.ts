// Time-based facts are measured from each account's own collection time, not from when the snapshot was assembled
// (a `merge` of shards, or an audit finished later): issue 12 item 10.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {packageRoot} from '../../src/evaluate/policy.js';
import {validateSnapshot} from '../../src/snapshot/load.js';
import {normalize} from '../../src/snapshot/normalize.js';
import type {Snapshot} from '../../src/snapshot/types.js';

const HOUR = 36e5;
const mergedAt = Date.parse('2026-06-02T12:00:00Z');
const collectedAt = new Date(mergedAt - 30 * HOUR).toISOString();
const deliveredAt = new Date(mergedAt - 50 * HOUR).toISOString();

/** The example organization with every CloudWatch delivery 20 h before the accounts' collection, assembled 30 h later. */
function mergedSnapshot(withCollectedAt: boolean): Snapshot {
  const file = path.join(packageRoot(), 'examples/snapshots/well-configured-org.json');
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  snapshot.collection.finishedAt = new Date(mergedAt).toISOString();
  for (const account of snapshot.accounts) {
    if (withCollectedAt) account.collectedAt = collectedAt;
    for (const trail of account.trails) {
      const status = trail.status as {LatestCloudWatchLogsDeliveryTime?: string} | undefined;
      if (status?.LatestCloudWatchLogsDeliveryTime) status.LatestCloudWatchLogsDeliveryTime = deliveredAt;
    }
  }
  return validateSnapshot(snapshot, file);
}

function deliveryAges(snapshot: Snapshot): unknown[] {
  return normalize(snapshot)
    .trails.map((t) => t.facts.cloudWatchDeliveryAgeHours)
    .filter((age) => typeof age === 'number');
}

describe('account collection time', () => {
  it("measures the hours since the last delivery from the account's own collectedAt", () => {
    const ages = deliveryAges(mergedSnapshot(true));
    expect(ages.length).toBeGreaterThan(0);
    expect(new Set(ages)).toEqual(new Set([20]));
  });

  it("falls back to the snapshot's finishedAt when the account has none", () => {
    expect(new Set(deliveryAges(mergedSnapshot(false)))).toEqual(new Set([50]));
  });
});
