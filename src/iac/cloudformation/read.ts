import {InputError} from '../../errors.js';
import type {ResourceMapper} from '../change.js';
import type {PlannedChange} from '../model.js';
import type {ReadOptions} from '../inputs.js';

/** Reads CloudFormation templates and CDK cloud assemblies (landing next). */
export async function readCloudFormationInputs(files: string[], _kinds: ('cloudformation' | 'cdk')[], _options: ReadOptions): Promise<{change: PlannedChange; map: ResourceMapper}> {
  throw new InputError(`${files[0]}: CloudFormation templates are not read yet`);
}
