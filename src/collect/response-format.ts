/**
 * Whether a successful (2xx) response is in the format of its protocol. The SDK's XML deserializers read whatever
 * they are given: an HTML page from a proxy or a captive portal, answered with HTTP 200, parses as an XML document
 * with none of the expected fields, and would become "not configured". The JSON protocols already fail on such a
 * body (a SyntaxError); the check covers them too so that every protocol fails the same way, with the HTTP status.
 */

/** The protocols of the AWS services, as the SDK names them (`aws.protocols#restXml`…). */
type ProtocolFamily = 'rest-xml' | 'query' | 'json';

const FAMILY: Record<string, ProtocolFamily> = {
  'aws.protocols#restXml': 'rest-xml',
  'aws.protocols#awsQuery': 'query',
  'aws.protocols#ec2Query': 'query',
  'aws.protocols#awsJson1_0': 'json',
  'aws.protocols#awsJson1_1': 'json',
  'aws.protocols#restJson1': 'json',
  'smithy.protocols#rpcv2Cbor': 'json',
};

export interface ResponseToCheck {
  /** The SDK's protocol id (`aws.protocols#restXml`); an unknown protocol is not checked. */
  protocol: string | undefined;
  /** The command's name without `Command` (`DescribeRegions`): the query protocols wrap the answer in `<NameResponse>`. */
  operation: string;
  contentType: string | undefined;
  body: string;
}

/**
 * The root element of an XML document, after its declaration, comments, processing instructions and DOCTYPE; or
 * `undefined` when the text does not start like an XML document. Scans forward only (linear in the text).
 */
export function xmlRootElement(text: string): string | undefined {
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s|\uFEFF/.test(text[i]!)) i++;
  };
  for (;;) {
    skipSpace();
    if (text[i] !== '<') return undefined;
    const next = text[i + 1];
    if (next === '?' || next === '!') {
      const end = text.startsWith('<!--', i) ? text.indexOf('-->', i + 4) : text.indexOf('>', i + 2);
      if (end < 0) return undefined;
      i = end + (text.startsWith('<!--', i) ? 3 : 1);
      continue;
    }
    const name = /^[A-Za-z_][\w.:-]*/.exec(text.slice(i + 1, i + 257))?.[0];
    return name;
  }
}

/** Why a 2xx body is not in its protocol's format, or `undefined` when it is (or cannot be told). */
export function responseFormatProblem(response: ResponseToCheck): string | undefined {
  const family = response.protocol ? FAMILY[response.protocol] : undefined;
  if (!family) return undefined;
  if (/text\/html/i.test(response.contentType ?? '')) return 'an HTML page instead of an AWS answer';
  const body = response.body.replace(/^[\s\uFEFF]+/, '');
  if (family === 'json') {
    // The SDK reads an empty body as `{}`, which is how several JSON APIs answer; anything else must be JSON.
    return body === '' || body[0] === '{' || body[0] === '[' ? undefined : 'a body that is not JSON';
  }
  if (body === '') return 'an empty body where AWS answers in XML';
  if (family === 'rest-xml' && body[0] === '{') {
    // A REST-XML payload that is a document of its own: GetBucketPolicy answers with the policy's JSON.
    try {
      JSON.parse(body);
      return undefined;
    } catch {
      return 'a body that is neither XML nor the JSON document the operation returns';
    }
  }
  const root = xmlRootElement(body);
  if (root === undefined) return 'a body that is not XML';
  if (root.toLowerCase() === 'html') return 'an HTML page instead of an AWS answer';
  if (family === 'query' && root !== `${response.operation}Response`) {
    return `XML whose root element is <${root}>, not <${response.operation}Response>`;
  }
  return undefined;
}
