/**
 * The `trailwise` command line. Exit codes: 0 the gate passed (or the command succeeded), 1 the gate failed (or a
 * policy test failed), 2 a usage or input error (one message, no stack trace). Anything else is a trailwise bug and
 * is shown with its stack, also with exit code 2.
 */
import {Command, CommanderError, Option} from 'commander';
import {EXIT_INPUT_ERROR, InputError} from '../errors.js';
import {TOOL_VERSION} from '../version.js';
import {processTerminal, type Terminal} from './terminal.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function evaluationOptions(command: Command): Command {
  return gateOptions(
    command
      .option('--format <names>', 'text, json, markdown, sarif, csv, html, ocsf, asff (comma-separated with --output DIR); default: from the --output extension')
      .option('--output <file|dir>', 'write the report(s) there instead of the terminal (.json .sarif .md .txt .csv .html .ocsf.jsonl .asff.json, or DIR/)')
      .option('--history <dir>', 'earlier JSON reports (a folder, or an audit reports root): the HTML report draws the score trend'),
  );
}

/** Narrowing the rules on the command line, without a config file: shared by evaluate, scan and audit. */
function selectionOptions(command: Command): Command {
  return command
    .option('--rules <ids>', 'only these rules: ids or globs, comma-separated (ct.*,s3.trail-bucket-*)')
    .option('--exclude-rules <ids>', 'leave these rules out: ids or globs, comma-separated')
    .option('--severity <list>', 'only rules of these severities: critical, high, medium, low (comma-separated)')
    .option('--pillar <list>', 'only rules of these pillars: SEC04, COST')
    .option('--services <list>', 'only rules of these services: rule families (ct, s3, gd…) or policy folders (cloudtrail…)');
}

/** The rule set and the gate: shared by evaluate, scan and audit. */
function gateOptions(command: Command): Command {
  return selectionOptions(command)
    .option('--pack <name>', 'rule pack: wa-sec04 (default), cis-l2, cost-aware')
    .option('--policies <dir>', 'an extra policy folder (repeatable)', collect)
    .option('--config <file>', 'trailwise.config.yaml or .json')
    .option('--fail-on <severity>', 'lowest severity whose fail fails the gate: critical, high, medium, low, none', 'high')
    .option('--min-score <n>', 'fail the gate when the overall score is below n')
    .option('--fail-on-incomplete', 'error and unknown findings at or above --fail-on fail the gate too')
    .option('--baseline <report.json>', 'gate only on failures that are not in this previous JSON report');
}

function collectorOptions(command: Command): Command {
  return command
    .option('--profile <name>', 'AWS credentials profile')
    .option('--role-arn <arn>', 'assume this role first (session name "trailwise")')
    .option('--external-id <id>', 'external id for --role-arn')
    .option('--regions <list>', 'comma-separated regions to read (default: every enabled region)')
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (LocalStack, moto); AWS_ENDPOINT_URL works too')
    .option('--concurrency <n>', 'AWS calls in flight (regions are started that many at a time)', '8');
}

/** Builds the program; `term` receives all output (tests pass a fake). */
export function buildProgram(term: Terminal, setExit: (code: number) => void): Command {
  const program = new Command('trailwise')
    .description('Policy-as-code checks for AWS logging configuration (Well-Architected SEC04 and cost).')
    .version(TOOL_VERSION)
    .option('--no-color', 'no colours (NO_COLOR is honoured too)')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({writeOut: (s) => term.out(s.trimEnd()), writeErr: (s) => term.error(s.trimEnd())});

  evaluationOptions(
    program
      .command('evaluate')
      .description('evaluate a snapshot file and report')
      .requiredOption('--snapshot <file>', 'snapshot JSON file'),
  ).action(async (flags) => {
    const {evaluateCommand} = await import('./commands/evaluate.js');
    setExit(await evaluateCommand(flags, term));
  });

  program
    .command('validate')
    .description('validate a snapshot, policy, policy test, pack or config file')
    .argument('<file>')
    .action(async (file: string) => {
      const {validateCommand} = await import('./commands/validate.js');
      setExit(await validateCommand(file, term));
    });

  program
    .command('test')
    .description('run policy tests (*.test.yaml) in the folders (default: the built-in policies)')
    .argument('[dirs...]')
    .action(async (dirs: string[]) => {
      const {testCommand} = await import('./commands/test.js');
      setExit(await testCommand(dirs, term));
    });

  program
    .command('facts')
    .description('print the normalized facts policies see, per selector (the names to use in a policy)')
    .requiredOption('--snapshot <file>', 'snapshot JSON file')
    .option('--account <id>', 'only this account\'s subjects')
    .option('--json', 'as JSON')
    .action(async (flags) => {
      const {factsCommand} = await import('./commands/facts.js');
      setExit(await factsCommand(flags, term));
    });

  program
    .command('rules')
    .description('list the rules with id, severity, pillar and Well-Architected mapping')
    .option('--pack <name>', 'rule pack')
    .option('--policies <dir>', 'an extra policy folder (repeatable)', collect)
    .option('--config <file>', 'config file')
    .option('--json', 'as JSON')
    .action(async (flags) => {
      const {rulesCommand} = await import('./commands/rules.js');
      setExit(await rulesCommand(flags, term));
    });

  evaluationOptions(
    collectorOptions(
      program
        .command('plan')
        .description('judge a change before it is applied: a Terraform plan JSON, CloudFormation templates or a cdk.out folder')
        .argument('<files...>', 'plan JSON (terraform show -json tfplan), templates (JSON/YAML), or cdk.out folders'),
    ),
  )
    .option('--base <snapshot.json>', 'the account as it is: judge the change over this snapshot')
    .option('--live', 'the account as it is: read it live (the collector flags apply)')
    .option('--account-id <id>', 'the account the change is for, when the plan does not show it')
    .option('--region <name>', 'the region of resources whose region the input does not show (templates: the stack region)')
    .option('--parameters <file>', 'CloudFormation parameters (aws cloudformation deploy or CodePipeline format)')
    .option('--source-dir <dir>', 'where the .tf files and templates are, to point findings at their lines (default: the current folder; "" for none)')
    .option('--gate <new|all>', 'new: fail only on findings the change newly fails (default); all: on every failing finding after it', 'new')
    .action(async (files: string[], flags) => {
      const {planCommand} = await import('./commands/plan.js');
      setExit(await planCommand(files, flags, term));
    });

  registerLiveCommands(program, term, setExit);
  registerOrgCommands(program, term, setExit);
  registerExportCommands(program, term, setExit);
  return program;
}

/** `audit`, `merge` and `diff`: the organization-wide audit and what a scheduled run needs around it. */
function registerOrgCommands(program: Command, term: Terminal, setExit: (code: number) => void): void {
  gateOptions(
    program
      .command('audit')
      .description('audit every account of an AWS Organization (or the named accounts) into reports/<UTC timestamp>/')
      .option('--org', 'list the accounts of the organization (management account or delegated administrator credentials)')
      .option('--role-name <name>', 'role assumed in each member account', 'OrganizationAccountAccessRole')
      .option('--external-id <id>', 'external id for the member role')
      .option('--accounts <ids|@file>', 'only these account ids (comma-separated, or @file with one per line)')
      .option('--exclude <ids|@file>', 'leave these account ids out')
      .option('--regions <list>', 'comma-separated regions to read (default: every enabled region)')
      .option('--concurrency <n>', 'accounts read in parallel', '8')
      .option('--region-concurrency <n>', 'regions read in parallel within an account', '8')
      .option('--max-calls <n>', 'API calls in flight over the whole audit (default: concurrency × region concurrency)')
      .option('--account-timeout <seconds>', 'after this, an account is recorded as Timeout and the audit goes on', '1800')
      .option('--shard <i/n>', 'audit a stable 1/n share of the accounts (for a matrix of machines)')
      .option('--resume <dir>', 'finish an interrupted audit without reading finished accounts again')
      .option('--upload <s3url>', 'copy the report directory to s3://bucket/prefix (SSE, no public ACL)')
      .option('--upload-kms-key <id>', 'SSE-KMS key for --upload (default SSE-S3)')
      .option('--endpoint-url <url>', 'send every AWS call to this endpoint (LocalStack, moto)')
      .option('--profile <name>', 'AWS credentials profile of the caller')
      .option('--output <dir>', 'reports root: the audit goes to <dir>/<UTC timestamp>/ and <dir>/latest', 'reports')
      .option('--format <names>', 'also write csv, ocsf, asff into the run folder (JSON, SARIF, Markdown and HTML always are)'),
  ).action(async (flags) => {
    const {auditCommand} = await import('./commands/audit.js');
    setExit(await auditCommand(flags, term));
  });

  program
    .command('merge')
    .description('combine shard outputs into one organization snapshot and report')
    .argument('<dirs...>')
    .option('--output <dir>', 'reports root for the merged audit', 'reports')
    .option('--format <names>', 'also write csv, ocsf, asff into the merged folder (JSON, SARIF, Markdown and HTML always are)')
    .option('--pack <name>', 'rule pack')
    .option('--policies <dir>', 'an extra policy folder (repeatable)', collect)
    .option('--config <file>', 'config file')
    .option('--upload <s3url>', 'copy the merged directory to s3://bucket/prefix')
    .option('--fail-on <severity>', 'lowest severity whose fail fails the gate', 'high')
    .option('--min-score <n>', 'fail the gate when the organization score is below n')
    .action(async (dirs: string[], flags) => {
      const {mergeCommand} = await import('./commands/audit.js');
      setExit(await mergeCommand(dirs, flags, term));
    });

  program
    .command('diff')
    .description('what changed between two reports (JSON reports or audit directories)')
    .argument('<old>')
    .argument('<new>')
    .option('--format <name>', 'text, markdown or json', 'text')
    .option('--output <file>', 'write the diff to a file')
    .option('--fail-on-regression', 'exit 1 when the score dropped or a new critical/high failure appeared')
    .action(async (oldPath: string, newPath: string, flags) => {
      const {diffCommand} = await import('./commands/audit.js');
      setExit(await diffCommand(oldPath, newPath, flags, term));
    });
}

/** `export securityhub`: the one command that writes to AWS (its own IAM policy, a confirmation, `--dry-run`). */
function registerExportCommands(program: Command, term: Terminal, setExit: (code: number) => void): void {
  const exporter = program.command('export').description('send a report\'s findings to another system');
  exporter
    .command('securityhub')
    .description('import a JSON report\'s findings into AWS Security Hub (BatchImportFindings, batches of 100)')
    .requiredOption('--report <file|dir>', 'a trailwise JSON report, or an audit directory')
    .option('--region <region>', 'the Security Hub region (default AWS_REGION, else us-east-1)')
    .option('--profile <name>', 'AWS credentials profile')
    .option('--role-arn <arn>', 'assume this role first')
    .option('--endpoint-url <url>', 'send the calls to this endpoint')
    .option('--no-archive-missing', 'do not archive earlier trailwise findings that the report no longer has')
    .option('--dry-run', 'say what would be sent, send nothing')
    .option('--yes', 'do not ask for confirmation (needed when no terminal can answer)')
    .action(async (flags) => {
      const {exportSecurityHubCommand} = await import('./commands/export.js');
      setExit(await exportSecurityHubCommand(flags, term));
    });
}

/** `snapshot` and `scan`: the commands that read a live account. */
function registerLiveCommands(program: Command, term: Terminal, setExit: (code: number) => void): void {
  collectorOptions(
    program
      .command('snapshot')
      .description('read a live account (read-only) and write a snapshot file')
      .requiredOption('--output <file>', 'where to write the snapshot'),
  ).action(async (flags) => {
    const {snapshotCommand} = await import('./commands/live.js');
    setExit(await snapshotCommand(flags, term));
  });

  evaluationOptions(collectorOptions(program.command('scan').description('snapshot + evaluate a live account')))
    .addOption(new Option('--save-snapshot <file>', 'also keep the snapshot'))
    .action(async (flags) => {
      const {scanCommand} = await import('./commands/live.js');
      setExit(await scanCommand(flags, term));
    });
}

/** Runs the CLI with `argv` and returns the exit code (never throws). */
export async function runCli(argv: string[], term: Terminal = processTerminal({noColor: argv.includes('--no-color')})): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(term, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, {from: 'user'});
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; a usage mistake has already been printed.
      return err.exitCode === 0 ? 0 : EXIT_INPUT_ERROR;
    }
    if (err instanceof InputError) {
      term.error(`trailwise: ${err.message}`);
      return EXIT_INPUT_ERROR;
    }
    term.error(`trailwise: internal error (a bug — please report it):\n${(err as Error).stack ?? String(err)}`);
    return EXIT_INPUT_ERROR;
  }
}
