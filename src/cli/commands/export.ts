import {createInterface} from 'node:readline/promises';
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts';
import {SecurityHubClient} from '@aws-sdk/client-securityhub';
import {createClientFactory} from '../../collect/clients.js';
import {credentialsProblem, toCollectionError} from '../../collect/errors.js';
import {EXIT_GATE_FAILED, EXIT_OK, InputError} from '../../errors.js';
import {planExport, runExport} from '../../export/securityhub.js';
import {loadReportFrom} from '../../audit/diff.js';
import {parseEndpoint, parseRegions} from '../flags.js';
import type {Terminal} from '../terminal.js';

export interface ExportFlags {
  report: string;
  region?: string;
  profile?: string;
  roleArn?: string;
  endpointUrl?: string;
  dryRun?: boolean;
  yes?: boolean;
  archiveMissing?: boolean;
}

/** Asks on the terminal; anything but "y"/"yes" is no. */
async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({input: process.stdin, output: process.stderr});
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/**
 * `trailwise export securityhub --report report.json [--region R] [--dry-run] [--yes]`: imports the report's findings
 * into the Security Hub of the caller's account. The only command that writes to AWS: it names the account and the
 * region and asks first (or needs `--yes` when no one can answer).
 */
export async function exportSecurityHubCommand(flags: ExportFlags, term: Terminal, ask: (q: string) => Promise<boolean> = confirm): Promise<number> {
  const region = parseRegions(flags.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1')!;
  if (region.length !== 1) throw new InputError('--region: expected one region');
  const endpointUrl = parseEndpoint(flags.endpointUrl);
  const {report, file} = await loadReportFrom(flags.report);

  const clients = createClientFactory({profile: flags.profile, roleArn: flags.roleArn, endpointUrl, defaultRegion: region[0]});
  try {
    let accountId: string;
    let partition: 'aws' | 'aws-cn' | 'aws-us-gov' = 'aws';
    try {
      const identity = await clients.get(STSClient, region[0]!).send(new GetCallerIdentityCommand({}));
      accountId = identity.Account ?? '';
      const arnPartition = identity.Arn?.split(':')[1];
      if (arnPartition === 'aws-cn' || arnPartition === 'aws-us-gov') partition = arnPartition;
    } catch (err) {
      const problem = credentialsProblem(err, clients.credentialSource ?? 'the default credential chain');
      throw new InputError(problem ?? `could not identify the caller: ${toCollectionError(err, 'sts:GetCallerIdentity').message}`);
    }
    const target = {accountId, region: region[0]!, partition, updatedAt: new Date().toISOString()};
    // Under an account's own (default) product ARN, Security Hub takes findings of that account only: an organization's
    // report is exported once per account (--role-arn), each run sending its own account's findings.
    const own = report.findings.filter((f) => f.accountId === accountId);
    const skipped = report.findings.length - own.length;
    const plan = planExport(own, target, report.snapshot.collectedAt);
    const archive = flags.archiveMissing !== false;
    const what =
      `${plan.findings.length} finding(s) from ${file} into Security Hub of account ${accountId} in ${target.region}` +
      (archive ? ', archiving earlier trailwise findings of that account that the report no longer has' : '') +
      (skipped ? ` (${skipped} finding(s) of other accounts left out: run the export with each account's credentials, e.g. --role-arn)` : '');

    if (flags.dryRun) {
      term.info(`dry run: would import ${what}; nothing was sent`);
      return EXIT_OK;
    }
    if (!flags.yes) {
      if (!term.interactive) throw new InputError(`export writes to AWS (${what}): confirm with --yes, or preview with --dry-run`);
      if (!(await ask(`Import ${what}? [y/N] `))) {
        term.info('nothing was sent');
        return EXIT_OK;
      }
    }
    const result = await runExport(clients.get(SecurityHubClient, target.region), plan, {
      archiveMissing: archive,
      onBatch: (done, total) => term.info(`imported ${done}/${total}`),
    });
    term.info(`Security Hub ${accountId}/${target.region}: ${result.imported} imported, ${result.archived} archived, ${result.failed.length} refused (${result.batches} BatchImportFindings calls)`);
    for (const f of result.failed.slice(0, 20)) term.error(`refused ${f.id}: ${f.code} ${f.message}`);
    if (result.failed.length > 20) term.error(`… and ${result.failed.length - 20} more refused`);
    // Some findings did not reach Security Hub: the export is incomplete, like a failed gate.
    return result.failed.length ? EXIT_GATE_FAILED : EXIT_OK;
  } finally {
    clients.destroy?.();
  }
}
