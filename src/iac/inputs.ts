/**
 * Which reader an input is for: a Terraform plan JSON, a CloudFormation template (JSON or YAML), or a CDK cloud
 * assembly folder (`cdk.out/`, with its `manifest.json`). Mixing Terraform and CloudFormation in one run is refused:
 * one change is one tool's plan.
 */
import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {InputError} from '../errors.js';
import {combineChanges, type ResourceMapper} from './change.js';
import type {PlannedChange} from './model.js';
import {mapTerraformResource} from './terraform/map.js';
import {readTerraformPlan} from './terraform/plan.js';

export interface ReadOptions {
  accountId?: string;
  region?: string;
  /** A CloudFormation parameters file (`aws cloudformation deploy` or CodePipeline format). */
  parameters?: string;
}

type InputKind = 'terraform' | 'cloudformation' | 'cdk';

async function kindOf(file: string): Promise<InputKind> {
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    throw new InputError(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file);
  }
  if (info.isDirectory()) {
    const manifest = await stat(path.join(file, 'manifest.json')).catch(() => undefined);
    if (manifest) return 'cdk';
    throw new InputError(`${file}: a folder without manifest.json; give a plan JSON, a template, or a CDK cloud assembly (cdk.out)`, file);
  }
  if (/\.(ya?ml|template)$/i.test(file)) return 'cloudformation';
  // JSON: a plan has "resource_changes" (or is something else Terraform wrote); a template has "Resources".
  const head = (await readFile(file, 'utf8')).slice(0, 1_000_000);
  if (/"Resources"\s*:/.test(head) && !/"resource_changes"\s*:/.test(head)) return 'cloudformation';
  return 'terraform';
}

/** Reads every input into one planned change, and the mapper for its resources. */
export async function readChangeInputs(files: string[], options: ReadOptions = {}): Promise<{change: PlannedChange; map: ResourceMapper}> {
  if (!files.length) throw new InputError('give at least one plan JSON, template or cdk.out folder');
  const kinds = await Promise.all(files.map(kindOf));
  const terraform = kinds.every((k) => k === 'terraform');
  if (!terraform && kinds.some((k) => k === 'terraform')) {
    throw new InputError('Terraform plans and CloudFormation templates cannot be judged in one run: give one kind of input');
  }
  if (options.parameters && terraform) throw new InputError('--parameters is for CloudFormation templates, not Terraform plans');
  if (terraform) {
    const changes = await Promise.all(files.map((f) => readTerraformPlan(f, options)));
    return {change: combineChanges(changes), map: mapTerraformResource};
  }
  const {readCloudFormationInputs} = await import('./cloudformation/read.js');
  return readCloudFormationInputs(files, kinds as ('cloudformation' | 'cdk')[], options);
}
