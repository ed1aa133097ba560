/**
 * Amazon Detective facts (fed by src/collect/detective.ts): the behavior graphs a region has or belongs to.
 */
import {isMissing} from '../evidence.js';
import type {RegionSnapshot} from '../types.js';
import type {RegionFacts} from '../normalize.js';
import {notCollectedMarker} from './common.js';

/** The Detective facts of a region, or the marker when its graphs could not be listed. */
export function detectiveFacts(region: RegionSnapshot): RegionFacts['detective'] {
  const d = region.detective;
  if (!d) return notCollectedMarker('Detective');
  if (isMissing(d.graphs)) return d.graphs;
  const memberOf = isMissing(d.memberships) ? d.memberships : d.memberships.filter((m) => m.Status === 'ENABLED').length;
  return {graphCount: d.graphs.length, memberOf};
}
