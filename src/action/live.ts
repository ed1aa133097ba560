/**
 * Live mode: read the account the job's credentials reach (set by `aws-actions/configure-aws-credentials` in an
 * earlier step, through the SDK's default chain), optionally through one more role, and return the snapshot.
 * Progress goes to the job log as plain lines; the collectors never print.
 */
import {createClientFactory} from '../collect/clients.js';
import {collectSnapshot} from '../collect/collect.js';
import type {CollectEvent} from '../collect/events.js';
import type {Snapshot} from '../snapshot/types.js';

export interface LiveSettings {
  regions?: string[];
  roleArn?: string;
  /** Progress lines for the job log. */
  log: (line: string) => void;
}

/** One log line for the events worth a line in a CI log (per region and per account, not per call). */
export function describeEvent(e: CollectEvent): string | undefined {
  switch (e.type) {
    case 'regions-discovered':
      return `${e.accountId}: reading ${e.regions.length} region(s)${e.skipped.length ? ` (${e.skipped.length} not enabled or not requested)` : ''}`;
    case 'region-done':
      return `${e.accountId} ${e.region}: ${e.evidence} piece(s) of evidence${e.errors.length ? `, ${e.errors.length} could not be read (${[...new Set(e.errors.map((x) => x.code ?? x.kind))].join(', ')})` : ''}`;
    case 'account-done':
      return e.error ? `${e.accountId}: not audited: ${e.error.code ?? e.error.kind}: ${e.error.message}` : `${e.accountId}: done`;
    default:
      return undefined;
  }
}

/** Collects a snapshot of the live account. */
export async function collectLive(settings: LiveSettings): Promise<Snapshot> {
  const listener = (e: CollectEvent) => {
    const line = describeEvent(e);
    if (line) settings.log(line);
  };
  // No endpoint setting: the SDK's own AWS_ENDPOINT_URL support applies (and the tests use it).
  const clients = createClientFactory({roleArn: settings.roleArn}, listener);
  return collectSnapshot({clients, regions: settings.regions, listener});
}
