/**
 * Reads CloudFormation templates and CDK cloud assemblies into planned resources. A template is the desired state of
 * its stack: every resource whose condition holds (or cannot be evaluated) is planned to exist as written. A CDK
 * `cdk.out/` folder names its stacks, their templates and their environments (`aws://account/region`) in
 * `manifest.json`; nested assemblies (CDK stages) are followed.
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {assertValid} from '../../ajv.js';
import {defineValidator} from '../../validators.js';
import {InputError} from '../../errors.js';
import type {ResourceMapper} from '../change.js';
import {combineChanges} from '../change.js';
import type {ReadOptions} from '../inputs.js';
import {Unresolved, type PlannedChange, type PlannedResource, type Values} from '../model.js';
import {mapCloudFormationResource} from './map.js';
import {parseParameters, parseTemplate, TemplateResolver} from './template.js';

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file);
  }
}

interface Stack {
  name: string;
  file: string;
  region?: string;
  accountId?: string;
}

/** Reads one template of a stack into planned resources. */
export async function readTemplate(stack: Stack, parameters: Record<string, string>, partition = 'aws'): Promise<PlannedChange> {
  const {template, lines} = parseTemplate(await readText(stack.file), stack.file);
  if (!stack.region) throw new InputError(`${stack.file}: the stack's region is not known: pass --region`, stack.file);
  const region = stack.region;
  const resolver = new TemplateResolver(template, {stack: stack.name, region, accountId: stack.accountId, partition, parameters});
  const notes: string[] = [];
  const resources: PlannedResource[] = [];
  const hasChannel = Object.values(template.Resources).some((r) => r.Type === 'AWS::Config::DeliveryChannel' && (!r.Condition || resolver.condition(r.Condition) !== false));
  for (const [logicalId, r] of Object.entries(template.Resources)) {
    let uncertain: Unresolved | undefined;
    if (r.Condition) {
      const holds = resolver.condition(r.Condition);
      if (holds === false) continue;
      if (holds === undefined) {
        uncertain = new Unresolved(`${stack.name}/${logicalId} exists only if condition ${r.Condition} holds, which cannot be evaluated before deployment`);
        notes.push(uncertain.reason);
      }
    }
    const after = resolver.resolve(r.Properties ?? {}) as Values;
    if (r.Type === 'AWS::Config::ConfigurationRecorder' && hasChannel) after['trailwise:recorderStarts'] = true;
    resources.push({
      source: {kind: 'cloudformation', logicalId, template: stack.file, stack: stack.name, ...(lines.has(logicalId) ? {line: lines.get(logicalId)} : {})},
      type: r.Type,
      action: 'create',
      region,
      before: null,
      after,
      ...(uncertain ? {uncertain} : {}),
    });
  }
  return {kind: 'cloudformation', files: [stack.file], resources, ...(stack.accountId ? {accountId: stack.accountId} : {}), partition, regions: [region], notes};
}

const manifestSchema = {
  type: 'object',
  required: ['artifacts'],
  properties: {
    version: {type: 'string'},
    artifacts: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['type'],
        properties: {type: {type: 'string'}, environment: {type: 'string'}, properties: {type: 'object'}, displayName: {type: 'string'}},
      },
    },
  },
};
const manifestValidator = defineValidator('cdk-manifest', manifestSchema);

interface Manifest {
  artifacts: Record<string, {type: string; environment?: string; properties?: {templateFile?: string; stackName?: string; directoryName?: string}}>;
}

/** The stacks of a CDK cloud assembly (and of its nested assemblies), with their environments. */
export async function cdkStacks(dir: string, depth = 0): Promise<Stack[]> {
  const file = path.join(dir, 'manifest.json');
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readText(file));
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${file}: not valid JSON: ${(err as Error).message}`, file);
  }
  assertValid<Manifest>(manifestValidator(), manifest, file, 'CDK cloud assembly manifest');
  const stacks: Stack[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts)) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName && depth < 4) {
      stacks.push(...(await cdkStacks(path.join(dir, artifact.properties.directoryName), depth + 1)));
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
    const env = /^aws:\/\/([^/]+)\/(.+)$/.exec(artifact.environment ?? '');
    const accountId = env && /^\d{12}$/.test(env[1]!) ? env[1] : undefined;
    const region = env && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(env[2]!) ? env[2] : undefined;
    const templateFile = path.join(dir, artifact.properties.templateFile);
    if (path.relative(dir, templateFile).startsWith('..')) throw new InputError(`${file}: artifact ${id} names a template outside the assembly`, file);
    stacks.push({name: artifact.properties.stackName ?? id, file: templateFile, region, accountId});
  }
  if (!stacks.length && depth === 0) throw new InputError(`${file}: the assembly has no CloudFormation stack (run cdk synth first)`, file);
  return stacks;
}

/** Reads CloudFormation templates and CDK cloud assemblies into one change. */
export async function readCloudFormationInputs(
  files: string[],
  kinds: ('cloudformation' | 'cdk')[],
  options: ReadOptions,
): Promise<{change: PlannedChange; map: ResourceMapper}> {
  const parameters = options.parameters ? parseParameters(await readText(options.parameters), options.parameters) : {};
  const stacks: Stack[] = [];
  for (const [i, file] of files.entries()) {
    if (kinds[i] === 'cdk') {
      for (const s of await cdkStacks(file)) stacks.push({...s, region: s.region ?? options.region, accountId: s.accountId ?? options.accountId});
    } else {
      stacks.push({name: path.basename(file).replace(/\.(template\.)?(json|ya?ml|template)$/i, ''), file, region: options.region, accountId: options.accountId});
    }
  }
  const changes = [];
  for (const stack of stacks) changes.push(await readTemplate(stack, parameters));
  return {change: combineChanges(changes), map: mapCloudFormationResource};
}
