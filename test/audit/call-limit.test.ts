import {describe, expect, it} from '@jest/globals';
import {callBudget, withCallBudget} from '../../src/audit/call-limit.js';
import type {ClientFactory} from '../../src/collect/clients.js';

// A factory whose clients answer after 10 ms and record how many calls were in flight at once.
function slowFactory(state: {inFlight: number; peak: number; calls: number}): ClientFactory {
  const clients = new Map<string, {send: () => Promise<string>}>();
  return {
    get<C>(_ctor: new (config: never) => C, region: string): C {
      let client = clients.get(region);
      if (!client) {
        client = {
          send: async () => {
            state.inFlight++;
            state.calls++;
            state.peak = Math.max(state.peak, state.inFlight);
            await new Promise((resolve) => setTimeout(resolve, 10));
            state.inFlight--;
            return region;
          },
        };
        clients.set(region, client);
      }
      return client as C;
    },
    stats: () => ({calls: {'x:Y': state.calls}, retries: 0, errors: 0}),
  };
}

class AnyClient {}

describe('withCallBudget', () => {
  it('keeps the calls of every account within one shared budget, and fills it', async () => {
    const state = {inFlight: 0, peak: 0, calls: 0};
    const budget = callBudget(5);
    // Twelve accounts, each with four regions calling in parallel: 48 would be in flight without the budget.
    const accounts = Array.from({length: 12}, () => withCallBudget(slowFactory(state), budget));
    await Promise.all(
      accounts.flatMap((clients) =>
        ['a', 'b', 'c', 'd'].map(async (region) => {
          const client = clients.get(AnyClient, region) as unknown as {send: () => Promise<string>};
          for (let i = 0; i < 3; i++) expect(await client.send()).toBe(region);
        }),
      ),
    );
    expect(state.calls).toBe(144);
    expect(state.peak).toBe(5);
    expect(accounts[0]!.stats().calls['x:Y']).toBe(144);
  });

  it('wraps each client once, however often it is asked for', async () => {
    const state = {inFlight: 0, peak: 0, calls: 0};
    // A budget of one: a client wrapped twice would wait for its own slot and never answer.
    const clients = withCallBudget(slowFactory(state), callBudget(1));
    const first = clients.get(AnyClient, 'a');
    expect(clients.get(AnyClient, 'a')).toBe(first);
    await (first as unknown as {send: () => Promise<string>}).send();
    expect(state.calls).toBe(1);
  });
});
