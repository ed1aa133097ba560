import type {AdvancedEventSelector, AdvancedFieldSelector, EventSelector, TrailEventSelectors} from './types.js';

/**
 * One reading of a trail's event selectors, basic or advanced, so that no rule parses selectors itself. Peers get
 * this wrong in opposite directions (Prowler passes any advanced selector that names `AWS::S3::Object`, Steampipe
 * ignores advanced selectors); this reader follows the CloudTrail documentation for both forms.
 */
export interface SelectorAnalysis {
  management: {
    read: boolean;
    write: boolean;
    /** Event sources left out (`ExcludeManagementEventSources`, or advanced `eventSource NotEquals`). */
    excludedSources: string[];
    /** For each category, the event sources whose management events are recorded (null: none), over all selectors. */
    sources: {read: EventSources | null; write: EventSources | null};
  };
  s3Data: {
    read: Breadth;
    write: Breadth;
    /** ARN prefixes named by narrowed selectors (`arn:aws:s3:::bucket/…`). */
    prefixes: string[];
    /** ARN prefixes excluded from an otherwise all-bucket selector (`resources.ARN NotStartsWith`). */
    excludedPrefixes: string[];
  };
  /** Data resource types logged other than S3 objects (e.g. `AWS::Lambda::Function`). */
  otherDataTypes: string[];
}

/** How much of a data-event category is logged. */
export type Breadth = 'all' | 'some' | 'none';

/** A set of event sources: every source but some (`allExcept`), or only the ones named. */
export type EventSources = {allExcept: string[]} | {only: string[]};

/** The sources either set records: a selector records an event when any of the trail's selectors matches it. */
export function unionOfSources(a: EventSources | null, b: EventSources | null): EventSources | null {
  if (!a || !b) return a ?? b;
  if ('allExcept' in a && 'allExcept' in b) return {allExcept: a.allExcept.filter((s) => b.allExcept.includes(s))};
  if ('only' in a && 'only' in b) return {only: [...new Set([...a.only, ...b.only])].sort()};
  const [all, some] = 'allExcept' in a ? [a, b as {only: string[]}] : [b as {allExcept: string[]}, a];
  return {allExcept: all.allExcept.filter((s) => !some.only.includes(s))};
}

/** Whether the set holds `source`; `*` stands for every source the set does not name. */
export function sourcesInclude(sources: EventSources | null, source: string): boolean {
  if (!sources) return false;
  if ('only' in sources) return source !== '*' && sources.only.includes(source);
  return !sources.allExcept.includes(source);
}

/** The management events of the categories a selector matches, from the sources it matches. */
function recordManagement(out: SelectorAnalysis, read: boolean, write: boolean, sources: EventSources): void {
  if (read) out.management.sources.read = unionOfSources(out.management.sources.read, sources);
  if (write) out.management.sources.write = unionOfSources(out.management.sources.write, sources);
}

const S3_OBJECT = 'AWS::S3::Object';

function wider(a: Breadth, b: Breadth): Breadth {
  if (a === 'all' || b === 'all') return 'all';
  if (a === 'some' || b === 'some') return 'some';
  return 'none';
}

/** `arn:aws:s3`, `arn:aws:s3:::` and `arn:aws:s3:::*\/*` (any partition) mean "every bucket". */
export function isAllBucketsValue(value: string): boolean {
  return /^arn:[a-z-]+:s3(:::(\*\/\*)?)?$/.test(value);
}

/** Reads basic or advanced selectors into one `SelectorAnalysis`. */
export function analyzeSelectors(selectors: TrailEventSelectors): SelectorAnalysis {
  const result: SelectorAnalysis = {
    management: {read: false, write: false, excludedSources: [], sources: {read: null, write: null}},
    s3Data: {read: 'none', write: 'none', prefixes: [], excludedPrefixes: []},
    otherDataTypes: [],
  };
  for (const selector of selectors.EventSelectors ?? []) readBasic(selector, result);
  for (const selector of selectors.AdvancedEventSelectors ?? []) readAdvanced(selector, result);
  result.management.excludedSources = [...new Set(result.management.excludedSources)].sort();
  result.s3Data.prefixes = [...new Set(result.s3Data.prefixes)].sort();
  result.s3Data.excludedPrefixes = [...new Set(result.s3Data.excludedPrefixes)].sort();
  result.otherDataTypes = [...new Set(result.otherDataTypes)].sort();
  return result;
}

function readBasic(selector: EventSelector, out: SelectorAnalysis): void {
  const rw = selector.ReadWriteType ?? 'All';
  const read = rw === 'All' || rw === 'ReadOnly';
  const write = rw === 'All' || rw === 'WriteOnly';
  // CloudTrail's default for IncludeManagementEvents is true.
  if (selector.IncludeManagementEvents !== false) {
    out.management.read ||= read;
    out.management.write ||= write;
    out.management.excludedSources.push(...(selector.ExcludeManagementEventSources ?? []));
    recordManagement(out, read, write, {allExcept: [...(selector.ExcludeManagementEventSources ?? [])].sort()});
  }
  for (const resource of selector.DataResources ?? []) {
    if (resource.Type !== S3_OBJECT) {
      if (resource.Type) out.otherDataTypes.push(resource.Type);
      continue;
    }
    const values = resource.Values ?? [];
    const breadth: Breadth = values.some(isAllBucketsValue) ? 'all' : values.length ? 'some' : 'none';
    if (breadth === 'some') out.s3Data.prefixes.push(...values);
    if (read) out.s3Data.read = wider(out.s3Data.read, breadth);
    if (write) out.s3Data.write = wider(out.s3Data.write, breadth);
  }
}

function field(selector: AdvancedEventSelector, name: string): AdvancedFieldSelector | undefined {
  return selector.FieldSelectors.find((f) => f.Field === name);
}

/** `readOnly` Equals ["true"] → read only; ["false"] → write only; absent → both. */
function readWriteOf(selector: AdvancedEventSelector): {read: boolean; write: boolean} {
  const readOnly = field(selector, 'readOnly');
  if (!readOnly) return {read: true, write: true};
  const equals = readOnly.Equals ?? [];
  const notEquals = readOnly.NotEquals ?? [];
  const read = equals.length ? equals.includes('true') : !notEquals.includes('true');
  const write = equals.length ? equals.includes('false') : !notEquals.includes('false');
  return {read, write};
}

function readAdvanced(selector: AdvancedEventSelector, out: SelectorAnalysis): void {
  const category = field(selector, 'eventCategory')?.Equals ?? [];
  const {read, write} = readWriteOf(selector);
  if (category.includes('Management')) {
    out.management.read ||= read;
    out.management.write ||= write;
    const eventSource = field(selector, 'eventSource');
    out.management.excludedSources.push(...(eventSource?.NotEquals ?? []));
    // Trails accept only `NotEquals` (KMS, RDS Data API) here; `Equals` is what event data stores also allow.
    const sources: EventSources = eventSource?.Equals?.length
      ? {only: [...new Set(eventSource.Equals)].sort()}
      : {allExcept: [...new Set(eventSource?.NotEquals ?? [])].sort()};
    recordManagement(out, read, write, sources);
    return;
  }
  if (!category.includes('Data')) return;
  const types = field(selector, 'resources.type')?.Equals ?? [];
  for (const type of types) if (type !== S3_OBJECT) out.otherDataTypes.push(type);
  if (!types.includes(S3_OBJECT)) return;

  const arn = field(selector, 'resources.ARN');
  const narrowing = [...(arn?.StartsWith ?? []), ...(arn?.Equals ?? [])];
  // Any field other than these narrows the selector to a subset of events (eventName, userIdentity.arn, …).
  const neutral = new Set(['eventCategory', 'resources.type', 'readOnly', 'resources.ARN']);
  const otherFilters = selector.FieldSelectors.some((f) => !neutral.has(f.Field));
  let breadth: Breadth;
  if (narrowing.length) {
    breadth = narrowing.some(isAllBucketsValue) ? 'all' : 'some';
    // A prefix only counts as covering its bucket when nothing else (eventName, suffixes…) narrows the selector.
    const partial = otherFilters || !!arn?.EndsWith?.length || !!arn?.NotEndsWith?.length;
    if (breadth === 'some' && !partial) out.s3Data.prefixes.push(...narrowing);
  } else {
    breadth = 'all';
  }
  // Suffix filters keep some objects out whatever the bucket: the selector no longer covers every bucket fully.
  if (arn?.EndsWith?.length || arn?.NotEndsWith?.length) breadth = 'some';
  if (otherFilters && breadth === 'all') breadth = 'some';
  out.s3Data.excludedPrefixes.push(...(arn?.NotStartsWith ?? []), ...(arn?.NotEquals ?? []));
  if (read) out.s3Data.read = wider(out.s3Data.read, breadth);
  if (write) out.s3Data.write = wider(out.s3Data.write, breadth);
}

/**
 * Whether the S3 data events this analysis describes include objects of `bucket` (in `partition`): an all-bucket
 * selector that does not exclude it, or a narrowed selector whose prefix names it.
 */
export function dataEventsCoverBucket(s3Data: SelectorAnalysis['s3Data'], bucket: string, partition = 'aws'): boolean {
  const bucketArn = `arn:${partition}:s3:::${bucket}`;
  const logged = s3Data.read !== 'none' || s3Data.write !== 'none';
  if (!logged) return false;
  const names = (prefix: string) => prefix === bucketArn || prefix.startsWith(`${bucketArn}/`);
  const allBuckets = s3Data.read === 'all' || s3Data.write === 'all';
  if (allBuckets && !s3Data.excludedPrefixes.some((p) => names(p) || bucketArn.startsWith(p))) return true;
  return s3Data.prefixes.some(names);
}
