/**
 * One budget of API calls in flight for the whole audit. Accounts read their regions in parallel, but each account's
 * calls form chains (list, then describe what was listed), so accounts × regions overstates what is really in flight;
 * with more accounts started than the budget needs and the budget shared, the budget stays full, which is what the
 * wall time depends on (and what the machine's CPU and AWS's rate limits care about).
 */
import pLimit, {type LimitFunction} from 'p-limit';
import type {ClientFactory} from '../collect/clients.js';

type Send = (...args: unknown[]) => Promise<unknown>;

/** A shared budget of `max` calls in flight. */
export function callBudget(max: number): LimitFunction {
  return pLimit(max);
}

/** The factory, with every client's calls taken from the shared budget. */
export function withCallBudget(clients: ClientFactory, budget: LimitFunction): ClientFactory {
  const wrapped = new WeakSet<object>();
  return {
    ...clients,
    get(ctor, region) {
      const client = clients.get(ctor, region) as {send: Send};
      if (!wrapped.has(client)) {
        const send = client.send.bind(client);
        client.send = (...args) => budget(() => send(...args));
        wrapped.add(client);
      }
      return client as never;
    },
    stats: () => clients.stats(),
    ...(clients.observe ? {observe: clients.observe.bind(clients)} : {}),
  };
}
