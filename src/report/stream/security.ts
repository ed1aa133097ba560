/**
 * The streamed writers of the formats security teams ingest: OCSF as JSON Lines, ASFF as a JSON array (what
 * `aws securityhub batch-import-findings` takes), CSV. Each writes exactly what its `format…` function returns for
 * the same report (a test holds them to it), one finding at a time.
 */
import type {Finding} from '../../evaluate/types.js';
import {asffFinding, defaultAsffTarget} from '../asff.js';
import {accountNames, csvFinding, csvHeader} from '../csv.js';
import {ocsfContext, ocsfLine, type OcsfContext} from '../ocsf.js';
import type {FindingWriter, ReportFrame, TextSink} from './writer.js';

/** OCSF 1.1 Compliance Findings, one per line. */
export class OcsfWriter implements FindingWriter {
  private context?: OcsfContext;

  constructor(private readonly sink: TextSink) {}

  async begin(frame: ReportFrame): Promise<void> {
    this.context = ocsfContext(frame);
  }

  write(finding: Finding): Promise<void> {
    return this.sink.write(ocsfLine(finding, this.context!));
  }

  async end(): Promise<void> {}
}

/** ASFF findings as a JSON array, one finding per line. */
export class AsffWriter implements FindingWriter {
  private frame?: ReportFrame;
  private count = 0;

  constructor(private readonly sink: TextSink) {}

  begin(frame: ReportFrame): Promise<void> {
    this.frame = frame;
    return this.sink.write('[');
  }

  write(finding: Finding): Promise<void> {
    const region = finding.region === 'global' ? 'us-east-1' : finding.region;
    const item = asffFinding(finding, defaultAsffTarget(this.frame!, finding.accountId, region), this.frame!.snapshot.collectedAt);
    return this.sink.write(`${this.count++ ? ',' : ''}\n${JSON.stringify(item)}`);
  }

  end(): Promise<void> {
    return this.sink.write(`${this.count ? '\n' : ''}]\n`);
  }
}

/** CSV, header first. */
export class CsvWriter implements FindingWriter {
  private names = new Map<string, string>();

  constructor(private readonly sink: TextSink) {}

  begin(frame: ReportFrame): Promise<void> {
    this.names = accountNames(frame);
    return this.sink.write(csvHeader());
  }

  write(finding: Finding): Promise<void> {
    return this.sink.write(csvFinding(finding, this.names.get(finding.accountId)));
  }

  async end(): Promise<void> {}
}
