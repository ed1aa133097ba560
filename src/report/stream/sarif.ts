/** The SARIF report (`formatSarif`, byte for byte), one result written per failing finding as it comes. */
import type {Finding} from '../../evaluate/types.js';
import {SarifResults, sarifLog, type SarifOptions} from '../sarif.js';
import {StreamedJsonArray, WRITTEN, type FindingWriter, type ReportFrame, type TextSink} from './writer.js';

export class SarifReportWriter implements FindingWriter {
  private readonly array: StreamedJsonArray;
  private results?: SarifResults;

  /**
   * `failures` holds the first failing finding of each rule (`firstFailures`): SARIF lists its rules before its
   * results, so the rules that fail must be known first (a streamed evaluation knows them from its rule set).
   */
  constructor(
    sink: TextSink,
    private readonly failures: Map<string, Finding>,
    private readonly options: SarifOptions = {},
  ) {
    this.array = new StreamedJsonArray(sink);
  }

  begin(frame: ReportFrame): Promise<void> {
    const results = new SarifResults(frame, this.failures, this.options);
    this.results = results;
    return this.array.begin((marker) => sarifLog(frame, results.rules, marker));
  }

  write(finding: Finding): Promise<void> {
    return finding.status === 'fail' ? this.array.write(this.results!.result(finding)) : WRITTEN;
  }

  end(frame: ReportFrame): Promise<void> {
    const rules = this.results!.rules;
    return this.array.end((marker) => sarifLog(frame, rules, marker));
  }
}
