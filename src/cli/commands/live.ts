import path from 'node:path';
import {createClientFactory} from '../../collect/clients.js';
import {collectSnapshot} from '../../collect/collect.js';
import {EXIT_INPUT_ERROR, EXIT_OK} from '../../errors.js';
import {makeDirectory, writeOutput} from '../../files.js';
import {checkCollectorFlags, checkEvaluationFlags, type CollectorFlags, type EvaluationFlags} from '../flags.js';
import {withProgress} from '../progress.js';
import {validateSnapshot} from '../../snapshot/load.js';
import type {Snapshot} from '../../snapshot/types.js';
import type {Terminal} from '../terminal.js';
import {evaluateAndReport} from './evaluate.js';

/**
 * Collects one account with live progress. Ctrl-C stops collection: what was read is kept, the rest is marked
 * `NotCollected`, and the snapshot is still returned (and written by the caller).
 */
export async function collectWithProgress(flags: CollectorFlags, term: Terminal): Promise<Snapshot> {
  const {regions, concurrency, endpointUrl} = checkCollectorFlags(flags);
  return withProgress(term, 'interrupted: finishing the calls in flight; unfinished evidence is marked NotCollected', (host, signal) => {
    const clients = createClientFactory({profile: flags.profile, roleArn: flags.roleArn, externalId: flags.externalId, endpointUrl}, host.listener);
    return collectSnapshot({clients, regions, concurrency, listener: host.listener, signal});
  });
}

async function writeSnapshot(snapshot: Snapshot, file: string): Promise<void> {
  await makeDirectory(path.dirname(path.resolve(file)), file);
  await writeOutput(file, `${JSON.stringify(snapshot, null, 2)}\n`, file);
}

/** `trailwise snapshot --output FILE`: a schema-valid snapshot of the live account. */
export async function snapshotCommand(flags: CollectorFlags & {output: string}, term: Terminal): Promise<number> {
  checkCollectorFlags(flags);
  const snapshot = validateSnapshot(await collectWithProgress(flags, term), 'collected snapshot');
  await writeSnapshot(snapshot, flags.output);
  const note = snapshot.collection.interrupted ? ' (interrupted: unfinished evidence is marked NotCollected)' : '';
  term.info(`wrote ${flags.output}${note}`);
  return snapshot.collection.interrupted ? EXIT_INPUT_ERROR : EXIT_OK;
}

/** `trailwise scan`: snapshot + evaluate, with the flags of both; `--save-snapshot FILE` keeps the snapshot. */
export async function scanCommand(flags: CollectorFlags & EvaluationFlags & {saveSnapshot?: string}, term: Terminal): Promise<number> {
  // Every flag and file is checked before the first AWS call: a typo must not cost a whole collection.
  checkCollectorFlags(flags);
  const plan = await checkEvaluationFlags(flags);
  const snapshot = validateSnapshot(await collectWithProgress(flags, term), 'collected snapshot');
  // An interrupted scan keeps what it read even when the user did not ask for the snapshot.
  const keepAt = flags.saveSnapshot ?? (snapshot.collection.interrupted ? `reports/snapshot-${snapshot.collection.finishedAt.replace(/[:.]/g, '-')}.json` : undefined);
  if (keepAt) {
    await writeSnapshot(snapshot, keepAt);
    term.info(`wrote ${keepAt}${snapshot.collection.interrupted ? ' (interrupted: unfinished evidence is marked NotCollected)' : ''}`);
  }
  return evaluateAndReport(snapshot, plan, term, keepAt);
}
