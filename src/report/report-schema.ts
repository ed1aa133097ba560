/** The JSON report's schema (published as `schema/report.schema.json`). */

const str = {type: 'string'};
const strList = {type: 'array', items: str};
const scoreValue = {type: ['number', 'null'], minimum: 0, maximum: 100};
const severity = {enum: ['critical', 'high', 'medium', 'low']};
const status = {enum: ['pass', 'fail', 'error', 'unknown', 'not_applicable', 'suppressed']};
const pillarScores = {
  type: 'object',
  additionalProperties: false,
  required: ['overall', 'sec04', 'cost', 'coverage'],
  properties: {overall: scoreValue, sec04: scoreValue, cost: scoreValue, coverage: scoreValue},
};
const countsOf = (keys: string[]) => ({
  type: 'object',
  additionalProperties: false,
  required: keys,
  properties: Object.fromEntries(keys.map((k) => [k, {type: 'integer', minimum: 0}])),
});

export const reportSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://trailwise.dev/schema/report-1.0.json',
  title: 'trailwise report',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'tool', 'version', 'generatedAt', 'pack', 'snapshot', 'score', 'counts', 'rules', 'findings', 'suppressions'],
  properties: {
    schemaVersion: {const: '1.0'},
    tool: {const: 'trailwise'},
    version: str,
    generatedAt: {type: 'string', format: 'date-time'},
    pack: str,
    snapshot: {
      type: 'object',
      additionalProperties: false,
      required: ['source', 'collectedAt', 'toolVersion', 'accounts', 'regions'],
      properties: {
        file: str,
        source: str,
        collectedAt: str,
        toolVersion: str,
        interrupted: {type: 'boolean'},
        regions: strList,
        accounts: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['accountId', 'regions'],
            properties: {accountId: str, name: str, alias: str, ou: str, error: str, regions: {type: 'integer', minimum: 0}},
          },
        },
      },
    },
    score: {
      type: 'object',
      additionalProperties: false,
      required: ['overall', 'sec04', 'cost', 'coverage', 'byAccount'],
      properties: {...pillarScores.properties, byAccount: {type: 'object', additionalProperties: pillarScores}},
    },
    counts: {
      type: 'object',
      additionalProperties: false,
      required: ['byStatus', 'bySeverity'],
      properties: {
        byStatus: countsOf(['fail', 'error', 'unknown', 'pass', 'suppressed', 'not_applicable']),
        bySeverity: countsOf(['critical', 'high', 'medium', 'low']),
      },
    },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'severity', 'pillar', 'bestPractices', 'advisory', 'enabled', 'parameters', 'rationale', 'remediation', 'equivalents'],
        properties: {
          id: str,
          title: str,
          severity,
          pillar: {enum: ['SEC04', 'COST']},
          bestPractices: strList,
          category: str,
          advisory: {type: 'boolean'},
          enabled: {type: 'boolean'},
          parameters: {type: 'object'},
          rationale: str,
          remediation: {type: 'object', required: ['summary'], properties: {summary: str, console: str, cli: str, cliNote: str, terraform: str}, additionalProperties: false},
          equivalents: {type: 'object', additionalProperties: strList},
          source: str,
        },
      },
    },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['ruleId', 'title', 'status', 'severity', 'pillar', 'bestPractices', 'accountId', 'region', 'resource', 'resourceType', 'message', 'remediation', 'fingerprint'],
        properties: {
          ruleId: str,
          title: str,
          status,
          severity,
          pillar: {enum: ['SEC04', 'COST']},
          bestPractices: strList,
          advisory: {type: 'boolean'},
          accountId: str,
          region: str,
          resource: str,
          resourceType: str,
          message: str,
          remediation: str,
          suppression: {type: 'object', required: ['justification'], properties: {justification: str, expires: str}, additionalProperties: false},
          estimatedMonthlyCostUsd: {type: 'number', minimum: 0},
          fingerprint: str,
          source: {
            type: 'object',
            additionalProperties: false,
            required: ['kind', 'address'],
            properties: {kind: {enum: ['terraform', 'cloudformation']}, address: str, file: str, line: {type: 'integer', minimum: 1}},
          },
        },
      },
    },
    change: {
      type: 'object',
      additionalProperties: false,
      required: ['mode', 'gate', 'inputs', 'scoreBefore', 'resources', 'newlyFailing', 'fixed'],
      properties: {
        mode: {enum: ['plan-over-base', 'plan-alone']},
        gate: {enum: ['new', 'all']},
        inputs: strList,
        base: str,
        scoreBefore: pillarScores,
        resources: countsOf(['create', 'update', 'delete', 'replace', 'no-op']),
        newlyFailing: strList,
        fixed: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['ruleId', 'title', 'severity', 'resource', 'fingerprint'],
            properties: {ruleId: str, title: str, severity, resource: str, fingerprint: str, address: str},
          },
        },
        notes: strList,
      },
    },
    suppressions: {
      type: 'object',
      additionalProperties: false,
      required: ['expired', 'unused'],
      properties: {
        expired: {
          type: 'array',
          items: {type: 'object', required: ['rule', 'expires', 'justification'], properties: {rule: str, resource: str, expires: str, justification: str}},
        },
        unused: {type: 'array', items: {type: 'object', required: ['rule'], properties: {rule: str, resource: str}}},
      },
    },
    gate: {
      type: 'object',
      additionalProperties: false,
      required: ['passed', 'reasons', 'failOn', 'baseline', 'newFailures'],
      properties: {
        passed: {type: 'boolean'},
        reasons: strList,
        failOn: {enum: ['critical', 'high', 'medium', 'low', 'none']},
        minScore: {type: 'number', minimum: 0, maximum: 100},
        failOnIncomplete: {type: 'boolean'},
        baseline: {type: ['string', 'null']},
        newFailures: {type: 'integer', minimum: 0},
      },
    },
  },
} as const;
